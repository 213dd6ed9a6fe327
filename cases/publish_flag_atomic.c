/* Rule: publish data through an atomic with release and acquire, not through a plain flag.
 * The loader fills in the settings (a port, a number of workers), then sets `ready` with a
 * release store; the server spins on an acquire load. A release store publishes every write
 * before it to the thread whose acquire load sees it, so the server reads the settings
 * whole.
 * Twin: publish_flag_racy.c (the flag is a plain volatile int). */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct settings {
  int port;
  int workers;
};

static struct settings *settings;
static atomic_int ready; /* FIX: an atomic flag */

static void *loader(void *unused) {
  (void)unused;
  struct settings *s = malloc(sizeof *s);
  s->port = 8080;
  s->workers = 4;
  settings = s;
  atomic_store_explicit(&ready, 1, memory_order_release); /* FIX: publishes the settings */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, loader, NULL);
  while (!atomic_load_explicit(&ready, memory_order_acquire)) /* FIX: sees them published */
    sched_yield();
  printf("serving on port %d with %d workers\n", settings->port, settings->workers);
  pthread_join(t, NULL);
  free(settings);
  return 0;
}
