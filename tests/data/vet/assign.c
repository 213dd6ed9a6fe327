/* Assignments of a value that holds a lock. */
#include "locks.h"

#define COPY(to, from) ((to) = (from))

static struct account a, b, c;
static struct outer first, second;

void assign(struct account *p, struct account *q, struct account list[], int i) {
  a = b;                      /* vet: ASSIGN_COPIES */
  *p = *q;                    /* vet: ASSIGN_COPIES */
  first.inner = second.inner; /* vet: ASSIGN_COPIES */
  first = second;             /* vet: ASSIGN_COPIES */
  list[i] = list[i + 1];      /* vet: ASSIGN_COPIES */
  p->mu = q->mu;              /* vet: ASSIGN_COPIES */
  a = b = c;                  /* vet: ASSIGN_COPIES ASSIGN_COPIES */
  (a) = (b);                  /* vet: ASSIGN_COPIES */
  COPY(a, c);                 /* vet: ASSIGN_COPIES */
  *p = i ? a : *q;            /* vet: ASSIGN_COPIES */
  a = (i++, b);               /* vet: ASSIGN_COPIES */
}
