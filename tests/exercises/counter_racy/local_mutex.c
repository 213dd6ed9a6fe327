/* expect: FAIL output
 * A mutex local to increment(): each thread locks its own. Under the lesson's schedule an
 * update is lost (999); TSan does not report the race here, as its 1000 threads are alive at
 * once and it forgets accesses once more than 256 are. */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

static int counter;

static void *increment(void *unused) {
  (void)unused;
  pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER; /* WRONG: one per call */
  pthread_mutex_lock(&counter_mu);
  counter++;
  pthread_mutex_unlock(&counter_mu);
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", counter);
  return 0;
}
