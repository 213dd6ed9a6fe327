/* expect: FAIL sleep_is_not_ordering
 * A sleep before the update, as if time could order the threads. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "forced_order.h"

enum { THREADS = 1000 };

static int counter;
static struct step first_increment_done;

static void *increment(void *unused) {
  (void)unused;
  usleep(1000); /* WRONG: waiting is not locking */
  counter++;
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
