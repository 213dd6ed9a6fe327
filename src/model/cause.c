#include "cause.h"

#include <string.h>

static const struct held_mutex *held_by(const struct access *a, int id) {
  for (size_t i = 0; i < a->nheld; i++)
    if (a->held[i].id == id)
      return &a->held[i];
  return NULL;
}

/* Whether a and b held a lock in common; *writing whether either held it for writing. */
static int share_a_lock(const struct access *a, const struct access *b, int *writing) {
  int shared = 0;
  *writing = 0;
  for (size_t i = 0; i < a->nheld; i++) {
    const struct held_mutex *other = held_by(b, a->held[i].id);
    if (other) {
      shared = 1;
      *writing |= a->held[i].write || other->write;
    }
  }
  return shared;
}

enum race_cause race_cause(const struct report *r) {
  if (r->naccesses < 2)
    return RACE_NO_LOCK;
  const struct access *a = &r->accesses[0], *b = &r->accesses[1];
  int writing, shared = share_a_lock(a, b, &writing);
  if (shared && !writing)
    return RACE_READ_LOCK_ONLY;
  if (a->nheld && b->nheld && !shared)
    return RACE_OWN_LOCKS;
  return a->nheld || b->nheld ? RACE_ONE_SIDE : RACE_NO_LOCK;
}

static int same_place(const struct frame *a, const struct frame *b) {
  return a->line && a->line == b->line && a->file && b->file && strcmp(a->file, b->file) == 0;
}

enum hang_cause hang_cause(const struct report *r) {
  for (size_t i = 0; i < r->nwaiters; i++) {
    const struct waiter *w = &r->waiters[i];
    if (w->owner_exited)
      return HANG_OWNER_EXITED;
    if (w->owner == OWNER_SELF && same_place(&w->at, &w->owner_locked_at))
      return HANG_KEPT_IN_LOOP;
    if (w->owner == OWNER_SELF)
      return w->owner_did_not_lock ? HANG_COPIED_LOCKED : HANG_SELF;
  }
  return HANG_EACH_OTHER;
}
