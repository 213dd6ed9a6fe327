/* Ways out of a function that keep a lock it took: each is flagged where it leaves, with the
 * line of the lock. The classic teaching bugs, one per function. */
#include "locks.h"

#include <errno.h>
#include <stdlib.h>
#include <threads.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t spin;
static mtx_t queue_mu;
static int balance, table[8], queue_len;

/* The refused withdrawal returns early, still holding the lock. */
int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  if (balance < amount)
    return -1; /* vet: RETURN_HOLDS_LOCK */
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* Only the early way out unlocks now. */
int withdraw_unlocks_early_only(int amount) {
  pthread_mutex_lock(&balance_mu);
  if (balance < amount)
    return pthread_mutex_unlock(&balance_mu), -1;
  balance -= amount;
  return 0; /* vet: RETURN_HOLDS_LOCK */
}

/* Through a pointer to the account: the lock is named as the call spells it. */
int deposit(struct account *a, int amount) {
  pthread_mutex_lock(&a->mu);
  if (amount <= 0)
    return EINVAL; /* vet: RETURN_HOLDS_LOCK */
  a->balance += amount;
  pthread_mutex_unlock(&a->mu);
  return 0;
}

/* One case of a switch forgets the unlock. */
int apply(int op, int amount) {
  pthread_mutex_lock(&balance_mu);
  switch (op) {
  case 0:
    balance += amount;
    break;
  case 1:
    if (balance < amount)
      return -1; /* vet: RETURN_HOLDS_LOCK */
    balance -= amount;
    break;
  default:
    pthread_mutex_unlock(&balance_mu);
    return -2;
  }
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* A void function that falls off its end holding the lock on one path. */
void audit(int strict) {
  pthread_mutex_lock(&balance_mu);
  if (!strict) {
    pthread_mutex_unlock(&balance_mu);
    return;
  }
  balance = balance < 0 ? 0 : balance;
} /* vet: END_HOLDS_LOCK */

/* A read lock, a write lock, a spin lock and a C11 mutex, each kept by an early return. */
int lookup(int key) {
  pthread_rwlock_rdlock(&table_lock);
  if (key < 0 || key >= 8)
    return -1; /* vet: RETURN_HOLDS_LOCK */
  int value = table[key];
  pthread_rwlock_unlock(&table_lock);
  return value;
}

int store(int key, int value) {
  pthread_rwlock_wrlock(&table_lock);
  if (key < 0 || key >= 8)
    return -1; /* vet: RETURN_HOLDS_LOCK */
  table[key] = value;
  pthread_rwlock_unlock(&table_lock);
  return 0;
}

int spin_bump(int limit) {
  pthread_spin_lock(&spin);
  if (queue_len >= limit)
    return -1; /* vet: RETURN_HOLDS_LOCK */
  queue_len++;
  pthread_spin_unlock(&spin);
  return 0;
}

int enqueue(int limit) {
  mtx_lock(&queue_mu);
  if (queue_len >= limit)
    return -1; /* vet: RETURN_HOLDS_LOCK */
  queue_len++;
  mtx_unlock(&queue_mu);
  return 0;
}

/* trylock tested where it is called: the branch that has the lock returns with it. */
int try_withdraw(int amount) {
  if (pthread_mutex_trylock(&balance_mu) != 0)
    return -2; /* busy: nothing taken, nothing to give back */
  if (balance < amount)
    return -1; /* vet: RETURN_HOLDS_LOCK */
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* A goto out that skips the unlock. Not flagged: at out: the path of the goto, which holds
 * the lock, meets the one that gave it back, and where paths meet the walk keeps only what
 * all of them hold (see docs/internals.md). */
int withdraw_goto(int amount) {
  int rc = 0;
  pthread_mutex_lock(&balance_mu);
  if (balance < amount) {
    rc = -1;
    goto out;
  }
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
out:
  return rc;
}

/* A lock taken in a loop's turn, and a return inside that same turn before its unlock. */
int drain(int rounds) {
  for (int i = 0; i < rounds; i++) {
    pthread_mutex_lock(&balance_mu);
    if (balance == 0)
      return i; /* vet: RETURN_HOLDS_LOCK */
    balance--;
    pthread_mutex_unlock(&balance_mu);
  }
  return rounds;
}

/* A lock checked for an error: the path where it failed holds nothing; the other does. */
int checked(int amount) {
  if (pthread_mutex_lock(&balance_mu) != 0)
    return -1;
  if (amount < 0)
    return -2; /* vet: RETURN_HOLDS_LOCK */
  balance += amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* main has no caller to unlock for it. */
int main(void) {
  pthread_mutex_lock(&balance_mu);
  if (withdraw(10) != 0)
    exit(1); /* the path ends here: no way out of main is taken */
  return 0;  /* vet: RETURN_HOLDS_LOCK */
}

/* Locks taken and given back by macros, each a do { ... } while (0): one turn, a block. */
#define LOCK(mu)                                                                                   \
  do {                                                                                             \
    pthread_mutex_lock(mu);                                                                        \
  } while (0)
#define UNLOCK(mu)                                                                                 \
  do {                                                                                             \
    pthread_mutex_unlock(mu);                                                                      \
  } while (0)

int withdraw_by_macro(int amount) {
  LOCK(&balance_mu);
  if (balance < amount)
    return -1; /* vet: RETURN_HOLDS_LOCK */
  balance -= amount;
  UNLOCK(&balance_mu);
  return 0;
}
