/* Rule: a result is read only after something says the thread that wrote it is done.
 * main starts a detached worker to compute the answer, prints the answer and returns. The
 * worker may run before main reads, after, or while the program is ending: nothing orders
 * its write before main's read.
 * Twin: detached_result_fixed.c (the worker says it is done under a mutex; main waits). */
#include <pthread.h>
#include <stdio.h>

static int answer;

static void *compute(void *unused) {
  (void)unused;
  answer = 6 * 7;
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, compute, NULL);
  pthread_detach(worker);
  printf("answer: %d\n", answer); /* BUG: nothing says the worker is done */
  return 0;
}
