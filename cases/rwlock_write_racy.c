/* Rule: a read lock is for reading; a thread that writes needs the write lock.
 * Two threads count a hit on the cache while holding only its read lock. Many readers
 * may hold a read lock at once, so it keeps no writer out: the two updates of `hits` are
 * unguarded, and one can be lost. TSan reports the race.
 * Twin: rwlock_write_fixed.c (the update takes the write lock). */
#define _POSIX_C_SOURCE 200809L /* for pthread_rwlock_t */
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static int hits;

static void *count_hit(void *unused) {
  (void)unused;
  pthread_rwlock_rdlock(&cache_lock); /* BUG: a read lock, for a write */
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
