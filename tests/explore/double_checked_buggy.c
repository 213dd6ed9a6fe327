/* Rule: a pointer published to other threads is read and written with an order they share.
 * Double-checked locking: each thread looks at `config` without the lock, and only takes
 * the lock to make it. A thread that sees it made reads it with nothing ordering that read
 * after the write that made it.
 * Twin: double_checked_fixed.c (the pointer is atomic: release to publish, acquire to read). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct config {
  int workers;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct config *config; /* BUG: read outside the lock that guards its writes */

static struct config *get_config(void) {
  if (!config) {
    pthread_mutex_lock(&mu);
    if (!config) {
      struct config *made = malloc(sizeof *made);
      made->workers = 4;
      config = made;
    }
    pthread_mutex_unlock(&mu);
  }
  return config;
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
  printf("%d workers\n", config->workers);
  free(config);
  return 0;
}
