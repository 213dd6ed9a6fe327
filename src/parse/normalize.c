#include "normalize.h"

#include "array.h"

#include "report_order.h"

#include <stdlib.h>
#include <string.h>

static const char *const RUNTIME_FUNC_PREFIXES[] = {
    "__tsan",         "__interceptor_", "___interceptor_", "__sanitizer",
    "__interception", "__ubsan",        "__wrap_",         "racecheck_",
};
static const char *const RUNTIME_MODULE_PREFIXES[] = {
    "libc.so",      "libtsan.so",  "libpthread.so", "ld-linux",
    "libstdc++.so", "libgcc_s.so", "vgpreload_", /* valgrind's tool, preloaded into the program */
};
/* The runtime's own sources, where a runtime built with line tables names them: C++ and
 * .inc files named like TSan's, never a folder a project may happen to use. */
static const char *const RUNTIME_SOURCE_PREFIXES[] = {"tsan_", "sanitizer_", "interception"};
static const char *const RUNTIME_SOURCE_SUFFIXES[] = {".cpp", ".inc", ".h", ".cpp.o"};

static int has_prefix_in(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (starts_with(s, list[i]))
      return 1;
  return 0;
}

int is_program_frame(const struct frame *fr) {
  if (!fr->file || !fr->func)
    return 0;
  if (has_prefix_in(fr->func, RUNTIME_FUNC_PREFIXES, COUNT(RUNTIME_FUNC_PREFIXES)))
    return 0;
  if (fr->module && has_prefix_in(path_basename(fr->module), RUNTIME_MODULE_PREFIXES,
                                  COUNT(RUNTIME_MODULE_PREFIXES)))
    return 0;
  const char *base = path_basename(fr->file);
  for (size_t i = 0; i < COUNT(RUNTIME_SOURCE_SUFFIXES); i++)
    if (ends_with(base, RUNTIME_SOURCE_SUFFIXES[i]) &&
        has_prefix_in(base, RUNTIME_SOURCE_PREFIXES, COUNT(RUNTIME_SOURCE_PREFIXES)))
      return 0;
  return 1;
}

/* Code in no module at all, known only by its address: a jump to where no code is. */
static int is_unknown_code(const struct frame *fr) {
  return fr->address && !fr->func && !fr->file && !fr->module;
}

/* A frame a finding shows: the program's, or code that is no one's. */
static int is_kept_frame(const struct frame *fr) {
  return is_program_frame(fr) || is_unknown_code(fr);
}

/* A frame of code with no names: no function and no file, in a module that is not the
 * runtime's or libc's. */
static int is_unsymbolized_frame(const struct frame *fr) {
  return !fr->func && !fr->file &&
         !(fr->module && has_prefix_in(path_basename(fr->module), RUNTIME_MODULE_PREFIXES,
                                       COUNT(RUNTIME_MODULE_PREFIXES)));
}

const char *call_name(const char *func) {
  static const char *const prefixes[] = {"___interceptor_", "__interceptor_", "__wrap_"};
  for (size_t i = 0; i < COUNT(prefixes); i++)
    if (starts_with(func, prefixes[i]))
      return func + strlen(prefixes[i]);
  return func;
}

/* --- Stacks and threads ------------------------------------------------------------- */

/* The program's frames, innermost first, files by base name; the runtime call the
 * innermost one made, if it made one. */
static void normalize_stack(struct stack *s) {
  struct stack out = {.lost = s->lost};
  size_t first = 0;
  while (first < s->len && !is_kept_frame(&s->frames[first]))
    first++;
  for (size_t i = 0; i < first && first == s->len; i++)
    out.unsymbolized |= is_unsymbolized_frame(&s->frames[i]);
  if (first > 0 && first < s->len && s->frames[first - 1].func)
    out.call = xstrdup(call_name(s->frames[first - 1].func));
  /* the program's frames from there outward, the callers of a library's frame among them
   * (a fork's prefork handler, a signal handler's interrupted code) */
  for (size_t i = first; i < s->len; i++) {
    const struct frame *fr = &s->frames[i];
    if (is_unknown_code(fr))
      *stack_add_frame(&out) = (struct frame){.address = fr->address};
    else if (is_program_frame(fr))
      *stack_add_frame(&out) = (struct frame){
          .func = xstrdup(fr->func), .file = xstrdup(path_basename(fr->file)), .line = fr->line};
  }
  stack_free(s);
  *s = out;
}

