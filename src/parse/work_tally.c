#include "work_tally.h"

#include "array.h"

#include <stdlib.h>

void work_tally_read(const struct ledger *l, struct work_tally *out) {
  *out = (struct work_tally){0};
  long pid = l->len ? l->records[0].pid : 0;
  for (size_t i = 0; i < l->len; i++) {
    const struct ledger_record *r = &l->records[i];
    if (r->pid != pid)
      continue;
    if (r->kind == LEDGER_TALLY) {
      struct thread_tally *t = ARRAY_PUSH(out->threads, out->nthreads);
      *t = (struct thread_tally){.main = r->created == 0,
                                 .tid = r->tid,
                                 .locks = r->locks,
                                 .unlocks = r->unlocks,
                                 .sleeps = r->sleeps,
                                 .guarded = r->guarded,
                                 .atomics = r->atomics};
      for (size_t g = 0; g < r->nguards; g++)
        *ARRAY_PUSH(t->guards, t->nguards) = ledger_offset(r, r->guards[g]);
    } else if (r->kind == LEDGER_THREADS) {
      out->counted = 1;
      out->threads_created = r->threads_created;
      out->created_after_join = r->created_after_join;
    }
  }
}

size_t work_tally_lockers(const struct work_tally *t) {
  size_t n = 0;
  for (size_t i = 0; i < t->nthreads; i++)
    n += !t->threads[i].main && t->threads[i].locks > 0 && t->threads[i].unlocks > 0 &&
         t->threads[i].guarded > 0;
  return n;
}

static int touched(const struct thread_tally *t, const struct byte_range *ranges, size_t nranges) {
  for (size_t g = 0; g < t->nguards; g++)
    for (size_t i = 0; i < nranges; i++)
      if (t->guards[g] - ranges[i].offset < ranges[i].size)
        return 1;
  return 0;
}

size_t work_tally_lockers_of(const struct work_tally *t, const struct byte_range *ranges,
                             size_t nranges) {
  size_t n = 0;
  for (size_t i = 0; i < t->nthreads; i++)
    n += t->threads[i].locks > 0 && t->threads[i].unlocks > 0 &&
         touched(&t->threads[i], ranges, nranges);
  return n;
}

size_t work_tally_atomic_updaters(const struct work_tally *t) {
  size_t n = 0;
  for (size_t i = 0; i < t->nthreads; i++)
    n += !t->threads[i].main && t->threads[i].atomics > 0;
  return n;
}

unsigned long long work_tally_sleeps(const struct work_tally *t) {
  unsigned long long n = 0;
  for (size_t i = 0; i < t->nthreads; i++)
    n += t->threads[i].sleeps;
  return n;
}

void work_tally_free(struct work_tally *t) {
  for (size_t i = 0; i < t->nthreads; i++)
    free(t->threads[i].guards);
  free(t->threads);
  *t = (struct work_tally){0};
}
