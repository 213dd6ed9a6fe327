/* expect: PASS pass
 * A right fix whose threads first ask for a stack no machine has: each create fails, and the
 * program makes the thread again with the default stack. A create that failed made no thread,
 * so the tally of threads made must not count it (it would read as a forged tally). */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

static int counter;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *increment(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  counter++;
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_attr_t huge;
  pthread_attr_init(&huge);
  pthread_attr_setstacksize(&huge, (size_t)1 << 46);
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    if (pthread_create(&threads[i], &huge, increment, NULL) != 0)
      pthread_create(&threads[i], NULL, increment, NULL);
  pthread_attr_destroy(&huge);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", counter);
  return 0;
}
