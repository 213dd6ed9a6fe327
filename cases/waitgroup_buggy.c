/* Rule: wait for the workers before reading what they made (Go's WaitGroup; here, join).
 * Four workers each fill one slot of the results. main waits with a homemade counter that
 * each worker bumps when it is done: main does see it reach four, but a relaxed counter
 * orders nothing else, so nothing says the results are there. TSan reports the race.
 * Twin: waitgroup_fixed.c (main joins every worker before it reads). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "forced_order.h"

enum { WORKERS = 4 };

static int results[WORKERS];
static struct step finished[WORKERS];

static void *work(void *arg) {
  int i = (int)(intptr_t)arg;
  results[i] = (i + 1) * 10;
  step_done(&finished[i]);
  return NULL;
}

int main(void) {
  pthread_t workers[WORKERS];
  for (int i = 0; i < WORKERS; i++)
    pthread_create(&workers[i], NULL, work, (void *)(intptr_t)i);
  for (int i = 0; i < WORKERS; i++)
    wait_for_step(&finished[i]); /* BUG: a wait that synchronizes nothing */
  int sum = 0;
  for (int i = 0; i < WORKERS; i++)
    sum += results[i];
  printf("sum = %d\n", sum);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(workers[i], NULL);
  return 0;
}
