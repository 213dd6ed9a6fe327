/* Rule: a pointer published to other threads is read and written with an order they share.
 * Double-checked locking done right: `config` is atomic, published with a release store
 * after the object is made, and read with an acquire load, so a thread that sees it made
 * also sees what was written into it.
 * Twin: double_checked_buggy.c (a plain pointer read outside the lock). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct config {
  int workers;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct config *_Atomic config; /* FIX: atomic, with release and acquire */

static struct config *get_config(void) {
  struct config *seen = atomic_load_explicit(&config, memory_order_acquire);
  if (!seen) {
    pthread_mutex_lock(&mu);
    seen = atomic_load_explicit(&config, memory_order_relaxed);
    if (!seen) {
      seen = malloc(sizeof *seen);
      seen->workers = 4;
      atomic_store_explicit(&config, seen, memory_order_release);
    }
    pthread_mutex_unlock(&mu);
  }
  return seen;
}

static void *user(void *unused) {
  (void)unused;
  return get_config()->workers == 4 ? NULL : (void *)1;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, user, NULL);
  pthread_create(&b, NULL, user, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  struct config *made = atomic_load(&config);
  printf("%d workers\n", made->workers);
  free(made);
  return 0;
}
