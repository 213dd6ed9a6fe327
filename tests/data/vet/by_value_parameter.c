/* A parameter that holds a lock, flagged once per function at its definition, or at its
 * first declaration when there is no body; and each call that copies into it. */
#include "locks.h"

void audit(struct account a);      /* vet: PASS_BY_VALUE_DECL */
void audit(struct account a);      /* a second declaration of the same function: not again */
void report(int id, struct outer); /* vet: PASS_BY_VALUE_DECL */
static void lock_copy(pthread_mutex_t mu, int n);
void log_all(int n, ...);
typedef void callback_fn(struct account); /* a type: no function to flag */
callback_fn *pick(int which);

static void lock_copy(pthread_mutex_t mu, int n) { /* vet: PASS_BY_VALUE_DECL */
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  (void)n;
}

void pass(struct account *p, struct outer o, callback_fn *callback) { /* vet: PASS_BY_VALUE_DECL */
  struct account accounts[2];
  audit(*p);                  /* vet: CALL_COPIES */
  report(1, o);               /* vet: CALL_COPIES */
  lock_copy(p->mu, 1);        /* vet: CALL_COPIES */
  lock_copy(o.inner.mu, 2);   /* vet: CALL_COPIES */
  audit(accounts[1]);         /* vet: CALL_COPIES */
  callback(*p);               /* vet: CALL_COPIES */
  log_all(1, *p);             /* vet: CALL_COPIES */
  audit((*p));                /* vet: CALL_COPIES */
  audit(o.id ? *p : o.inner); /* vet: CALL_COPIES */
  pick(2)(*p);                /* vet: CALL_COPIES */
}
