/* Rule: a result is read only after something says the thread that wrote it is done.
 * main starts a detached worker to compute the answer; the worker sets `done` under a mutex
 * and signals, and main waits for `done` before it reads the answer.
 * Twin: detached_result_buggy.c (main reads the answer without waiting). */
#include <pthread.h>
#include <stdio.h>

static int answer;
static int done;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;

static void *compute(void *unused) {
  (void)unused;
  answer = 6 * 7;
  pthread_mutex_lock(&mu);
  done = 1; /* FIX: the worker says it is done */
  pthread_cond_signal(&finished);
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, compute, NULL);
  pthread_detach(worker);
  pthread_mutex_lock(&mu);
  while (!done) /* FIX: main waits until it is */
    pthread_cond_wait(&finished, &mu);
  pthread_mutex_unlock(&mu);
  printf("answer: %d\n", answer);
  return 0;
}
