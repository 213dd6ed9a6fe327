/* expect: FAIL ledger_written */
/* Two real threads lock a mutex around a global nobody reads, beside the counter they never
 * touch. At the very end, after the shim's last record, the ledger is opened again by its
 * /proc/self/fd link, a descriptor no filter on 1013 sees, and rewritten in place: each
 * guard at the dummy's address now names the counter's. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static int dummy;
static char text[65536];

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&counter_mu);
    dummy = 1;
    pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

/* Linked before the shim, it runs after the shim's own. */
__attribute__((destructor)) static void rewrite(void) {
  int ledger = open("/proc/self/fd/1013", O_RDWR);
  ssize_t n = ledger >= 0 ? pread(ledger, text, sizeof text - 1, 0) : -1;
  char from[32], to[32];
  snprintf(from, sizeof from, " %lx", (unsigned long)&dummy);
  snprintf(to, sizeof to, " %lx", (unsigned long)&counter);
  for (char *at = text; n > 0 && strlen(from) == strlen(to) && (at = strstr(at, from));)
    memcpy(at, to, strlen(to));
  if (n > 0)
    pwrite(ledger, text, (size_t)n, 0);
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter + 1000);
  return 0;
}
