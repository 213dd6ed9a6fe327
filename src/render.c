#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void render_frame(struct buf *b, const struct frame *fr) {
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
    buf_printf(b, ", called from %s", fr->func);
    if (fr->file)
      buf_printf(b, " at %s:%d", fr->file, fr->line);
  }
}

void render_thread_name(struct buf *b, const struct thread_name *n) {
  switch (n->naming) {
  case THREAD_MAIN:
    buf_adds(b, "main thread");
    return;
  case THREAD_CREATED_AT:
    if (n->at.file) {
      buf_printf(b, "thread created at %s:%d", n->at.file, n->at.line);
      return;
    }
    break;
  case THREAD_STARTED_IN:
    if (n->at.func) {
      buf_printf(b, "thread started in %s", n->at.func);
      return;
    }
    break;
  case THREAD_UNKNOWN:
    break;
  }
  buf_adds(b, "thread");
}

char *render_mutex_name(int id) {
  return id >= 0 && id < 26 ? xasprintf("%c", 'A' + id) : xasprintf("M%d", id + 1);
}

static void add_letter(struct buf *b, int id) {
  char *name = render_mutex_name(id);
  buf_adds(b, name);
  free(name);
}

static void add_mutex(struct buf *b, int id, int lettered) {
  if (lettered)
    add_letter(b, id);
  else
    buf_adds(b, "M");
}

static void render_access(struct buf *b, const struct access *a, int lettered, size_t depth) {
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
  if (a->nheld)
    buf_adds(b, a->nheld == 1 ? " holding mutex " : " holding mutexes ");
  for (size_t i = 0; i < a->nheld; i++) {
    buf_adds(b, i ? ", " : "");
    add_mutex(b, a->held[i].id, lettered);
  }
}

char *render_access_unlettered(const struct access *a) {
  struct buf b = {0};
  render_access(&b, a, 0, SIZE_MAX);
  return b.data;
}

static void render_origin(struct buf *b, const struct mutex *m, size_t depth) {
  if (m->destroyed) {
    buf_adds(b, " (already destroyed)");
    return;
  }
  buf_adds(b, " created");
  render_place(b, &m->created, depth);
}

char *render_mutex_origin(const struct mutex *m) {
  struct buf b = {0};
  render_origin(&b, m, SIZE_MAX);
  return b.data;
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

static void render_edge(struct buf *b, const struct lock_edge *e, size_t depth) {
  buf_adds(b, "\n  mutex ");
  add_letter(b, e->mutex);
  buf_adds(b, " acquired while holding mutex ");
  add_letter(b, e->held);
  render_place(b, &e->acquired, depth);
  if (!e->earlier.len && !e->earlier.lost)
    return;
  buf_adds(b, "\n  mutex ");
  add_letter(b, e->held);
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
      add_letter(b, r->cycle[i]);
    }
  }
  for (size_t i = 0; i < r->naccesses; i++) {
    buf_adds(b, "\n  ");
    render_access(b, &r->accesses[i], 1, depth);
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
    render_edge(b, &r->edges[i], depth);
  if (r->gate)
    buf_printf(b,
               "\n  every acquisition of these mutexes held %s: a false alarm, they cannot "
               "deadlock",
               r->gate);
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
    buf_adds(b, "\n  mutex ");
    add_letter(b, r->mutexes[i].id);
    render_origin(b, &r->mutexes[i], depth);
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
