#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void render_frame(struct buf *b, const struct frame *fr) {
  if (!fr->func && !fr->file && fr->address) {
    buf_printf(b, " in unknown code at 0x%llx", fr->address);
    return;
  }
  if (fr->func)
    buf_printf(b, " in %s", fr->func);
  if (fr->file && fr->line)
    buf_printf(b, " at %s:%d", fr->file, fr->line);
  else if (fr->file)
    buf_printf(b, " at %s", fr->file);
}

/* The place a stack points at: its innermost program frame, or what is known of it; and
 * its callers, up to `depth` frames in all, where that is what tells two findings apart. */
static void render_place(struct buf *b, const struct stack *s, size_t depth) {
  if (s->len)
    render_frame(b, &s->frames[0]);
  else if (s->lost)
    buf_adds(b, " (stack not restored)");
  else if (s->unsymbolized)
    buf_adds(b, " in code without symbols (build it with -g)");
  for (size_t i = 1; i < s->len && i < depth; i++) {
    const struct frame *fr = &s->frames[i];
    if (!fr->func && fr->address) {
      buf_printf(b, ", called from unknown code at 0x%llx", fr->address);
      continue;
    }
    buf_printf(b, ", called from %s", fr->func);
    if (fr->file)
      buf_printf(b, " at %s:%d", fr->file, fr->line);
  }
}

void render_thread_name(struct buf *b, const struct thread_name *n) {
  if (n->naming == THREAD_MAIN) {
    buf_adds(b, "main thread");
    return;
  }
  buf_adds(b, "thread");
  if (n->label)
    buf_printf(b, " '%s'", n->label);
  if (n->naming == THREAD_CREATED_AT && n->at.file && n->ordinal)
    buf_printf(b, " #%d created at %s:%d", n->ordinal, n->at.file, n->at.line);
  else if (n->naming == THREAD_CREATED_AT && n->at.file)
    buf_printf(b, " created at %s:%d", n->at.file, n->at.line);
  else if (n->naming == THREAD_STARTED_IN && n->at.func)
    buf_printf(b, " started in %s", n->at.func);
}

/* How a mutex's first stack came about. TSan calls it "created" whatever the call: for a
 * mutex initialized statically, it is where the program first locked it. */
static const char *origin_verb(const struct mutex *m) {
  const char *call = m->created.call;
  if (!call) /* a valgrind tool's "first observed": no call of the program's is known */
    return m->created.len ? "first seen" : "created";
  if (strstr(call, "init") || strstr(call, "create"))
    return "created";
  return strstr(call, "unlock") ? "first unlocked"
         : strstr(call, "lock") ? "first locked"
                                : "first used";
}

/* A mutex known by where it came from: the same words for m and n. */
static int same_origin(const struct mutex *m, const struct mutex *n) {
  const struct frame *a = &m->created.frames[0], *b = n->created.len ? &n->created.frames[0] : NULL;
  return !n->variable && b && b->file && a->line == b->line && strcmp(a->file, b->file) == 0 &&
         strcmp(origin_verb(m), origin_verb(n)) == 0;
}

/* Mutexes that came from one place (copies of one mutex, each locked at one line) are told
 * apart by a number, in the order the finding names them; 0 for a mutex alone there. */
static int origin_ordinal(const struct report *r, const struct mutex *m) {
  int earlier = 0, sharing = 0;
  for (size_t i = 0; i < r->nmutexes; i++)
    if (r->mutexes[i].id != m->id && same_origin(m, &r->mutexes[i])) {
      sharing = 1;
      earlier += r->mutexes[i].id < m->id;
    }
  return sharing ? earlier + 1 : 0;
}

char *render_mutex_name(const struct report *r, int id) {
  const struct mutex *m = r ? report_mutex(r, id) : NULL;
  if (m && m->variable)
    return xstrdup(m->variable);
  if (m && m->created.len && m->created.frames[0].file) {
    const struct frame *at = &m->created.frames[0];
    int ordinal = origin_ordinal(r, m);
    char *number = ordinal ? xasprintf(" #%d", ordinal) : xstrdup("");
    char *name = xasprintf("the mutex%s %s at %s:%d", number, origin_verb(m), at->file, at->line);
    free(number);
    return name;
  }
  return id >= 0 && id < 26 ? xasprintf("mutex %c", 'A' + id) : xasprintf("mutex M%d", id + 1);
}

