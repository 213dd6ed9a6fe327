/* Rule: a read lock is for reading; a thread that writes needs the write lock.
 * Two threads count a hit on the cache under its write lock, which keeps every other
 * reader and writer out: the updates of `hits` come one after the other.
 * Twin: rwlock_write_racy.c (the update holds only the read lock). */
#define _POSIX_C_SOURCE 200809L /* for pthread_rwlock_t */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static int hits;

static void *count_hit(void *unused) {
  (void)unused;
  pthread_rwlock_wrlock(&cache_lock); /* FIX: the write lock, for a write */
  hits++;
  pthread_rwlock_unlock(&cache_lock);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count_hit, NULL);
  pthread_create(&b, NULL, count_hit, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("hits = %d\n", hits);
  return 0;
}
