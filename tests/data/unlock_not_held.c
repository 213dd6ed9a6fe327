/* A worker unlocks a mutex that main holds (UNLOCK): POSIX leaves that undefined, glibc
 * lets it happen, TSan says so in its words, and the lock ledger names both sites: the
 * unlock and where main locked it (LOCK). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t ready_mu = PTHREAD_MUTEX_INITIALIZER;

static void *release(void *unused) {
  (void)unused;
  pthread_mutex_unlock(&ready_mu); /* UNLOCK */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_mutex_lock(&ready_mu); /* LOCK */
  pthread_create(&t, NULL, release, NULL);
  pthread_join(t, NULL);
  printf("released by another thread\n");
  return 0;
}