static void add_mutex(struct buf *b, const struct report *r, int id) {
  char *name = render_mutex_name(r, id);
  buf_adds(b, name);
  free(name);
}

/* " holding a and b, and a read lock on c": the mutexes an access held, each for writing (a
 * plain mutex always is) or only for reading, which keeps no other reader out. */
static void render_held(struct buf *b, const struct report *r, const struct access *a) {
  for (int write = 1; write >= 0; write--) {
    size_t n = 0, k = 0;
    for (size_t i = 0; i < a->nheld; i++)
      n += a->held[i].write == write;
    if (n == 0)
      continue;
    buf_adds(b, write          ? " holding "
                : a->nheld > n ? ", and a read lock on "
                               : " holding a read lock on ");
    for (size_t i = 0; i < a->nheld; i++) {
      if (a->held[i].write != write)
        continue;
      buf_adds(b, k == 0 ? "" : k + 1 == n ? " and " : ", ");
      add_mutex(b, r, a->held[i].id);
      k++;
    }
  }
}

static void render_access(struct buf *b, const struct report *r, const struct access *a,
                          size_t depth) {
  if (a->tag)
    buf_printf(b, "%s access of %s", a->op == ACCESS_WRITE ? "modifying" : "read-only", a->tag);
  else
    buf_printf(b, "%s%s %d", a->atomic ? "atomic " : "", a->op == ACCESS_WRITE ? "write" : "read",
               a->size);
  if (a->stack.call)
    buf_printf(b, " by %s", a->stack.call);
  render_place(b, &a->stack, depth);
  if (a->by.naming != THREAD_UNKNOWN) {
    buf_adds(b, " (");
    render_thread_name(b, &a->by);
    buf_adds(b, ")");
  }
  render_held(b, r, a);
}

char *render_held_words(const struct report *r, const struct access *a) {
  struct buf b = {0};
  render_held(&b, r, a);
  char *words = xstrdup(b.data ? b.data + 1 : ""); /* without the leading space */
  buf_free(&b);
  return words;
}

static void render_origin(struct buf *b, const struct mutex *m, size_t depth) {
  if (m->destroyed) {
    buf_adds(b, " (already destroyed)");
    return;
  }
  buf_printf(b, " %s", origin_verb(m));
  render_place(b, &m->created, depth);
}

static void render_location(struct buf *b, const struct location *l) {
  switch (l->kind) {
  case LOCATION_NONE:
    return;
  case LOCATION_GLOBAL:
    buf_printf(b, " on global '%s'", l->name);
    if (l->size >= 0)
      buf_printf(b, " of size %ld", l->size);
    return;
  case LOCATION_HEAP:
    buf_printf(b, " on heap block of size %ld", l->size);
    return;
  case LOCATION_STACK:
  case LOCATION_TLS:
    buf_adds(b, l->kind == LOCATION_STACK ? " on stack of " : " on TLS of ");
    render_thread_name(b, &l->owner);
    return;
  case LOCATION_FD:
    buf_printf(b, " on file descriptor %d", l->fd);
    return;
  case LOCATION_OTHER:
    buf_printf(b, " on %s", l->name);
    return;
  }
}

static void render_event(struct buf *b, const struct report *r, const struct event *e,
                         size_t depth) {
  switch (e->kind) {
  case EVENT_AT:
    buf_adds(b, e->stack.call ? e->stack.call : r->kind == REPORT_CRASH ? "crashed" : "reported");
    break;
  case EVENT_ALSO_AT:
    buf_adds(b, "and");
    break;
  case EVENT_HANDLER:
    buf_printf(b, "signal %d handler invoked", e->number);
    break;
  case EVENT_LOCKED:
    buf_adds(b, "locked");
    break;
  case EVENT_UNLOCKED:
    buf_adds(b, "unlocked");
    break;
  case EVENT_LABELED:
    buf_adds(b, e->label);
    break;
  case EVENT_EXITED:
    buf_adds(b, "exited");
    break;
  case EVENT_RELOCKED:
    buf_adds(b, "locked again");
    break;
  }
  render_place(b, &e->stack, depth);
}

