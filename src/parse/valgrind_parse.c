/* A valgrind thread tool's error stream (DRD, Helgrind), "==PID== "-prefixed, into reports
 * as data. This file alone knows how those tools word their errors.
 *
 * DRD prints each error as one paragraph. Helgrind announces each thread once ("Thread #2
 * was created" and where), then prints each error after a line of dashes, in paragraphs of
 * its own: the access, "This conflicts with a previous read", the locks it names. */
#include "detector_log.h"

#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "==1234== rest" -> "rest"; NULL for lines that are not valgrind's report stream. */
static const char *report_text(const char *line) {
  if (!starts_with(line, "=="))
    return NULL;
  const char *p = line + 2;
  if (!isdigit((unsigned char)*p))
    return NULL;
  while (isdigit((unsigned char)*p))
    p++;
  if (!starts_with(p, "=="))
    return NULL;
  p += 2;
  return *p == ' ' ? p + 1 : p;
}

static int is_summary(const char *text) {
  return starts_with(text, "ERROR SUMMARY:") || starts_with(text, "For lists of detected") ||
         starts_with(text, "For counts of detected") || starts_with(text, "Use --history-level") ||
         starts_with(text, "the cost of reduced accuracy") ||
         starts_with(text, "Process terminating with default action");
}

/* The tool failing itself: an internal check, or a limit it cannot go past. */
static int is_tool_failure(const char *line) {
  return strstr(line, ": Assertion '") ||
         starts_with(line, "valgrind: the 'impossible' happened") ||
         starts_with(line, "Sorry, but the maximum number of threads");
}

/* A source path as valgrind shows it with --fullpath-after=: under the program's own sources,
 * made relative to them; anywhere else, the code is a library's, shown as its module. */
static void place_source(struct frame *f, const char *root) {
  size_t n = root ? strlen(root) : 0;
  if (!root || !f->file)
    return;
  if (strncmp(f->file, root, n) == 0 && f->file[n] == '/') {
    char *relative = xstrdup(f->file + n + 1);
    free(f->file);
    f->file = relative;
  } else if (!f->module) {
    f->module = f->file;
    f->file = NULL;
  }
}

void valgrind_parse_frame(const char *text, struct frame *out) {
  *out = (struct frame){0};
  const char *colon = strstr(text, ": ");
  const char *name = colon ? colon + 2 : text;
  const char *open = strrchr(name, '(');
  size_t name_len = open && open > name ? (size_t)(open - name - 1) : strlen(name);
  const char *version = memchr(name, '@', name_len); /* pthread_create@@GLIBC_2.34 */
  if (version)
    name_len = (size_t)(version - name);
  if (!(name_len == 3 && strncmp(name, "???", 3) == 0))
    out->func = xstrndup(name, name_len);
  if (!open)
    return;
  const char *close = strchr(open, ')');
  char *inside = xstrndup(open + 1, close ? (size_t)(close - open - 1) : strlen(open + 1));
  if (starts_with(inside, "in ")) {
    out->module = xstrdup(inside + 3);
  } else {
    char *colon_in = strrchr(inside, ':');
    if (colon_in) {
      *colon_in = '\0';
      out->line = atoi(colon_in + 1);
    }
    out->file = xstrdup(inside);
  }
  free(inside);
}

/* Words of the tool's own sentence, without what changes from run to run: addresses,
 * thread numbers, directories. A sentence starts in lower case, as in a finding's line. */
static char *scrubbed(const char *text, int sentence) {
  struct strlist words = {0};
  split_words(text, " ", &words);
  struct buf out = {0};
  for (size_t i = 0; i < words.len; i++) {
    const char *w = words.items[i];
    if (starts_with(w, "0x") ||
        (strcmp(w, "at") == 0 && i + 1 < words.len && starts_with(words.items[i + 1], "0x")))
      continue;
    if (i > 0 && ends_with(words.items[i - 1], "thread") && isdigit((unsigned char)w[0])) {
      buf_adds(&out, w + strspn(w, "0123456789")); /* "(thread 2)" -> "(thread)" */
      continue;
    }
    buf_printf(&out, "%s%s", out.len ? " " : "", w[0] == '/' ? path_basename(w) : w);
  }
  strlist_free(&words);
  while (out.len && strchr(":.", out.data[out.len - 1]))
    out.data[--out.len] = '\0';
  if (sentence && out.len)
    out.data[0] = (char)tolower((unsigned char)out.data[0]);
  return out.data ? out.data : xstrdup("");
}

