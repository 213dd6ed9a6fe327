/* Rule: a flag another thread reads is atomic, and the thread is joined before exit.
 * A worker spins until main sets `stop`; the flag is atomic, and main joins the worker
 * before it returns.
 * Twin: stop_flag_buggy.c (a plain flag, and no join). */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int stop; /* FIX: atomic */

static void *worker(void *unused) {
  (void)unused;
  while (!atomic_load(&stop))
    sched_yield();
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  atomic_store(&stop, 1);
  pthread_join(t, NULL); /* FIX: the worker has stopped before main returns */
  printf("stopped\n");
  return 0;
}