static void render_edge(struct buf *b, const struct report *r, const struct lock_edge *e,
                        size_t depth) {
  buf_adds(b, "\n  ");
  add_mutex(b, r, e->mutex);
  buf_adds(b, " acquired while holding ");
  add_mutex(b, r, e->held);
  render_place(b, &e->acquired, depth);
  if (e->by.naming != THREAD_UNKNOWN) {
    buf_adds(b, " (");
    render_thread_name(b, &e->by);
    buf_adds(b, ")");
  }
  if (!e->earlier.len && !e->earlier.lost)
    return;
  buf_adds(b, "\n  ");
  add_mutex(b, r, e->held);
  buf_adds(b, " previously acquired by the same thread");
  render_place(b, &e->earlier, depth);
}

/* How the thread waits, after its name: " blocked in pthread_mutex_lock(&m)". */
static void render_wait_state(struct buf *b, const struct waiter *w) {
  if (w->state == WAIT_RUNNING)
    buf_adds(b, " running");
  else if (w->state == WAIT_SLEEPING)
    buf_printf(b, " sleeping in %s", w->call ? w->call : "a system call");
  else if (!w->call)
    buf_adds(b, " blocked in a futex wait");
  else if (w->object)
    buf_printf(b, " blocked in %s(&%s)", w->call, w->object);
  else
    buf_printf(b, " blocked in %s%s", w->call, w->owner != OWNER_NONE ? "()" : "");
}

char *render_waiter_state(const struct waiter *w) {
  struct buf b = {0};
  render_thread_name(&b, &w->who);
  render_wait_state(&b, w);
  return b.data;
}

/* What the lock ledger knows of the owner: where it took the mutex, or that it never did. */
static void render_owner_lock(struct buf *b, const struct waiter *w) {
  if (w->owner_locked_at.file) {
    buf_adds(b, ", locked it");
    render_frame(b, &w->owner_locked_at);
  } else if (w->owner_did_not_lock) {
    buf_adds(b, ", which did not lock it");
  }
}

static void render_owner(struct buf *b, const struct waiter *w) {
  switch (w->owner) {
  case OWNER_NONE:
    return;
  case OWNER_UNRECORDED:
    buf_adds(b, "; owner: none recorded");
    return;
  case OWNER_SELF:
    buf_adds(b, "; owner: this same thread");
    render_owner_lock(b, w);
    return;
  case OWNER_THREAD:
    buf_adds(b, "; owner: ");
    render_thread_name(b, &w->owner_name);
    render_owner_lock(b, w);
    if (w->owner_exited && w->owner_exited_at.file) {
      buf_adds(b, ", exited");
      render_frame(b, &w->owner_exited_at);
      buf_adds(b, " without unlocking it");
    } else if (w->owner_exited) {
      buf_adds(b, ", exited");
    }
    return;
  }
}

/* `same` threads called `name` of which `rest` is said: one line "N threads created at
 * x.c:12, each REST" when they are many and not the main thread. */
static void render_alike_threads(struct buf *b, const char *lead, size_t same, const char *name,
                                 const char *rest) {
  if (same > 1 && starts_with(name, "thread")) {
    buf_printf(b, "%s%zu threads%s, each%s", lead, same, name + strlen("thread"), rest);
    return;
  }
  for (size_t k = 0; k < same; k++)
    buf_printf(b, "%s%s%s", lead, name, rest);
}

/* Whether waiter w is called `name` and `rest` is said of it. */
static int alike(const struct waiter *w, const char *name, const char *rest,
                 char *(*words)(const struct waiter *)) {
  struct buf other = {0};
  render_thread_name(&other, &w->who);
  char *other_rest = words(w);
  int same = other_rest && strcmp(buf_str(&other), name) == 0 && strcmp(other_rest, rest) == 0;
  buf_free(&other), free(other_rest);
  return same;
}