/* A thread as Helgrind announced it: where it was created. */
struct announced {
  int id;
  struct stack created;
};

struct parse_state {
  const char *root;
  struct report *report;
  struct stack *stack;
  struct stack *ignored;     /* frames no report keeps */
  int helgrind;              /* in a Helgrind error: a blank line ends a paragraph, not it */
  int describing_lock;       /* the next "Address" line is a lock's, not the report's */
  unsigned long long *locks; /* the report's locks by address; a lock's id is its index */
  size_t nlocks;
  struct announced *threads; /* every thread announced so far */
  size_t nthreads;
};

/* Helgrind numbers the root thread #1; the model numbers main 0, as TSan does. */
static int helgrind_thread(const char *number) {
  return atoi(number) - 1;
}

static int lock_id(struct parse_state *st, unsigned long long address) {
  for (size_t i = 0; i < st->nlocks; i++)
    if (st->locks[i] == address)
      return (int)i;
  st->locks = xrealloc(st->locks, (st->nlocks + 1) * sizeof *st->locks);
  st->locks[st->nlocks] = address;
  return (int)st->nlocks++;
}

static int lock_at(struct parse_state *st, const char *text) {
  const char *at = strstr(text, "0x");
  return at ? lock_id(st, strtoull(at, NULL, 16)) : NO_ID;
}

/* Names a thread in the report as Helgrind announced it, once. */
static void add_announced(struct parse_state *st, int id) {
  if (report_thread(st->report, id))
    return;
  for (size_t i = 0; i < st->nthreads; i++)
    if (st->threads[i].id == id)
      stack_copy(&report_add_thread(st->report, id)->created, &st->threads[i].created);
}

/* "Conflicting load by thread 3 at 0x0010c024 size 4" (DRD) */
static struct stack *parse_conflict(struct report *r, const char *title) {
  int store = starts_with(title, "Conflicting store ");
  if (!store && !starts_with(title, "Conflicting load "))
    return NULL;
  r->kind = REPORT_DATA_RACE;
  free(r->title); /* a sentence before it may have named the report */
  r->title = xstrdup("data race");
  struct access *a = report_add_access(r);
  a->op = store ? ACCESS_WRITE : ACCESS_READ;
  const char *size = strstr(title, " size ");
  a->size = size ? atoi(size + 6) : 0;
  const char *thread = strstr(title, " by thread ");
  a->thread = thread ? atoi(thread + strlen(" by thread ")) : NO_ID;
  return &a->stack;
}

/* "Lock on mutex 0x10c058 was held during 101 ms (threshold: 50 ms)." after "Acquired at:" */
static struct stack *parse_held_too_long(struct report *r, const char *title) {
  const char *threshold = strstr(title, " was held during ");
  threshold = threshold ? strstr(threshold, "(threshold: ") : NULL;
  if (!threshold)
    return NULL;
  r->kind = REPORT_HELD_TOO_LONG;
  free(r->title);
  r->title = xstrdup("lock held too long");
  r->threshold_ms = atoi(threshold + strlen("(threshold: "));
  return &report_add_event(r, EVENT_UNLOCKED)->stack;
}

/* "Possible data race during write of size 4 at 0x10C038 by thread #2", then "This conflicts
 * with a previous read of size 4 by thread #3" (Helgrind) */
static struct stack *parse_possible_race(struct parse_state *st, const char *title) {
  static const char first[] = "Possible data race during ", other[] = "This conflicts with a ";
  int previous = starts_with(title, other);
  if (!previous && !starts_with(title, first))
    return NULL;
  struct report *r = st->report;
  r->kind = REPORT_DATA_RACE;
  free(r->title);
  r->title = xstrdup("data race");
  struct access *a = report_add_access(r);
  a->previous = previous;
  a->op = strstr(title, " write of size ") ? ACCESS_WRITE : ACCESS_READ;
  const char *size = strstr(title, " of size ");
  a->size = size ? atoi(size + strlen(" of size ")) : 0;
  const char *thread = strstr(title, " by thread #");
  if (thread) {
    a->thread = helgrind_thread(thread + strlen(" by thread #"));
    add_announced(st, a->thread);
  }
  return &a->stack;
}

