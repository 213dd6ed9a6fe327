/* memcpy and memmove to or from an object that holds a lock. */
#include "locks.h"

#include <string.h>

static pthread_mutex_t locks[4], spare[4];

void copy(struct account *to, const struct account *from, void *raw, struct outer *o) {
  memcpy(to, from, sizeof *to);                      /* vet: MEMCPY_COPIES */
  memmove(raw, from, sizeof *from);                  /* vet: MEMCPY_COPIES */
  memcpy(raw, (const void *)from, sizeof *from);     /* vet: MEMCPY_COPIES */
  __builtin_memcpy(&o->inner, raw, sizeof o->inner); /* vet: MEMCPY_COPIES */
  memcpy(spare, locks, sizeof locks);                /* vet: MEMCPY_COPIES */
  memcpy(&spare[1], &o->inner.mu, sizeof spare[1]);  /* vet: MEMCPY_COPIES */
}
