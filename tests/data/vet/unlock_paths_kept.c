/* Every lock here is given back on every way out, or handed on in a way the walk cannot
 * follow: vet must flag nothing. Right fixes in every style, and the shapes where the walk
 * says less rather than guess. */
#include "locks.h"

#include <sched.h>
#include <stdbool.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t locks[4];
static int balance;

/* Unlock before each return. */
int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  if (balance < amount) {
    pthread_mutex_unlock(&balance_mu);
    return -1;
  }
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* A single way out: goto out, and the unlock there. */
int withdraw_goto(int amount) {
  int rc = 0;
  pthread_mutex_lock(&balance_mu);
  if (balance < amount) {
    rc = -1;
    goto out;
  }
  balance -= amount;
out:
  pthread_mutex_unlock(&balance_mu);
  return rc;
}

/* The unlock in the caller: withdraw_locked returns holding the lock when it refuses, and
 * its caller gives it back. */
int withdraw_locked(int amount) {
  pthread_mutex_lock(&balance_mu);
  if (balance < amount)
    return -1; /* the caller unlocks */
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

void teller(void) {
  if (withdraw_locked(10) != 0)
    pthread_mutex_unlock(&balance_mu);
}

/* A helper that unlocks what it is given, called on the early way out. */
static void release(pthread_mutex_t *mu) {
  pthread_mutex_unlock(mu);
}

int deposit(struct account *a, int amount) {
  pthread_mutex_lock(&a->mu);
  if (amount <= 0) {
    release(&a->mu);
    return -1;
  }
  a->balance += amount;
  release(&a->mu);
  return 0;
}

/* Two locks reached from one pointer, and the helper given one of them: which one it
 * releases, the argument's root (t) does not tell, so the walk takes neither as held. */
struct transfer {
  pthread_mutex_t from, to;
  int moved;
};

void move(struct transfer *t) {
  pthread_mutex_lock(&t->from);
  pthread_mutex_lock(&t->to);
  t->moved++;
  release(&t->to);
  pthread_mutex_unlock(&t->from);
}

void move_back(struct transfer *t) {
  pthread_mutex_lock(&t->from);
  pthread_mutex_lock(&t->to);
  t->moved--;
  release(&t->from);
  pthread_mutex_unlock(&t->to);
}

/* A function that locks for its caller, and the caller that unlocks. */
void lock_account(struct account *a) {
  pthread_mutex_lock(&a->mu);
}

int balance_of(struct account *a) {
  lock_account(a);
  int b = a->balance;
  pthread_mutex_unlock(&a->mu);
  return b;
}

/* The cleanup attribute, C's defer: it unlocks at every way out. */
static void unlock_on_return(pthread_mutex_t **mu) {
  pthread_mutex_unlock(*mu);
}

int withdraw_deferred(int amount) {
  pthread_mutex_lock(&balance_mu);
  pthread_mutex_t *held __attribute__((cleanup(unlock_on_return), unused)) = &balance_mu;
  if (balance < amount)
    return -1;
  balance -= amount;
  return 0;
}

/* Locks taken in one loop and given back in another: which are held after the first loop
 * depends on the turns, so nothing is said of them. */
int sum_all(const int *values) {
  for (int i = 0; i < 4; i++)
    pthread_mutex_lock(&locks[i]);
  int sum = values[0] + values[1] + values[2] + values[3];
  if (sum < 0)
    return -1;
  for (int i = 0; i < 4; i++)
    pthread_mutex_unlock(&locks[i]);
  return sum;
}

/* Hand over hand down a list: the lock's expression names another node on each turn. */
struct node {
  pthread_mutex_t mu;
  struct node *next;
  int value;
};

int last_value(struct node *n) {
  pthread_mutex_lock(&n->mu);
  while (n->next) {
    pthread_mutex_lock(&n->next->mu);
    pthread_mutex_unlock(&n->mu);
    n = n->next;
  }
  int v = n->value;
  pthread_mutex_unlock(&n->mu);
  return v;
}

/* Spinning on trylock until it succeeds: after the loop the lock is held, and given back on
 * both ways out. */
int withdraw_spin(int amount) {
  while (pthread_mutex_trylock(&balance_mu) != 0)
    ;
  if (balance < amount) {
    pthread_mutex_unlock(&balance_mu);
    return -1;
  }
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* trylock whose result is not tested: whether it is held is not known. */
int withdraw_hopeful(int amount) {
  pthread_mutex_trylock(&balance_mu);
  if (balance < amount)
    return -1;
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* The lock taken under a condition, and given back under the same one. */
int maybe_locked(bool shared, int amount) {
  if (shared)
    pthread_mutex_lock(&balance_mu);
  balance += amount;
  if (shared)
    pthread_mutex_unlock(&balance_mu);
  return balance;
}

/* Given back through another name for the same lock. */
int through_alias(int amount) {
  pthread_mutex_t *mu = &balance_mu;
  pthread_mutex_lock(&balance_mu);
  balance += amount;
  pthread_mutex_unlock(mu);
  return 0;
}

/* A lock the walk cannot name: the function is not judged. */
pthread_mutex_t *lock_for(int id);

int by_id(int id) {
  pthread_mutex_lock(lock_for(id));
  if (id < 0)
    return -1;
  pthread_mutex_unlock(lock_for(id));
  return 0;
}

/* A function it cannot see may give the lock back. */
void finish(void);

int handed_to_unknown(int amount) {
  pthread_mutex_lock(&balance_mu);
  balance += amount;
  finish();
  return 0;
}

/* A loop that waits on a condition and leaves only by its return, after the unlock. */
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

int wait_for_funds(int amount) {
  pthread_mutex_lock(&balance_mu);
  for (;;) {
    if (balance >= amount) {
      balance -= amount;
      pthread_mutex_unlock(&balance_mu);
      return 0;
    }
    pthread_cond_wait(&changed, &balance_mu);
  }
}

/* A goto back, a loop the walk does not follow: not judged. */
int retry(int amount) {
  int tries = 0;
again:
  pthread_mutex_lock(&balance_mu);
  if (balance < amount && tries++ < 3) {
    pthread_mutex_unlock(&balance_mu);
    goto again;
  }
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* A lock whose result is kept and tested later: on the error path it was never taken. */
int checked_later(int amount) {
  int rc = pthread_mutex_lock(&balance_mu);
  if (rc != 0)
    return rc;
  balance += amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

/* Unlock, wait, relock: the caller's lock, given back for a moment and taken again; the
 * caller still holds it when this returns. */
struct turn {
  pthread_mutex_t m;
  int ready;
};

static void wait_a_turn(struct turn *q) {
  pthread_mutex_unlock(&q->m);
  sched_yield();
  pthread_mutex_lock(&q->m);
}

void take_turns(struct turn *q) {
  pthread_mutex_lock(&q->m);
  while (!q->ready)
    wait_a_turn(q);
  pthread_mutex_unlock(&q->m);
}
