/* Rule: a flag another thread reads is atomic, and the thread is joined before exit.
 * A worker spins until main sets `stop`. main sets it and returns at once: the flag is a
 * plain int, so the worker's reads and main's write race, and the worker may still be
 * reading while the program ends.
 * Twin: stop_flag_fixed.c (the flag is atomic, and main joins the worker). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static int stop; /* BUG: a plain int two threads use */

static void *worker(void *unused) {
  (void)unused;
  while (!stop)
    sched_yield();
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_detach(t);
  stop = 1; /* BUG: and nobody waits for the worker to see it */
  printf("stopping\n");
  return 0;
}