/* "Locks held: none", "Locks held: 2, at addresses 0x4A8E040 0x4A8E0A0": the access's. */
static int parse_locks_held(struct parse_state *st, const char *title) {
  if (!starts_with(title, "Locks held: "))
    return 0;
  struct report *r = st->report;
  if (r->naccesses == 0)
    return 1;
  struct access *a = &r->accesses[r->naccesses - 1];
  for (const char *p = strstr(title, "0x"); p; p = strstr(p + 2, "0x")) {
    a->held = xrealloc(a->held, (a->nheld + 1) * sizeof *a->held);
    a->held[a->nheld++] = (struct held_mutex){.id = lock_id(st, strtoull(p, NULL, 16)), .write = 1};
  }
  return 1;
}

/* The order Helgrind saw and the order it had seen before, each as one acquisition
 * followed by a later one: two edges of the cycle. */
static struct stack *parse_lock_order(struct parse_state *st, const char *title) {
  struct report *r = st->report;
  if (starts_with(title, "Observed (incorrect) order is: acquisition of lock at ") ||
      starts_with(title, "Required order was established by acquisition of lock at ")) {
    struct lock_edge *e = report_add_edge(r);
    e->held = lock_at(st, title);
    return &e->earlier;
  }
  if (starts_with(title, "followed by a later acquisition of lock at ") && r->nedges) {
    struct lock_edge *e = &r->edges[r->nedges - 1];
    e->mutex = lock_at(st, title);
    return &e->acquired;
  }
  return NULL;
}

/* "Lock at 0x10C050 was first observed": where a lock the report names came from. */
static struct stack *parse_lock_origin(struct parse_state *st, const char *title) {
  if (!starts_with(title, "Lock at ") || !strstr(title, " was first observed"))
    return NULL;
  st->describing_lock = 1;
  return &report_add_mutex(st->report, lock_at(st, title))->created;
}

/* "Address 0x10c038 is 0 bytes inside data symbol "balance"", "... is on thread #1's stack",
 * "... is 8 bytes inside a block of size 16 alloc'd": what the report's memory is. */
static void parse_address(struct parse_state *st, const char *title) {
  struct location *l = &st->report->location;
  const char *start = strstr(title, " is 0 bytes inside data symbol \"");
  if (st->describing_lock && start && st->report->nmutexes) { /* the lock is that variable */
    struct mutex *m = &st->report->mutexes[st->report->nmutexes - 1];
    start += strlen(" is 0 bytes inside data symbol \"");
    if (!m->variable)
      m->variable = xstrndup(start, strcspn(start, "\""));
  }
  if (st->describing_lock || l->kind != LOCATION_NONE)
    return;
  const char *symbol = strstr(title, " inside data symbol \"");
  const char *block = strstr(title, " inside a block of size ");
  const char *stack = strstr(title, " is on thread #");
  if (symbol) {
    symbol += strlen(" inside data symbol \"");
    l->kind = LOCATION_GLOBAL;
    l->name = xstrndup(symbol, strcspn(symbol, "\""));
  } else if (block) {
    l->kind = LOCATION_HEAP;
    l->size = atol(block + strlen(" inside a block of size "));
  } else if (stack) {
    l->kind = LOCATION_STACK;
    l->thread = helgrind_thread(stack + strlen(" is on thread #"));
    add_announced(st, l->thread);
  } else {
    l->kind = LOCATION_OTHER;
    const char *is = strstr(title, " is ");
    l->name = scrubbed(is ? is + 4 : title, 0);
  }
}

/* "Thread #2: Exiting thread still holds 1 lock", "Thread #1 unlocked a not-locked lock at
 * 0x...": a thread misusing a lock; its lock order violated is a cycle. */
