#include "ledger_report.h"

#include "array.h"
#include "text.h"

#include <stdlib.h>

void ledger_code(const struct ledger_record *r, unsigned long long address, const struct symbols *s,
                 struct frame *out) {
  const struct frame *f = symbols_code(s, ledger_offset(r, address));
  *out = (struct frame){0};
  if (f)
    frame_copy(out, f);
}

const char *ledger_data(const struct ledger_record *r, unsigned long long address,
                        const struct symbols *s) {
  return symbols_data(s, ledger_offset(r, address));
}

/* A mutex's address as an offset into its process's executable, or 0. */
static unsigned long long mutex_offset(const struct ledger *l, const struct report *r,
                                       const struct mutex *m) {
  unsigned long long base = r->pid ? ledger_base(l, r->pid) : 0;
  return base && m->address > base ? m->address - base : 0;
}

void ledger_mutex_offsets(const struct ledger *l, const struct reports *reports,
                          unsigned long long **data, size_t *ndata) {
  for (size_t i = 0; i < reports->len; i++)
    for (size_t j = 0; j < reports->items[i].nmutexes; j++) {
      unsigned long long offset =
          mutex_offset(l, &reports->items[i], &reports->items[i].mutexes[j]);
      int known = offset == 0;
      for (size_t k = 0; k < *ndata && !known; k++)
        known = (*data)[k] == offset;
      if (!known)
        *ARRAY_PUSH(*data, *ndata) = offset;
    }
}

void ledger_name_mutexes(const struct ledger *l, const struct symbols *s, struct reports *reports) {
  for (size_t i = 0; i < reports->len; i++)
    for (size_t j = 0; j < reports->items[i].nmutexes; j++) {
      struct mutex *m = &reports->items[i].mutexes[j];
      const char *name = symbols_data(s, mutex_offset(l, &reports->items[i], m));
      if (name && !m->variable)
        m->variable = xstrdup(name);
    }
}

static void add_place(struct stack *st, const struct ledger_record *r, unsigned long long address,
                      const struct symbols *s) {
  if (address)
    ledger_code(r, address, s, stack_add_frame(st));
}

/* A thread as the report names it: main, or by where it was created. */
static void add_thread(struct report *rep, int id, const struct ledger_record *r, long tid,
                       unsigned long long created, const struct symbols *s) {
  struct thread *t = report_add_thread(rep, tid == r->pid ? MAIN_THREAD_ID : id);
  add_place(&t->created, r, created, s);
}

static void add_event(struct report *rep, enum event_kind kind, const struct ledger_record *r,
                      unsigned long long address, const struct symbols *s) {
  add_place(&report_add_event(rep, kind)->stack, r, address, s);
}

static struct report *new_report(struct reports *out, enum report_kind kind, const char *title,
                                 const struct ledger_record *r, unsigned long long lock,
                                 const struct symbols *s) {
  struct report *rep = reports_add(out);
  rep->kind = kind;
  rep->by_racecheck = 1;
  rep->title = xstrdup(title);
  const char *name = ledger_data(r, lock, s);
  rep->lock_name = name ? xstrdup(name) : NULL;
  add_thread(rep, 1, r, r->tid, r->created, s);
  return rep;
}

static void held_at_exit(const struct ledger_record *r, const struct symbols *s,
                         struct reports *out) {
  for (size_t i = 0; i < r->nheld; i++) {
    struct report *rep = new_report(out, REPORT_LOCK_HELD_AT_EXIT, "lock held at thread exit", r,
                                    r->held[i].lock, s);
    add_event(rep, EVENT_LOCKED, r, r->held[i].site, s);
    add_event(rep, EVENT_EXITED, r, r->site, s);
  }
}

static void unlock_not_held(const struct ledger_record *r, const struct symbols *s,
                            struct reports *out) {
  struct report *rep = new_report(out, REPORT_UNLOCK_NOT_HELD,
                                  "unlock of a lock the thread does not hold", r, r->object, s);
  add_event(rep, EVENT_UNLOCKED, r, r->site, s);
  if (r->holder_tid) {
    add_thread(rep, 2, r, r->holder_tid, r->holder_created, s);
    add_event(rep, EVENT_LOCKED, r, r->other_site, s);
  }
}

static void relock(const struct ledger_record *r, const struct symbols *s, struct reports *out) {
  struct report *rep = new_report(out, REPORT_RELOCK,
                                  "lock taken again by the thread that holds it", r, r->object, s);
  add_event(rep, EVENT_LOCKED, r, r->other_site, s);
  add_event(rep, EVENT_RELOCKED, r, r->site, s);
}

/* A thread nobody joined or detached, as TSan words a leaked thread. */
static void leaked(const struct ledger_record *r, const struct symbols *s, struct reports *out) {
  struct report *rep = reports_add(out);
  rep->kind = REPORT_THREAD_LEAK;
  rep->by_racecheck = 1;
  rep->title = xstrdup("thread leak");
  add_thread(rep, 1, r, r->tid, r->created, s);
}

void ledger_reports(const struct ledger *l, const struct symbols *s, struct reports *out) {
  for (size_t i = 0; i < l->len; i++) {
    const struct ledger_record *r = &l->records[i];
    if (r->kind == LEDGER_EXIT)
      held_at_exit(r, s, out);
    else if (r->kind == LEDGER_UNLOCK)
      unlock_not_held(r, s, out);
    else if (r->kind == LEDGER_RELOCK)
      relock(r, s, out);
    else if (r->kind == LEDGER_LEAK)
      leaked(r, s, out);
  }
}