/* A thread by where it was created; when the creation stack holds none of the program's
 * frames (a creation through a wrapper the runtime cannot see through), by the function it
 * started in: the outermost frame of a stack it ran. */
static void name_thread(const struct report *r, int id, const struct stack *ran,
                        struct thread_name *out) {
  *out = (struct thread_name){0};
  if (id == MAIN_THREAD_ID) {
    out->naming = THREAD_MAIN;
    return;
  }
  const struct thread *t = report_thread(r, id);
  if (t && t->label)
    out->label = xstrdup(t->label);
  if (t && t->created.len) {
    out->naming = THREAD_CREATED_AT;
    frame_copy(&out->at, &t->created.frames[0]);
  } else if (t && ran && ran->len) {
    out->naming = THREAD_STARTED_IN;
    out->at.func = xstrdup(ran->frames[ran->len - 1].func);
  }
}

/* A static warning's places are lines of the source, not frames of a running program: each
 * keeps its line and its file, by base name. */
static void normalize_places(struct report *r) {
  for (size_t i = 0; i < r->nevents; i++)
    for (size_t j = 0; j < r->events[i].stack.len; j++) {
      struct frame *fr = &r->events[i].stack.frames[j];
      char *base = xstrdup(path_basename(fr->file));
      free(fr->file);
      fr->file = base;
    }
}

static void normalize_stacks(struct report *r) {
  if (r->kind == REPORT_STATIC_WARNING) {
    normalize_places(r);
    return;
  }
  for (size_t i = 0; i < r->naccesses; i++)
    normalize_stack(&r->accesses[i].stack);
  normalize_stack(&r->location.stack);
  for (size_t i = 0; i < r->nmutexes; i++)
    normalize_stack(&r->mutexes[i].created);
  for (size_t i = 0; i < r->nthreads; i++)
    normalize_stack(&r->threads[i].created);
  for (size_t i = 0; i < r->nedges; i++) {
    normalize_stack(&r->edges[i].acquired);
    normalize_stack(&r->edges[i].earlier);
  }
  for (size_t i = 0; i < r->nevents; i++)
    normalize_stack(&r->events[i].stack);
}

/* Where thread id was created, or NULL. */
static const struct frame *creation_of(const struct report *r, int id) {
  const struct thread *t = id == MAIN_THREAD_ID ? NULL : report_thread(r, id);
  return t && t->created.len ? &t->created.frames[0] : NULL;
}

static int same_place(const struct frame *a, const struct frame *b) {
  return a && b && a->line == b->line && a->file && b->file && strcmp(a->file, b->file) == 0 &&
         a->func && b->func && strcmp(a->func, b->func) == 0;
}

/* Threads created at one place are told apart by a number, in the order they were created
 * (the detector numbers threads so); 0 for a thread alone at its place. */
static int ordinal_of(const struct report *r, int id) {
  const struct frame *at = creation_of(r, id);
  int earlier = 0, sharing = 0;
  for (size_t i = 0; at && i < r->nthreads; i++)
    if (r->threads[i].id != id && same_place(creation_of(r, r->threads[i].id), at)) {
      sharing = 1;
      earlier += r->threads[i].id < id;
    }
  return sharing ? earlier + 1 : 0;
}

static void name_thread_numbered(const struct report *r, int id, const struct stack *ran,
                                 struct thread_name *out) {
  name_thread(r, id, ran, out);
  if (out->naming == THREAD_CREATED_AT)
    out->ordinal = ordinal_of(r, id);
}

