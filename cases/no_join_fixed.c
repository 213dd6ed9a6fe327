/* Rule: wait for every thread you start (Go: a WaitGroup forgotten altogether).
 * main starts a worker that writes its result, and joins it before it prints the result:
 * the join waits for the worker and makes what it wrote visible to main.
 * Twin: no_join_racy.c (main never joins the worker). */
#include <pthread.h>
#include <stdio.h>

int result;

static void *work(void *unused) {
  (void)unused;
  result = 42;
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, work, NULL);
  pthread_join(worker, NULL); /* FIX: wait for the worker before reading its result */
  printf("result: %d\n", result);
  return 0;
}
