/* Rule: publish data through an atomic with release and acquire, not through a plain flag.
 * The loader works out the port to serve on, then sets `ready`; the server spins until it
 * sees `ready`, then reads the port. The flag is a plain int (volatile only keeps the loop
 * reading it): nothing orders the loader's write of the port before the server's read,
 * and the compiler or the CPU may let the flag be seen first. On this run the server looks
 * only once both are written (the case makes sure of it, so that the race shows on every
 * run). TSan reports the race on the flag and on the port.
 * Twin: publish_flag_atomic.c (the flag is an atomic: a release store, an acquire load). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include "forced_order.h"

int port;
static struct step published;
static volatile int ready; /* BUG: a plain flag; volatile orders nothing between threads */

static void *loader(void *unused) {
  (void)unused;
  port = 8080;
  ready = 1; /* BUG: the port is not published by this */
  step_done(&published);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, loader, NULL);
  wait_for_step(&published);
  while (!ready)
    sched_yield();
  printf("serving on port %d\n", port);
  pthread_join(t, NULL);
  return 0;
}
