/* expect: PASS pass
 * A right fix in another style: each thread counts on its own, then adds its count to the
 * shared counter once, under the lock. */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *increment(void *unused) {
  (void)unused;
  int mine = 0;
  mine++;
  pthread_mutex_lock(&counter_mu);
  counter += mine;
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