static struct stack *parse_thread_error(struct parse_state *st, const char *title) {
  int n, used = 0;
  if (sscanf(title, "Thread #%d%n", &n, &used) != 1)
    return NULL;
  const char *words = starts_with(title + used, ": ")    ? title + used + 2
                      : starts_with(title + used, "'s ") ? title + used + 3
                      : starts_with(title + used, " ")   ? title + used + 1
                                                         : NULL;
  if (!words)
    return NULL;
  struct report *r = st->report;
  add_announced(st, helgrind_thread(title + strlen("Thread #")));
  free(r->title);
  if (starts_with(words, "lock order \"")) {
    r->kind = REPORT_LOCK_ORDER;
    r->title = xstrdup("lock order violated");
    const char *before = strstr(words, " before ");
    int first = lock_at(st, words), second = before ? lock_at(st, before) : NO_ID;
    report_add_cycle_id(r, first);
    report_add_cycle_id(r, second);
    report_add_cycle_id(r, first);
    return st->ignored;
  }
  r->kind = starts_with(words, "Exiting thread still holds ") ? REPORT_LOCK_HELD_AT_EXIT
                                                              : REPORT_MUTEX_MISUSE;
  r->title = scrubbed(words, 1);
  const struct thread *t = report_thread(r, helgrind_thread(title + strlen("Thread #")));
  if (t) { /* which thread it was, by where it was made: its stack may be the C library's */
    struct event *e = report_add_event(r, EVENT_LABELED);
    e->label = xstrdup("thread created");
    stack_copy(&e->stack, &t->created);
  }
  return &report_add_event(r, EVENT_AT)->stack;
}

/* DRD words a misuse of a lock "Recursive locking not allowed: mutex 0x..., recursion count
 * 1, owner 1.": its name is the sentence before the colon. */
static int is_drd_lock_misuse(const char *title) {
  const char *colon = strstr(title, ": ");
  return colon && (starts_with(colon + 2, "mutex 0x") || starts_with(colon + 2, "rwlock 0x") ||
                   starts_with(colon + 2, "cond 0x") || starts_with(colon + 2, "semaphore 0x") ||
                   starts_with(colon + 2, "barrier 0x"));
}

static struct stack *open_drd_section(struct report *r, const char *title, struct stack *ignored) {
  struct stack *s;
  if ((s = parse_conflict(r, title)) || (s = parse_held_too_long(r, title)))
    return s;
  if (strcmp(title, "Acquired at:") == 0)
    return &report_add_event(r, EVENT_LOCKED)->stack;
  if (strstr(title, " was first observed at:"))
    return ignored; /* where the lock held too long was first taken: its "Acquired at" */
  static const char allocation[] = "Allocation context: ";
  if (starts_with(title, allocation) && r->location.kind == LOCATION_NONE) {
    r->location.kind = LOCATION_OTHER;
    r->location.name = scrubbed(title + strlen(allocation), 0);
    return &r->location.stack;
  }
  if (!r->title && is_drd_lock_misuse(title)) {
    char *sentence = xstrndup(title, (size_t)(strstr(title, ": ") - title));
    r->kind = starts_with(sentence, "Mutex still locked at thread exit") ? REPORT_LOCK_HELD_AT_EXIT
                                                                         : REPORT_MUTEX_MISUSE;
    r->title = scrubbed(sentence, 1);
    free(sentence);
    return &report_add_event(r, EVENT_AT)->stack;
  }
  if (!r->title) { /* an error of a kind not modelled here: its first sentence names it */
    if (strstr(title, " is not a mutex")) /* DRD, given a lock that is not locked */
      r->kind = REPORT_MUTEX_MISUSE;
    r->title = scrubbed(title, 1);
    return &report_add_event(r, EVENT_AT)->stack;
  }
  struct event *e = report_add_event(r, EVENT_LABELED);
  e->label = scrubbed(title, 1);
  return &e->stack;
}

static struct stack *open_section(struct parse_state *st, const char *title) {
  struct stack *s;
  if (st->helgrind) {
    if (starts_with(title, "Address 0x")) { /* about the lock or the memory just named */
      parse_address(st, title);
      return st->ignored;
    }
    st->describing_lock = 0;
    if ((s = parse_possible_race(st, title)) || (s = parse_lock_order(st, title)) ||
        (s = parse_lock_origin(st, title)) || (s = parse_thread_error(st, title)))
      return s;
    if (parse_locks_held(st, title))
      return st->stack;
    if (starts_with(title, "Block was alloc'd by thread #")) {
      struct location *l = &st->report->location;
      l->thread = helgrind_thread(title + strlen("Block was alloc'd by thread #"));
      add_announced(st, l->thread);
      return &l->stack;
    }
    if (starts_with(title, "in frame #"))
      return st->ignored; /* which frame of a stack the memory is in */
  }
  return open_drd_section(st->report, title, st->ignored);
}

