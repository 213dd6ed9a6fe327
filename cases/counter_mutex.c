/* Rule: an unsynchronized x++ loses updates; a mutex makes the update one step.
 * A thousand threads each add one to a shared counter, taking the lock first.
 * Only one thread at a time is between lock and unlock, so no update is lost.
 * Twin: counter_racy.c (the same program without the lock). */
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
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", counter);
  return 0;
}
