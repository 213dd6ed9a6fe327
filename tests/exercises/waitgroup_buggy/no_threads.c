/* expect: FAIL threads_removed
 * main does the work itself. */
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
    work((void *)(intptr_t)i); /* WRONG: no threads */
  for (int i = 0; i < WORKERS; i++)
    (void)workers;
  int sum = 0;
  for (int i = 0; i < WORKERS; i++)
    sum += results[i];
  printf("sum = %d\n", sum);
  return 0;
}
