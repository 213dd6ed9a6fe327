/* The body of a function that by_value_parameter.c only declares: vetted together, the
 * function is flagged once, here. */
#include "locks.h"

void audit(struct account a) { /* vet: PASS_BY_VALUE_DECL */
  pthread_mutex_lock(&a.mu);
  pthread_mutex_unlock(&a.mu);
}
