#include "report_order.h"

#include <stdint.h>
#include <string.h>

static int compare_numbers(long long a, long long b) {
  return (a > b) - (a < b);
}

static int compare_doubles(double a, double b) {
  return (a > b) - (a < b);
}

/* NULL first. */
static int compare_strings(const char *a, const char *b) {
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  return strcmp(a, b);
}

static size_t at_most(size_t n, size_t depth) {
  return n < depth ? n : depth;
}

int frame_compare(const struct frame *a, const struct frame *b) {
  int c = compare_strings(a->func, b->func);
  if (!c)
    c = compare_strings(a->file, b->file);
  if (!c)
    c = compare_numbers(a->line, b->line);
  if (!c && !a->func && !a->file) /* code in no module: only its address tells it */
    c = compare_numbers((long long)a->address, (long long)b->address);
  return c;
}

int stack_compare(const struct stack *a, const struct stack *b, size_t depth) {
  size_t na = at_most(a->len, depth), nb = at_most(b->len, depth);
  int c = compare_strings(a->call, b->call);
  if (!c)
    c = compare_numbers((long long)na, (long long)nb);
  if (!c && na == 0)
    c = compare_numbers(a->lost, b->lost);
  if (!c && na == 0)
    c = compare_numbers(a->unsymbolized, b->unsymbolized);
  for (size_t i = 0; !c && i < na; i++)
    c = frame_compare(&a->frames[i], &b->frames[i]);
  return c;
}

int thread_name_compare(const struct thread_name *a, const struct thread_name *b) {
  int c = compare_numbers(a->naming, b->naming);
  if (!c)
    c = compare_strings(a->label, b->label);
  if (!c)
    c = compare_numbers(a->ordinal, b->ordinal);
  if (!c)
    c = frame_compare(&a->at, &b->at);
  return c;
}

int mutex_origin_compare(const struct mutex *a, const struct mutex *b) {
  int c = compare_strings(a->variable, b->variable);
  if (!c)
    c = compare_numbers(a->destroyed, b->destroyed);
  if (!c)
    c = stack_compare(&a->created, &b->created, SIZE_MAX);
  return c;
}

/* A mutex a report names, by its letter and where it came from. */
static int mutex_compare(const struct report *ra, int a, const struct report *rb, int b) {
  const struct mutex *ma = report_mutex(ra, a), *mb = report_mutex(rb, b);
  int c = compare_numbers(a, b);
  if (!c && (!ma || !mb))
    c = compare_numbers(ma != NULL, mb != NULL);
  if (!c && ma)
    c = mutex_origin_compare(ma, mb);
  return c;
}

static int access_fields_compare(const struct access *a, const struct access *b, size_t depth) {
  int c = compare_strings(a->tag, b->tag);
  if (!c)
    c = compare_numbers(a->op, b->op);
  if (!c)
    c = compare_numbers(a->atomic, b->atomic);
  if (!c)
    c = compare_numbers(a->size, b->size);
  if (!c)
    c = stack_compare(&a->stack, &b->stack, depth);
  if (!c)
    c = thread_name_compare(&a->by, &b->by);
  if (!c)
    c = compare_numbers((long long)a->nheld, (long long)b->nheld);
  for (size_t i = 0; !c && i < a->nheld; i++)
    c = compare_numbers(a->held[i].write, b->held[i].write);
  return c;
}

int access_compare_unlettered(const struct access *a, const struct access *b) {
  return access_fields_compare(a, b, SIZE_MAX);
}

static int access_compare(const struct report *ra, const struct access *a, const struct report *rb,
                          const struct access *b, size_t depth) {
  int c = access_fields_compare(a, b, depth);
  for (size_t i = 0; !c && i < a->nheld; i++)
    c = mutex_compare(ra, a->held[i].id, rb, b->held[i].id);
  return c;
}

static int location_compare(const struct location *a, const struct location *b, size_t depth) {
  int c = compare_numbers(a->kind, b->kind);
  if (!c)
    c = compare_strings(a->name, b->name);
  if (!c)
    c = compare_numbers(a->size, b->size);
  if (!c)
    c = compare_numbers(a->fd, b->fd);
  if (!c)
    c = thread_name_compare(&a->owner, &b->owner);
  if (!c)
    c = stack_compare(&a->stack, &b->stack, depth);
  return c;
}

static int event_compare(const struct event *a, const struct event *b, size_t depth) {
  int c = compare_numbers(a->kind, b->kind);
  if (!c)
    c = compare_numbers(a->number, b->number);
  if (!c)
    c = compare_strings(a->label, b->label);
  if (!c)
    c = stack_compare(&a->stack, &b->stack, depth);
  return c;
}

static int edge_compare(const struct report *ra, const struct lock_edge *a, const struct report *rb,
                        const struct lock_edge *b, size_t depth) {
  int c = mutex_compare(ra, a->mutex, rb, b->mutex);
  if (!c)
    c = mutex_compare(ra, a->held, rb, b->held);
  if (!c)
    c = stack_compare(&a->acquired, &b->acquired, depth);
  if (!c)
    c = thread_name_compare(&a->by, &b->by);
  if (!c)
    c = stack_compare(&a->earlier, &b->earlier, depth);
  return c;
}