static int is_thread_heading(const char *title) {
  int n;
  char colon;
  return sscanf(title, "Thread %d%c", &n, &colon) == 2 && colon == ':';
}

static void end_report(struct parse_state *st) {
  st->report = NULL;
  st->stack = NULL;
  st->describing_lock = 0;
  free(st->locks);
  st->locks = NULL;
  st->nlocks = 0;
}

static void parse_line(struct parse_state *st, struct detector_log *out, const char *t) {
  const char *content = t + strspn(t, " ");
  if (!st->report) {
    if (is_thread_heading(content))
      return;
    st->report = reports_add(&out->reports);
    st->report->kind = REPORT_OTHER;
  }
  if (t[0] == ' ' && (starts_with(content, "at 0x") || starts_with(content, "by 0x"))) {
    if (!st->stack)
      st->stack = &report_add_event(st->report, EVENT_AT)->stack;
    struct frame *f = stack_add_frame(st->stack);
    valgrind_parse_frame(content, f);
    place_source(f, st->root);
  } else if (starts_with(content, "(thread finished, call stack no longer available)")) {
    if (st->stack)
      st->stack->lost = 1;
  } else {
    st->stack = open_section(st, content);
  }
}

/* "Thread #2 was created" and its stack, or "Thread #1 is the program's root thread". */
static void parse_announcement(struct parse_state *st, const char *t) {
  const char *content = t + strspn(t, " ");
  int n;
  if (sscanf(content, "Thread #%d", &n) == 1) {
    st->threads = xrealloc(st->threads, (st->nthreads + 1) * sizeof *st->threads);
    st->threads[st->nthreads++] =
        (struct announced){.id = helgrind_thread(content + strlen("Thread #"))};
  } else if (st->nthreads && (starts_with(content, "at 0x") || starts_with(content, "by 0x"))) {
    struct frame *f = stack_add_frame(&st->threads[st->nthreads - 1].created);
    valgrind_parse_frame(content, f);
    place_source(f, st->root);
  }
}

enum block { BLOCK_DRD, BLOCK_ANNOUNCEMENT, BLOCK_HELGRIND };

/* Helgrind's "---Thread-Announcement----..." and "--------...": what the next lines are. */
static int separator(const char *t, enum block *block) {
  if (!starts_with(t, "---"))
    return 0;
  *block = starts_with(t, "---Thread-Announcement") ? BLOCK_ANNOUNCEMENT : BLOCK_HELGRIND;
  return 1;
}

static void free_state(struct parse_state *st) {
  end_report(st);
  for (size_t i = 0; i < st->nthreads; i++)
    stack_free(&st->threads[i].created);
  free(st->threads);
}

void valgrind_parse(const char *text, size_t len, const char *source_root,
                    struct detector_log *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  struct stack ignored = {0};
  struct parse_state st = {.root = source_root, .ignored = &ignored};
  enum block block = BLOCK_DRD;
  int in_banner = 1;
  for (size_t i = 0; i < lines.len; i++) {
    const char *t = report_text(lines.items[i]);
    if (!t) {
      if (is_tool_failure(lines.items[i]) && !out->crash_words)
        out->crash_words = xstrdup(lines.items[i]);
      continue;
    }
    const char *content = t + strspn(t, " ");
    if (separator(content, &block)) {
      in_banner = 0;
      end_report(&st);
    } else if (*content == '\0') {
      in_banner = 0; /* the banner ends at the first blank line */
      if (block == BLOCK_HELGRIND)
        st.stack = NULL;
      else
        end_report(&st);
    } else if (block == BLOCK_ANNOUNCEMENT) {
      parse_announcement(&st, t);
    } else if (!in_banner && !is_summary(content)) {
      st.helgrind = block == BLOCK_HELGRIND;
      parse_line(&st, out, t);
    }
  }
  for (size_t i = 0; i < out->reports.len; i++)
    if (!out->reports.items[i].title)
      out->reports.items[i].title = xstrdup("valgrind report");
  free_state(&st);
  stack_free(&ignored);
  strlist_free(&lines);
}
