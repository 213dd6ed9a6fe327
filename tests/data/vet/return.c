/* A return statement that copies an existing object, and a function that returns a lock
 * with no body in sight to show what it returns. */
#include "locks.h"

struct account opened(void); /* vet: RETURNS_BY_VALUE_DECL */
struct account defined_below(void);

static struct account savings;

struct account defined_below(void) {
  return savings; /* vet: RETURN_COPIES */
}

struct account from(struct account *p) {
  return *p; /* vet: RETURN_COPIES */
}

struct account member(struct outer *o) {
  return (o->inner); /* vet: RETURN_COPIES */
}

pthread_mutex_t lock_of(struct account *a) {
  return a->mu; /* vet: RETURN_COPIES */
}

struct account local(void) {
  struct account a = {PTHREAD_MUTEX_INITIALIZER, 0};
  return a; /* vet: RETURN_COPIES */
}

struct account either(int which, struct account *p) {
  return which ? savings : *p; /* vet: RETURN_COPIES */
}
