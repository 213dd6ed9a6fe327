/* Declarations that initialise an object with a copy, whole or as a member. */
#include "locks.h"

union either {
  pthread_mutex_t mu;
  long word;
};

struct table {
  pthread_mutex_t locks[4];
};

struct registry {
  struct bank banks[2];
};

typedef struct account account_t;

void init(struct account a, /* vet: PASS_BY_VALUE_DECL */
          union either e,   /* vet: PASS_BY_VALUE_DECL */
          struct table t,   /* vet: PASS_BY_VALUE_DECL */
          struct registry *r) {
  struct account b = a;                              /* vet: INIT_COPIES */
  struct bank named = {.acct = a};                   /* vet: INIT_COPIES */
  struct bank in_order = {a, 2};                     /* vet: INIT_COPIES */
  struct account pair[2] = {a, a};                   /* vet: INIT_COPIES INIT_COPIES */
  struct registry nested = {{{a, 1}, [1].acct = b}}; /* vet: INIT_COPIES INIT_COPIES */
  union either f = e;                                /* vet: INIT_COPIES */
  struct table u = t;                                /* vet: INIT_COPIES */
  account_t typed = a;                               /* vet: INIT_COPIES */
  struct registry whole = *r;                        /* vet: INIT_COPIES */
  pthread_mutex_t mu = r->banks[1].acct.mu;          /* vet: INIT_COPIES */
  (void)named, (void)in_order, (void)pair, (void)nested, (void)f, (void)u, (void)typed;
  (void)whole, (void)mu;
}