void render_waiters_grouped(struct buf *b, const char *lead, const struct report *r,
                            char *(*words)(const struct waiter *)) {
  for (size_t i = 0; i < r->nwaiters;) {
    struct buf name = {0};
    render_thread_name(&name, &r->waiters[i].who);
    char *rest = words(&r->waiters[i]);
    size_t same = 1;
    while (rest && i + same < r->nwaiters &&
           alike(&r->waiters[i + same], buf_str(&name), rest, words))
      same++;
    if (rest)
      render_alike_threads(b, lead, same, buf_str(&name), rest);
    buf_free(&name), free(rest);
    i += same;
  }
}

/* What the lock ledger saw of the signals on the condition it waits on. */
static void render_signals(struct buf *b, const struct waiter *w) {
  if (w->signalled == SIGNAL_NEVER) {
    buf_adds(b, "; never signalled");
  } else if (w->signalled == SIGNAL_BEFORE_WAIT) {
    buf_adds(b, "; signalled before the wait");
    render_frame(b, &w->signalled_at);
    if (w->signaller.naming != THREAD_UNKNOWN) {
      buf_adds(b, " by ");
      render_thread_name(b, &w->signaller);
    }
  }
}

/* Everything said of a waiter after its name. */
static char *render_wait(const struct waiter *w) {
  struct buf b = {0};
  render_wait_state(&b, w);
  render_frame(&b, &w->at);
  if (w->joins) {
    buf_adds(&b, "; waits for ");
    render_thread_name(&b, &w->target);
  }
  render_owner(&b, w);
  if (w->deadline)
    buf_adds(&b, "; a wait with a deadline");
  render_signals(&b, w);
  return b.data;
}

static void render_title(struct buf *b, const struct report *r) {
  if (r->kind == REPORT_TIMEOUT)
    buf_printf(b, "timeout: after %g s the program had not ended, and not every thread was stuck",
               r->timeout_s);
  else if (r->kind == REPORT_DEADLOCK && r->nwaiters == 1)
    buf_adds(b, "deadlock: the only thread is asleep");
  else if (r->kind == REPORT_DEADLOCK)
    buf_printf(b, "deadlock: all %zu threads are asleep", r->nwaiters);
  else if (r->kind == REPORT_HELD_TOO_LONG)
    buf_printf(b, "%s (threshold %d ms)", r->title, r->threshold_ms);
  else if (r->kind == REPORT_STATIC_WARNING && r->checker)
    buf_printf(b, "%s [%s]", r->title, r->checker);
  else
    buf_adds(b, r->title);
  render_location(b, &r->location);
}

static void render_body(struct buf *b, const struct report *r, size_t depth) {
  if (r->ncycle) {
    buf_adds(b, "\n  cycle in lock order graph: ");
    for (size_t i = 0; i < r->ncycle; i++) {
      buf_adds(b, i ? " => " : "");
      add_mutex(b, r, r->cycle[i]);
    }
  }
  for (size_t i = 0; i < r->naccesses; i++) {
    buf_adds(b, "\n  ");
    render_access(b, r, &r->accesses[i], depth);
  }
  for (size_t i = 0; i < r->notes.len; i++)
    buf_printf(b, "\n  %s", r->notes.items[i]);
  for (size_t i = 0; i < r->nevents; i++) {
    const struct stack *s = &r->events[i].stack;
    if (r->events[i].kind == EVENT_AT && !s->len && !s->lost && !s->unsymbolized && !s->call)
      continue; /* where it happened is all outside the program: nothing to say */
    buf_adds(b, "\n  ");
    render_event(b, r, &r->events[i], depth);
  }
  const struct location *l = &r->location;
  if (l->stack.len && (l->kind == LOCATION_HEAP || l->kind == LOCATION_FD)) {
    buf_adds(b, l->kind == LOCATION_HEAP ? "\n  allocated" : "\n  created");
    render_place(b, &l->stack, depth);
  }
  for (size_t i = 0; i < r->nedges; i++)
    render_edge(b, r, &r->edges[i], depth);
  if (r->gate)
    buf_printf(b,
               "\n  every acquisition of these mutexes held %s: a false alarm, they cannot "
               "deadlock",
               r->gate);
}

