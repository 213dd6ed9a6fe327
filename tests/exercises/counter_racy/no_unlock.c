/* expect: FAIL forgot_unlock
 * The lock is taken and never given back. */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *increment(void *unused) {
  (void)unused;
  pthread_mutex_lock(&counter_mu); /* FIX: take the key */
  counter++;
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
