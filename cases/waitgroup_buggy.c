/* Rule: wait for the workers before reading what they made (Go's WaitGroup; here, join).
 * Four workers each fill one slot of the results. main adds them up first and joins the
 * workers only after that. On this run the workers are done in time (the lesson's schedule
 * makes sure of it, so that the race shows on every run) and the sum is right, but nothing
 * made main wait for them, so nothing says the results are there yet. TSan reports the race.
 * Twin: waitgroup_fixed.c (main joins every worker before it reads). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

enum { WORKERS = 4 };

static int results[WORKERS];

static void *work(void *arg) {
  int i = (int)(intptr_t)arg;
  results[i] = (i + 1) * 10;
  return NULL;
}

int main(void) {
  pthread_t workers[WORKERS];
  for (int i = 0; i < WORKERS; i++)
    pthread_create(&workers[i], NULL, work, (void *)(intptr_t)i);
  int sum = 0;
  for (int i = 0; i < WORKERS; i++)
    sum += results[i]; /* BUG: reads before main has waited for the workers */
  printf("sum = %d\n", sum);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(workers[i], NULL);
  return 0;
}
