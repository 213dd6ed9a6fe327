/* Two threads change a table holding its rwlock only for reading, which keeps other readers
 * in: TSan reports the race with each side holding the lock for reading ("mutexes: read
 * M0"), and racecheck must not call that holding the mutex. The second waits for the
 * first's write on a relaxed flag, which orders nothing for TSan. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static long entries;
static atomic_long added;

static void *add_entry(void *unused) {
  pthread_rwlock_rdlock(&table_lock);
  entries++; /* RACE: a write under a read lock */
  pthread_rwlock_unlock(&table_lock);
  atomic_store_explicit(&added, 1, memory_order_relaxed);
  return unused;
}

static void *add_another(void *unused) {
  while (!atomic_load_explicit(&added, memory_order_relaxed))
    sched_yield();
  pthread_rwlock_rdlock(&table_lock);
  entries++; /* RACE: a write under a read lock */
  pthread_rwlock_unlock(&table_lock);
  return unused;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, add_entry, NULL);
  pthread_create(&b, NULL, add_another, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("entries = %ld\n", entries);
  return 0;
}
