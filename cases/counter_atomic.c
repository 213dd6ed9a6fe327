/* Rule: an unsynchronized x++ loses updates; an atomic add cannot be split.
 * A thousand threads each add one to a shared C11 atomic counter.
 * For a single number, an atomic is simpler than a mutex and never blocks.
 * Twin: counter_racy.c (the same program with a plain int). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "forced_order.h"

enum { THREADS = 1000 };

static atomic_int counter; /* FIX: every ++ on it is one indivisible step */
static struct step increment_done[THREADS];

static void *increment(void *done) {
  struct step *my_step = done;
  counter++;
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
