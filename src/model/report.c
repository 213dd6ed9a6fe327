#include "report.h"

#include "array.h"

#include <stdlib.h>
#include <string.h>

static const char *const KIND_NAMES[REPORT_KINDS] = {
    [REPORT_DATA_RACE] = "data_race",
    [REPORT_MEMORY_ERROR] = "memory_error",
    [REPORT_LOCK_ORDER] = "lock_order",
    [REPORT_THREAD_LEAK] = "thread_leak",
    [REPORT_MUTEX_MISUSE] = "mutex_misuse",
    [REPORT_SIGNAL] = "signal",
    [REPORT_CRASH] = "crash",
    [REPORT_HELD_TOO_LONG] = "held_too_long",
    [REPORT_DEADLOCK] = "deadlock",
    [REPORT_TIMEOUT] = "timeout",
    [REPORT_DETECTOR_FAILURE] = "detector_failure",
    [REPORT_LOCK_HELD_AT_EXIT] = "lock_held_at_exit",
    [REPORT_UNLOCK_NOT_HELD] = "unlock_not_held",
    [REPORT_RELOCK] = "relock",
    [REPORT_STATIC_WARNING] = "static_warning",
    [REPORT_FAILED_RUN] = "failed_run",
    [REPORT_OTHER] = "other",
};

const char *report_kind_name(enum report_kind kind) {
  return KIND_NAMES[kind];
}

int report_kind_named(const char *name) {
  for (int k = 0; k < REPORT_KINDS; k++)
    if (strcmp(KIND_NAMES[k], name) == 0)
      return k;
  return -1;
}

struct report *reports_add(struct reports *list) {
  struct report *r = ARRAY_PUSH(list->items, list->len);
  r->location = (struct location){.size = -1, .thread = NO_ID};
  return r;
}

struct access *report_add_access(struct report *r) {
  struct access *a = ARRAY_PUSH(r->accesses, r->naccesses);
  a->thread = NO_ID;
  return a;
}

struct mutex *report_add_mutex(struct report *r, int id) {
  struct mutex *m = ARRAY_PUSH(r->mutexes, r->nmutexes);
  m->id = id;
  return m;
}

struct thread *report_add_thread(struct report *r, int id) {
  struct thread *t = ARRAY_PUSH(r->threads, r->nthreads);
  t->id = id;
  t->parent = NO_ID;
  return t;
}

struct lock_edge *report_add_edge(struct report *r) {
  struct lock_edge *e = ARRAY_PUSH(r->edges, r->nedges);
  e->mutex = e->held = e->thread = NO_ID;
  return e;
}

struct event *report_add_event(struct report *r, enum event_kind kind) {
  struct event *e = ARRAY_PUSH(r->events, r->nevents);
  e->kind = kind;
  return e;
}

struct waiter *report_add_waiter(struct report *r) {
  return ARRAY_PUSH(r->waiters, r->nwaiters);
}

void report_add_cycle_id(struct report *r, int id) {
  *ARRAY_PUSH(r->cycle, r->ncycle) = id;
}

struct frame *stack_add_frame(struct stack *s) {
  return ARRAY_PUSH(s->frames, s->len);
}

const struct mutex *report_mutex(const struct report *r, int id) {
  for (size_t i = 0; i < r->nmutexes; i++)
    if (r->mutexes[i].id == id)
      return &r->mutexes[i];
  return NULL;
}

const struct thread *report_thread(const struct report *r, int id) {
  for (size_t i = 0; i < r->nthreads; i++)
    if (r->threads[i].id == id)
      return &r->threads[i];
  return NULL;
}

static char *copy_or_null(const char *s) {
  return s ? xstrdup(s) : NULL;
}

void frame_copy(struct frame *to, const struct frame *from) {
  *to = (struct frame){.func = copy_or_null(from->func),
                       .file = copy_or_null(from->file),
                       .line = from->line,
                       .module = copy_or_null(from->module),
                       .address = from->address};
}

void stack_copy(struct stack *to, const struct stack *from) {
  *to = (struct stack){.call = from->call ? xstrdup(from->call) : NULL,
                       .lost = from->lost,
                       .unsymbolized = from->unsymbolized};
  for (size_t i = 0; i < from->len; i++)
    frame_copy(stack_add_frame(to), &from->frames[i]);
}

void frame_free(struct frame *f) {
  free(f->func);
  free(f->file);
  free(f->module);
  *f = (struct frame){0};
}

void stack_free(struct stack *s) {
  for (size_t i = 0; i < s->len; i++)
    frame_free(&s->frames[i]);
  free(s->frames);
  free(s->call);
  *s = (struct stack){0};
}

void thread_name_free(struct thread_name *n) {
  frame_free(&n->at);
  free(n->label);
  *n = (struct thread_name){0};
}

static void waiter_free(struct waiter *w) {
  thread_name_free(&w->who);
  thread_name_free(&w->target);
  thread_name_free(&w->owner_name);
  frame_free(&w->at);
  frame_free(&w->owner_locked_at);
  frame_free(&w->owner_exited_at);
  frame_free(&w->signalled_at);
  thread_name_free(&w->signaller);
  free(w->call);
  free(w->object);
}

void report_free(struct report *r) {
  for (size_t i = 0; i < r->naccesses; i++) {
    stack_free(&r->accesses[i].stack);
    thread_name_free(&r->accesses[i].by);
    free(r->accesses[i].held);
    free(r->accesses[i].tag);
  }
  free(r->accesses);
  free(r->location.name);
  stack_free(&r->location.stack);
  thread_name_free(&r->location.owner);
  for (size_t i = 0; i < r->nmutexes; i++) {
    stack_free(&r->mutexes[i].created);
    free(r->mutexes[i].variable);
  }
  free(r->mutexes);
  for (size_t i = 0; i < r->nthreads; i++) {
    stack_free(&r->threads[i].created);
    free(r->threads[i].label);
    thread_name_free(&r->threads[i].name);
  }
  free(r->threads);
  free(r->cycle);
  for (size_t i = 0; i < r->nedges; i++) {
    stack_free(&r->edges[i].acquired);
    stack_free(&r->edges[i].earlier);
    thread_name_free(&r->edges[i].by);
  }
  free(r->edges);
  for (size_t i = 0; i < r->nevents; i++) {
    stack_free(&r->events[i].stack);
    free(r->events[i].label);
  }
  free(r->events);
  strlist_free(&r->notes);
  for (size_t i = 0; i < r->nwaiters; i++)
    waiter_free(&r->waiters[i]);
  free(r->waiters);
  free(r->no_stacks);
  free(r->lock_name);
  free(r->checker);
  free(r->gate);
  free(r->title);
  *r = (struct report){0};
}

void reports_free(struct reports *list) {
  for (size_t i = 0; i < list->len; i++)
    report_free(&list->items[i]);
  free(list->items);
  *list = (struct reports){0};
}
