/* Rule: an unsynchronized x++ loses updates; a mutex makes the update one step.
 * A thousand threads each add one to a shared counter, taking the lock first.
 * Only one thread at a time is between lock and unlock, so no update is lost.
 * Twin: counter_racy.c (the same program without the lock). */
#include <pthread.h>
#include <stdio.h>

#include "forced_order.h"

enum { THREADS = 1000 };

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static struct step increment_done[THREADS];

static void *increment(void *done) {
  struct step *my_step = done;
  pthread_mutex_lock(&counter_mu); /* FIX: take the key */
  counter++;
  pthread_mutex_unlock(&counter_mu); /* FIX: give it back */
  step_done(my_step);
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  pthread_create(&threads[0], NULL, increment, &increment_done[0]);
  wait_for_step(&increment_done[0]); /* the second starts once the first is done, */
  pthread_create(&threads[1], NULL, increment, &increment_done[1]);
  wait_for_step(&increment_done[1]); /* and the others once the second is */
  for (int i = 2; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, &increment_done[i]);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", counter);
  return 0;
}
