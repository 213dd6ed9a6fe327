/* Rule: an unsynchronized x++ loses updates.
 * A thousand threads each add one to a shared counter, with nothing guarding it.
 * counter++ is three steps (read, add, write); two threads can read the same value.
 * Twins: counter_mutex.c (a lock around the update), counter_atomic.c (an atomic add). */
#include <pthread.h>
#include <stdio.h>

#include "forced_order.h"

enum { THREADS = 1000 };

static int counter;
static struct step increment_done[THREADS];

static void *increment(void *done) {
  struct step *my_step = done;
  counter++; /* BUG: read-modify-write with no lock */
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
