/* expect: FAIL own_mutexes
 * A mutex local to increment(): each thread locks its own. */
#include <pthread.h>
#include <stdio.h>

#include "forced_order.h"

enum { THREADS = 1000 };

static int counter;
static struct step first_increment_done;

static void *increment(void *unused) {
  (void)unused;
  pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER; /* WRONG: one per call */
  pthread_mutex_lock(&counter_mu);
  counter++;
  pthread_mutex_unlock(&counter_mu);
  step_done(&first_increment_done);
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  pthread_create(&threads[0], NULL, increment, NULL);
  wait_for_step(&first_increment_done); /* the others start once the first is done */
  for (int i = 1; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", counter);
  return 0;
}
