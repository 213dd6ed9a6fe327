/* Rule: publish data through an atomic with release and acquire, not through a plain flag.
 * The loader fills in the settings (a port, a number of workers), then sets `ready`; the
 * server spins until it sees `ready`, then reads the settings. The flag is a plain int
 * (volatile only keeps the loop reading it): nothing orders the loader's writes before the
 * server's reads, and the compiler or the CPU may let the flag be seen first. On this run the
 * server looks only once all are written (the lesson's schedule makes sure of it, so that the
 * race shows on every run). TSan reports the race on the flag and on the settings.
 * Twin: publish_flag_atomic.c (the flag is an atomic: a release store, an acquire load). */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

struct settings {
  int port;
  int workers;
};

static struct settings *settings;
static volatile int ready; /* BUG: a plain flag; volatile orders nothing between threads */

static void *loader(void *unused) {
  (void)unused;
  struct settings *s = malloc(sizeof *s);
  s->port = 8080;
  s->workers = 4;
  settings = s;
  ready = 1; /* BUG: the settings are not published by this */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, loader, NULL);
  while (!ready)
    sched_yield();
  printf("serving on port %d with %d workers\n", settings->port, settings->workers);
  pthread_join(t, NULL);
  free(settings);
  return 0;
}
