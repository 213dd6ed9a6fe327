/* expect: FAIL serialised_by_joins
 * Each thread is joined before the next is made. */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *increment(void *unused) {
  (void)unused;
  pthread_mutex_lock(&counter_mu); /* FIX: take the key */
  counter++;
  pthread_mutex_unlock(&counter_mu); /* FIX: give it back */
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++) {
    pthread_create(&threads[i], NULL, increment, NULL);
    pthread_join(threads[i], NULL); /* WRONG: one at a time */
  }
  printf("counter = %d\n", counter);
  return 0;
}
