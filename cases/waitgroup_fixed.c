/* Rule: wait for the workers before reading what they made (Go's WaitGroup; here, join).
 * Four workers each fill one slot of the results; main joins them all before it reads.
 * pthread_join both waits and synchronizes: everything a worker wrote is visible after it.
 * Twin: waitgroup_buggy.c (main reads first and joins after). */
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
  for (int i = 0; i < WORKERS; i++)
    pthread_join(workers[i], NULL); /* FIX: the referee waits for every runner first */
  int sum = 0;
  for (int i = 0; i < WORKERS; i++)
    sum += results[i];
  printf("sum = %d\n", sum);
  return 0;
}