/* Whether the report's lines above its mutexes' origins name mutex id. */
static int mentioned(const struct report *r, int id) {
  for (size_t i = 0; i < r->naccesses; i++)
    for (size_t j = 0; j < r->accesses[i].nheld; j++)
      if (r->accesses[i].held[j].id == id)
        return 1;
  for (size_t i = 0; i < r->nedges; i++)
    if (r->edges[i].mutex == id || r->edges[i].held == id)
      return 1;
  return 0;
}

static void render_tail(struct buf *b, const struct report *r, size_t depth) {
  if (r->kind == REPORT_THREAD_LEAK)
    for (size_t i = 0; i < r->nthreads; i++) {
      buf_adds(b, "\n  thread created");
      render_place(b, &r->threads[i].created, depth);
    }
  if (r->more)
    buf_printf(b, "\n  and %d more similar %s", r->more,
               r->kind == REPORT_THREAD_LEAK ? "thread leaks" : "reports");
  render_waiters_grouped(b, "\n  ", r, render_wait);
  if (r->no_stacks)
    buf_printf(b, "\n  no stacks: %s", r->no_stacks);
  for (size_t i = 0; i < r->nmutexes; i++) {
    const struct mutex *m = &r->mutexes[i];
    char *name = render_mutex_name(r, m->id);
    int known = m->created.len || m->created.lost || m->destroyed;
    /* where it came from, unless its name, which the lines above said, says it */
    if (known && !(starts_with(name, "the mutex ") && mentioned(r, m->id))) {
      if (starts_with(name, "the mutex "))
        buf_adds(b, "\n  mutex");
      else
        buf_printf(b, "\n  %s%s", starts_with(name, "mutex ") ? "" : "mutex ", name);
      render_origin(b, m, depth);
    }
    free(name);
  }
}

static const struct event *event_of(const struct report *r, enum event_kind kind) {
  for (size_t i = 0; i < r->nevents; i++)
    if (r->events[i].kind == kind)
      return &r->events[i];
  return NULL;
}

/* "main thread locked it in f at x.c:3": a thread of the report, what it did and where. */
static void render_deed(struct buf *b, const struct report *r, size_t thread, const char *deed,
                        enum event_kind kind, size_t depth) {
  const struct event *e = event_of(r, kind);
  buf_adds(b, "\n  ");
  if (thread < r->nthreads) {
    render_thread_name(b, &r->threads[thread].name);
    buf_adds(b, " ");
  }
  buf_adds(b, deed);
  if (e)
    render_place(b, &e->stack, depth);
}

/* The lock ledger's findings: the lock by name, then who took it where, and what went wrong. */
static void render_ledger(struct buf *b, const struct report *r, size_t depth) {
  buf_adds(b, r->title);
  if (r->lock_name)
    buf_printf(b, ": %s", r->lock_name);
  if (r->kind == REPORT_LOCK_HELD_AT_EXIT) {
    render_deed(b, r, 0, "locked it", EVENT_LOCKED, depth);
    render_deed(b, r, SIZE_MAX, "and exited", EVENT_EXITED, depth);
    buf_adds(b, " without unlocking it");
  } else if (r->kind == REPORT_RELOCK) {
    render_deed(b, r, 0, "locked it", EVENT_LOCKED, depth);
    render_deed(b, r, SIZE_MAX, "and locks it again", EVENT_RELOCKED, depth);
  } else {
    render_deed(b, r, 0, "unlocks it", EVENT_UNLOCKED, depth);
    if (r->nthreads > 1)
      render_deed(b, r, 1, "holds it, locked", EVENT_LOCKED, depth);
    else
      buf_adds(b, "\n  no thread holds it");
  }
}

static int from_ledger(const struct report *r) {
  return r->by_racecheck && (r->kind == REPORT_LOCK_HELD_AT_EXIT ||
                             r->kind == REPORT_UNLOCK_NOT_HELD || r->kind == REPORT_RELOCK);
}

char *render_report(const struct report *r, size_t depth) {
  struct buf b = {0};
  if (from_ledger(r)) {
    render_ledger(&b, r, depth);
    return b.data;
  }
  render_title(&b, r);
  render_body(&b, r, depth);
  render_tail(&b, r, depth);
  return b.data;
}
