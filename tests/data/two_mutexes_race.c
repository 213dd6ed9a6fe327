/* A balance guarded by two different locks: one thread holds accounts_lock and audit_lock,
 * the other only log_lock, so nothing they hold is common and TSan reports the race with
 * the mutexes each side held. racecheck must name each by its variable. The second waits
 * for the first's write on a relaxed flag, which orders nothing for TSan. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock;
static long balance;
static atomic_long deposited;

static void *deposit(void *unused) {
  pthread_mutex_lock(&accounts_lock);
  pthread_mutex_lock(&audit_lock);
  balance += 10; /* RACE: under accounts_lock and audit_lock */
  pthread_mutex_unlock(&audit_lock);
  pthread_mutex_unlock(&accounts_lock);
  atomic_store_explicit(&deposited, 1, memory_order_relaxed);
  return unused;
}

static void *withdraw(void *unused) {
  while (!atomic_load_explicit(&deposited, memory_order_relaxed))
    sched_yield();
  pthread_mutex_lock(&log_lock);
  balance -= 10; /* RACE: under log_lock, the wrong lock */
  pthread_mutex_unlock(&log_lock);
  return unused;
}

int main(void) {
  pthread_mutex_init(&log_lock, NULL);
  pthread_t d, w;
  pthread_create(&d, NULL, deposit, NULL);
  pthread_create(&w, NULL, withdraw, NULL);
  pthread_join(d, NULL);
  pthread_join(w, NULL);
  printf("balance = %ld\n", balance);
  return 0;
}
