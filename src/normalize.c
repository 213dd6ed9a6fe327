#include "normalize.h"

#include "render.h"

#include <stdlib.h>
#include <string.h>

static const char *const RUNTIME_FUNC_PREFIXES[] = {
    "__tsan",         "__interceptor_", "___interceptor_", "__sanitizer",
    "__interception", "__ubsan",        "__wrap_",         "racecheck_",
};
static const char *const RUNTIME_MODULE_PREFIXES[] = {
    "libc.so", "libtsan.so", "libpthread.so", "ld-linux", "libstdc++.so", "libgcc_s.so",
};
/* The runtime's own sources, where a runtime built with line tables names them: C++ and
 * .inc files named like TSan's, never a folder a project may happen to use. */
static const char *const RUNTIME_SOURCE_PREFIXES[] = {"tsan_", "sanitizer_", "interception"};
static const char *const RUNTIME_SOURCE_SUFFIXES[] = {".cpp", ".inc", ".h"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

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

/* A frame of code with no names: no function and no file, in a module that is not the
 * runtime's or libc's. */
static int is_unsymbolized_frame(const struct frame *fr) {
  return !fr->func && !fr->file &&
         !(fr->module && has_prefix_in(path_basename(fr->module), RUNTIME_MODULE_PREFIXES,
                                       COUNT(RUNTIME_MODULE_PREFIXES)));
}

const char *call_name(const char *func) {
  static const char *const prefixes[] = {"___interceptor_", "__interceptor_"};
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
  while (first < s->len && !is_program_frame(&s->frames[first]))
    first++;
  for (size_t i = 0; i < first && first == s->len; i++)
    out.unsymbolized |= is_unsymbolized_frame(&s->frames[i]);
  if (first > 0 && first < s->len && s->frames[first - 1].func)
    out.call = xstrdup(call_name(s->frames[first - 1].func));
  for (size_t i = first; i < s->len; i++) {
    const struct frame *fr = &s->frames[i];
    if (is_program_frame(fr))
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
  if (t && t->created.len) {
    out->naming = THREAD_CREATED_AT;
    frame_copy(&out->at, &t->created.frames[0]);
  } else if (ran && ran->len) {
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

static void name_threads(struct report *r) {
  for (size_t i = 0; i < r->nthreads; i++)
    name_thread(r, r->threads[i].id, NULL, &r->threads[i].name);
  for (size_t i = 0; i < r->naccesses; i++)
    name_thread(r, r->accesses[i].thread, &r->accesses[i].stack, &r->accesses[i].by);
  if (r->location.thread != NO_ID)
    name_thread(r, r->location.thread, NULL, &r->location.owner);
}

/* --- Canonical order ---------------------------------------------------------------- */

static char *origin_of(const struct report *r, int id) {
  const struct mutex *m = report_mutex(r, id);
  return m ? render_mutex_origin(m) : xstrdup("");
}

/* A held set is a set: list it by where each mutex came from, not by the detector's ids. */
static void sort_held(const struct report *r, struct access *a) {
  for (size_t i = 1; i < a->nheld; i++)
    for (size_t j = i; j > 0; j--) {
      char *x = origin_of(r, a->held[j - 1].id), *y = origin_of(r, a->held[j].id);
      int out_of_order = strcmp(x, y) > 0;
      free(x), free(y);
      if (!out_of_order)
        break;
      struct held_mutex h = a->held[j];
      a->held[j] = a->held[j - 1], a->held[j - 1] = h;
    }
}

struct keyed_access {
  char *key; /* the unlettered line, then where each held mutex came from */
  struct access access;
};

static int compare_keys(const void *a, const void *b) {
  return strcmp(((const struct keyed_access *)a)->key, ((const struct keyed_access *)b)->key);
}

/* The two sides of a race compare as a set: which one the detector saw first is chance. */
static void sort_accesses(struct report *r) {
  struct keyed_access *keyed = xmalloc(r->naccesses * sizeof *keyed);
  for (size_t i = 0; i < r->naccesses; i++) {
    struct access *a = &r->accesses[i];
    sort_held(r, a);
    struct buf key = {0};
    char *line = render_access_unlettered(a);
    buf_adds(&key, line);
    free(line);
    for (size_t j = 0; j < a->nheld; j++) {
      char *origin = origin_of(r, a->held[j].id);
      buf_adds(&key, origin);
      free(origin);
    }
    keyed[i] = (struct keyed_access){.key = key.data ? key.data : xstrdup(""), .access = *a};
  }
  if (r->naccesses)
    qsort(keyed, r->naccesses, sizeof *keyed, compare_keys);
  for (size_t i = 0; i < r->naccesses; i++) {
    r->accesses[i] = keyed[i].access;
    r->accesses[i].previous = 0;
    free(keyed[i].key);
  }
  free(keyed);
}

/* The detector's mutex ids in the order the rendered finding mentions them. */
struct lettering {
  int *ids;
  size_t len;
};

static void mention(struct lettering *l, int id) {
  for (size_t i = 0; i < l->len; i++)
    if (l->ids[i] == id)
      return;
  l->ids = xrealloc(l->ids, (l->len + 1) * sizeof *l->ids);
  l->ids[l->len++] = id;
}

static int letter_of(const struct lettering *l, int id) {
  for (size_t i = 0; i < l->len; i++)
    if (l->ids[i] == id)
      return (int)i;
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
  free(l.ids);
}

static void normalize_report(struct report *r) {
  normalize_stacks(r);
  name_threads(r);
  sort_accesses(r);
  letter_mutexes(r);
}

void findings_from_reports(struct reports *raw, struct findings *out) {
  for (size_t i = 0; i < raw->len; i++)
    normalize_report(&raw->items[i]);
  findings_make(raw->items, raw->len, out);
  free(raw->items);
  *raw = (struct reports){0};
}
