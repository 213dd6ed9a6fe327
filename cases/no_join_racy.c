/* Rule: wait for every thread you start (Go: a WaitGroup forgotten altogether).
 * main starts a worker that writes its result, then prints the result and returns without
 * waiting for it. On this run the worker is done by then (the lesson's schedule makes sure of
 * it, so that the race shows on every run), but nothing orders its write before main's read,
 * and nobody ever joins it: TSan reports the race and the leaked thread.
 * Twin: no_join_fixed.c (main joins the worker before it reads). */
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
  printf("result: %d\n", result); /* BUG: never waited for the worker */
  return 0;
}
