/* expect: FAIL shared_not_locked
 * The threads lock the mutex around a flag of their own, never the counter, and main prints
 * the number of threads as the total: the lock guards nothing of the lesson's. */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static int busy;

static void *increment(void *unused) {
  (void)unused;
  pthread_mutex_lock(&counter_mu);
  busy = 1;
  pthread_mutex_unlock(&counter_mu);
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", counter + THREADS);
  return 0;
}
