/* A compound literal that takes a copy of an existing object. */
#include "locks.h"

struct bank *keep(struct bank *);

void literal(struct account *a, struct outer o) {      /* vet: PASS_BY_VALUE_DECL */
  struct bank *named = &(struct bank){.acct = *a};     /* vet: COMPOUND_LITERAL_COPIES */
  keep(&(struct bank){o.inner, 1});                    /* vet: COMPOUND_LITERAL_COPIES */
  struct outer *both = &(struct outer){1, {a->mu, 2}}; /* vet: COMPOUND_LITERAL_COPIES */
  (void)named, (void)both;
}