int waiter_state_compare(const struct waiter *a, const struct waiter *b) {
  int c = thread_name_compare(&a->who, &b->who);
  if (!c)
    c = compare_numbers(a->state, b->state);
  if (!c)
    c = compare_strings(a->call, b->call);
  if (!c)
    c = compare_strings(a->object, b->object);
  if (!c)
    c = compare_numbers(a->owner != OWNER_NONE, b->owner != OWNER_NONE);
  return c;
}

static int waiter_compare(const struct waiter *a, const struct waiter *b) {
  int c = waiter_state_compare(a, b);
  if (!c)
    c = frame_compare(&a->at, &b->at);
  if (!c)
    c = compare_numbers(a->joins, b->joins);
  if (!c && a->joins)
    c = thread_name_compare(&a->target, &b->target);
  if (!c)
    c = compare_numbers(a->owner, b->owner);
  if (!c)
    c = thread_name_compare(&a->owner_name, &b->owner_name);
  if (!c)
    c = frame_compare(&a->owner_locked_at, &b->owner_locked_at);
  if (!c)
    c = compare_numbers(a->owner_did_not_lock, b->owner_did_not_lock);
  if (!c)
    c = compare_numbers(a->owner_exited, b->owner_exited);
  if (!c)
    c = frame_compare(&a->owner_exited_at, &b->owner_exited_at);
  if (!c)
    c = compare_numbers(a->deadline, b->deadline);
  return c;
}

static int strlist_compare(const struct strlist *a, const struct strlist *b) {
  int c = compare_numbers((long long)a->len, (long long)b->len);
  for (size_t i = 0; !c && i < a->len; i++)
    c = strcmp(a->items[i], b->items[i]);
  return c;
}

static int thread_compare(const struct thread *a, const struct thread *b, size_t depth) {
  int c = thread_name_compare(&a->name, &b->name);
  if (!c)
    c = stack_compare(&a->created, &b->created, depth);
  return c;
}

/* What the report is, before what it names: its kind and its words of its own. */
static int headline_compare(const struct report *a, const struct report *b) {
  int c = compare_numbers(a->kind, b->kind);
  if (!c)
    c = compare_numbers(a->by_racecheck, b->by_racecheck);
  if (!c)
    c = compare_strings(a->title, b->title);
  if (!c)
    c = compare_strings(a->checker, b->checker);
  if (!c)
    c = compare_strings(a->lock_name, b->lock_name);
  if (!c)
    c = compare_numbers(a->threshold_ms, b->threshold_ms);
  if (!c)
    c = compare_doubles(a->timeout_s, b->timeout_s);
  if (!c)
    c = compare_numbers(a->more, b->more);
  if (!c)
    c = compare_strings(a->gate, b->gate);
  if (!c)
    c = compare_strings(a->no_stacks, b->no_stacks);
  if (!c)
    c = strlist_compare(&a->notes, &b->notes);
  return c;
}

/* Each of a report's lists, element by element: a shorter list first. */
#define COMPARE_LISTS(c, a, b, n, compare_one)                                                     \
  do {                                                                                             \
    if (!(c))                                                                                      \
      (c) = compare_numbers((long long)(a)->n, (long long)(b)->n);                                 \
    for (size_t i_ = 0; !(c) && i_ < (a)->n; i_++)                                                 \
      (c) = compare_one;                                                                           \
  } while (0)

/* A finding names its threads apart from its accesses only for a leak and the ledger's
 * kinds; elsewhere the threads a detector listed are not what the finding says. */
static int shows_threads(const struct report *r) {
  return r->kind == REPORT_THREAD_LEAK || r->kind == REPORT_LOCK_HELD_AT_EXIT ||
         r->kind == REPORT_UNLOCK_NOT_HELD || r->kind == REPORT_RELOCK;
}

int report_compare(const struct report *a, const struct report *b, size_t depth) {
  int c = headline_compare(a, b);
  if (!c)
    c = location_compare(&a->location, &b->location, depth);
  COMPARE_LISTS(c, a, b, ncycle, mutex_compare(a, a->cycle[i_], b, b->cycle[i_]));
  COMPARE_LISTS(c, a, b, naccesses,
                access_compare(a, &a->accesses[i_], b, &b->accesses[i_], depth));
  COMPARE_LISTS(c, a, b, nevents, event_compare(&a->events[i_], &b->events[i_], depth));
  COMPARE_LISTS(c, a, b, nedges, edge_compare(a, &a->edges[i_], b, &b->edges[i_], depth));
  if (shows_threads(a))
    COMPARE_LISTS(c, a, b, nthreads, thread_compare(&a->threads[i_], &b->threads[i_], depth));
  COMPARE_LISTS(c, a, b, nwaiters, waiter_compare(&a->waiters[i_], &b->waiters[i_]));
  COMPARE_LISTS(c, a, b, nmutexes, mutex_compare(a, a->mutexes[i_].id, b, b->mutexes[i_].id));
  return c;
}