static void name_threads(struct report *r) {
  for (size_t i = 0; i < r->nthreads; i++)
    name_thread_numbered(r, r->threads[i].id, NULL, &r->threads[i].name);
  for (size_t i = 0; i < r->naccesses; i++)
    name_thread_numbered(r, r->accesses[i].thread, &r->accesses[i].stack, &r->accesses[i].by);
  for (size_t i = 0; i < r->nedges; i++)
    if (r->edges[i].thread != NO_ID)
      name_thread_numbered(r, r->edges[i].thread, &r->edges[i].acquired, &r->edges[i].by);
  if (r->location.thread != NO_ID)
    name_thread_numbered(r, r->location.thread, NULL, &r->location.owner);
}

/* --- Canonical order ---------------------------------------------------------------- */

/* A held set is a set: list it by where each mutex came from, not by the detector's ids
 * (the order the detector listed them breaks ties). */
struct keyed_held {
  const struct mutex *origin; /* NULL when the report does not describe it */
  size_t at;
  struct held_mutex held;
};

static int compare_origins(const struct mutex *a, const struct mutex *b) {
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  return mutex_origin_compare(a, b);
}

static int by_origin(const void *a, const void *b) {
  const struct keyed_held *x = a, *y = b;
  int c = compare_origins(x->origin, y->origin);
  return c ? c : (x->at > y->at) - (x->at < y->at);
}

static void sort_held(const struct report *r, struct access *a) {
  if (a->nheld < 2)
    return;
  struct keyed_held *keyed = xmalloc(a->nheld * sizeof *keyed);
  for (size_t i = 0; i < a->nheld; i++)
    keyed[i] = (struct keyed_held){report_mutex(r, a->held[i].id), i, a->held[i]};
  qsort(keyed, a->nheld, sizeof *keyed, by_origin);
  for (size_t i = 0; i < a->nheld; i++)
    a->held[i] = keyed[i].held;
  free(keyed);
}

/* The two sides of a race compare as a set: which one the detector saw first is chance. So
 * they are sorted by thread (the same order under any compiler), then what each did and
 * where, then where each mutex it held came from. */
struct keyed_access {
  const struct report *r;
  struct access access;
};

static int compare_held_origins(const struct keyed_access *x, const struct keyed_access *y) {
  int c = 0;
  for (size_t j = 0; !c && j < x->access.nheld; j++)
    c = compare_origins(report_mutex(x->r, x->access.held[j].id),
                        report_mutex(y->r, y->access.held[j].id));
  return c;
}

static int by_side(const void *a, const void *b) {
  const struct keyed_access *x = a, *y = b;
  int c = thread_name_compare(&x->access.by, &y->access.by);
  if (!c)
    c = access_compare_unlettered(&x->access, &y->access);
  return c ? c : compare_held_origins(x, y);
}

static void sort_accesses(struct report *r) {
  struct keyed_access *keyed = xmalloc(r->naccesses * sizeof *keyed);
  for (size_t i = 0; i < r->naccesses; i++) {
    sort_held(r, &r->accesses[i]);
    keyed[i] = (struct keyed_access){r, r->accesses[i]};
  }
  if (r->naccesses)
    qsort(keyed, r->naccesses, sizeof *keyed, by_side);
  for (size_t i = 0; i < r->naccesses; i++)
    r->accesses[i] = keyed[i].access;
  free(keyed);
}

/* Each mention of a detector's mutex id, in the order the rendered finding makes them. */
struct mention {
  int id;
  size_t at;  /* its place among the mentions */
  int letter; /* once known: 0 for the first id mentioned, 1 for the next... */
};

struct lettering {
  struct mention *items; /* after letter_all: one per id, sorted by id */
  size_t len;
};

static void mention(struct lettering *l, int id) {
  struct mention *m = ARRAY_PUSH(l->items, l->len);
  *m = (struct mention){.id = id, .at = l->len - 1};
}

static int by_id_then_place(const void *a, const void *b) {
  const struct mention *x = a, *y = b;
  return x->id != y->id ? (x->id < y->id ? -1 : 1) : (x->at > y->at) - (x->at < y->at);
}

static int by_place(const void *a, const void *b) {
  const struct mention *x = a, *y = b;
  return (x->at > y->at) - (x->at < y->at);
}

/* Keeps each id's first mention, letters the ids in the order of those, and leaves them
 * sorted by id for letter_of; O(n log n) however many mutexes a report names. */
