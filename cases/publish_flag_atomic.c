/* Rule: publish data through an atomic with release and acquire, not through a plain flag.
 * The loader works out the port to serve on, then sets `ready` with a release store; the
 * server spins on an acquire load. A release store publishes every write before it to the
 * thread whose acquire load sees it, so the server reads the port the loader wrote.
 * Twin: publish_flag_racy.c (the flag is a plain volatile int). */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#include "forced_order.h"

int port;
static struct step published;
static atomic_int ready; /* FIX: an atomic flag */

static void *loader(void *unused) {
  (void)unused;
  port = 8080;
  atomic_store_explicit(&ready, 1, memory_order_release); /* FIX: publishes the port */
  step_done(&published);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, loader, NULL);
  wait_for_step(&published);
  while (!atomic_load_explicit(&ready, memory_order_acquire)) /* FIX: sees it published */
    sched_yield();
  printf("serving on port %d\n", port);
  pthread_join(t, NULL);
  return 0;
}