static void letter_all(struct lettering *l) {
  if (l->len == 0)
    return;
  qsort(l->items, l->len, sizeof *l->items, by_id_then_place);
  size_t kept = 0;
  for (size_t i = 0; i < l->len; i++)
    if (kept == 0 || l->items[kept - 1].id != l->items[i].id)
      l->items[kept++] = l->items[i];
  l->len = kept;
  qsort(l->items, l->len, sizeof *l->items, by_place);
  for (size_t i = 0; i < l->len; i++)
    l->items[i].letter = (int)i;
  qsort(l->items, l->len, sizeof *l->items, by_id_then_place);
}

static int letter_of(const struct lettering *l, int id) {
  for (size_t lo = 0, hi = l->len; lo < hi;) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->items[mid].id == id)
      return l->items[mid].letter;
    if (l->items[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NO_ID;
}

static void mention_all(const struct report *r, struct lettering *l) {
  for (size_t i = 0; i < r->naccesses; i++)
    for (size_t j = 0; j < r->accesses[i].nheld; j++)
      mention(l, r->accesses[i].held[j].id);
  for (size_t i = 0; i < r->ncycle; i++)
    mention(l, r->cycle[i]);
  for (size_t i = 0; i < r->nedges; i++) {
    mention(l, r->edges[i].mutex);
    mention(l, r->edges[i].held);
  }
  for (size_t i = 0; i < r->nmutexes; i++)
    mention(l, r->mutexes[i].id);
  letter_all(l);
}

static int compare_mutex_ids(const void *a, const void *b) {
  return ((const struct mutex *)a)->id - ((const struct mutex *)b)->id;
}

/* Renumbers every mutex id to its letter: 0 for the first mentioned, 1 for the next... */
static void letter_mutexes(struct report *r) {
  struct lettering l = {0};
  mention_all(r, &l);
  for (size_t i = 0; i < r->naccesses; i++)
    for (size_t j = 0; j < r->accesses[i].nheld; j++)
      r->accesses[i].held[j].id = letter_of(&l, r->accesses[i].held[j].id);
  for (size_t i = 0; i < r->ncycle; i++)
    r->cycle[i] = letter_of(&l, r->cycle[i]);
  for (size_t i = 0; i < r->nedges; i++) {
    r->edges[i].mutex = letter_of(&l, r->edges[i].mutex);
    r->edges[i].held = letter_of(&l, r->edges[i].held);
  }
  for (size_t i = 0; i < r->nmutexes; i++)
    r->mutexes[i].id = letter_of(&l, r->mutexes[i].id);
  if (r->nmutexes)
    qsort(r->mutexes, r->nmutexes, sizeof *r->mutexes, compare_mutex_ids);
  free(l.items);
}

static void normalize_report(struct report *r) {
  normalize_stacks(r);
  name_threads(r);
  sort_accesses(r);
  letter_mutexes(r);
}

/* A long hold of a lock the program never took: glibc's own, held across a thread's start
 * while DRD, which runs one thread at a time, was slow to schedule the other. Under load it
 * comes and goes, and it says nothing about the program's critical sections. */
static int is_hold_outside_program(const struct report *r) {
  if (r->kind != REPORT_HELD_TOO_LONG)
    return 0;
  for (size_t i = 0; i < r->nevents; i++)
    if (r->events[i].kind == EVENT_LOCKED)
      return r->events[i].stack.len == 0 && !r->events[i].stack.unsymbolized;
  return 0;
}

void reports_normalize(struct reports *raw) {
  size_t kept = 0;
  for (size_t i = 0; i < raw->len; i++) {
    normalize_report(&raw->items[i]);
    if (is_hold_outside_program(&raw->items[i]))
      report_free(&raw->items[i]);
    else
      raw->items[kept++] = raw->items[i];
  }
  raw->len = kept;
}

void findings_from_reports(struct reports *raw, finding_renderer render, struct findings *out) {
  reports_normalize(raw);
  findings_make(raw->items, raw->len, render, out);
  free(raw->items);
  *raw = (struct reports){0};
}
