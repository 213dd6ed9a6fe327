/* ThreadSanitizer's text reports, as printed between its "=====" lines (tsan_report.cpp),
 * and its deadly-signal reports (sanitizer_common), into reports as data. This file alone
 * knows how TSan words them. */
#include "detector_log.h"

#include "array.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char RULE[] = "==================";
static const char WARNING[] = "WARNING: ThreadSanitizer: ";
/* A deadly signal's report: "==PID==ERROR: ThreadSanitizer: SEGV on unknown address 0x0 (pc
 * ...)", notes and frames, then "==PID==ABORTING". */
static const char DEADLY[] = "ERROR: ThreadSanitizer: ";
static const char ABORTING[] = "ABORTING";
static const char FATAL[] = "FATAL: ThreadSanitizer: ";
/* The runtime failing itself: an internal check, or no memory left for its shadow. */
static const char *const RUNTIME_FAILURES[] = {
    "ThreadSanitizer: CHECK failed: ", "ThreadSanitizer failed to allocate ",
    "ThreadSanitizer: out of memory"};

static int all_digits(const char *s, size_t n) {
  if (n == 0)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i]))
      return 0;
  return 1;
}

/* Cuts a trailing " (something)" group that contains must_contain; returns the new length. */
static size_t cut_trailing_group(const char *s, size_t len, const char *must_contain) {
  if (len < 3 || s[len - 1] != ')')
    return len;
  for (size_t i = len - 1; i > 0; i--)
    if (s[i] == '(' && s[i - 1] == ' ')
      return memmem(s + i, len - i, must_contain, strlen(must_contain)) ? i - 1 : len;
  return len;
}

static void parse_source_location(const char *loc, size_t n, struct frame *out) {
  if (n == 6 && strncmp(loc, "<null>", 6) == 0)
    return;
  /* file[:line[:col]]: numbers are peeled off from the right */
  size_t end = n;
  int numbers[2] = {0, 0};
  int count = 0;
  while (count < 2) {
    const char *colon = NULL;
    for (size_t i = end; i > 0; i--)
      if (loc[i - 1] == ':') {
        colon = loc + i - 1;
        break;
      }
    if (!colon || !all_digits(colon + 1, (size_t)(loc + end - colon - 1)))
      break;
    numbers[count++] = atoi(colon + 1);
    end = (size_t)(colon - loc);
  }
  out->file = xstrndup(loc, end);
  out->line = count == 2 ? numbers[1] : numbers[0];
}

static int ends_with_null(const char *text, size_t len) {
  return len >= 7 && strncmp(text + len - 7, " <null>", 7) == 0;
}

/* "<null> <null> (0x000000000042)": code in no module, known only by its address. */
static int parse_address_only(const char *text, struct frame *out) {
  static const char prefix[] = "<null> <null> (0x";
  char *end = NULL;
  if (!starts_with(text, prefix))
    return 0;
  unsigned long long address = strtoull(text + strlen(prefix), &end, 16);
  if (end == text + strlen(prefix) || strcmp(end, ")") != 0)
    return 0;
  out->address = address;
  return 1;
}

void tsan_parse_frame(const char *text, struct frame *out) {
  *out = (struct frame){0};
  if (parse_address_only(text, out))
    return;
  size_t len = strlen(text);
  len = cut_trailing_group(text, len, "BuildId: ");
  size_t without_module = cut_trailing_group(text, len, "+0x");
  if (without_module != len) {
    const char *open = text + without_module + 2;
    const char *plus = strstr(open, "+0x");
    out->module = xstrndup(open, (size_t)(plus - open));
    len = without_module;
  }
  while (len > 0 && text[len - 1] == ' ')
    len--;
  /* "func location": an absolute location may hold spaces, so it starts at the first " /";
   * otherwise it is the last word */
  size_t space = len;
  while (space > 0 && text[space - 1] != ' ')
    space--;
  const char *absolute = strstr(text, " /");
  if (absolute && (size_t)(absolute - text) < len && !ends_with_null(text, len))
    space = (size_t)(absolute - text) + 1;
  if (space == 0) { /* a lone token: a function with no location */
    out->func = len ? xstrndup(text, len) : NULL;
    return;
  }
  parse_source_location(text + space, len - space, out);
  size_t func_len = space - 1;
  if (func_len && !(func_len == 6 && strncmp(text, "<null>", 6) == 0))
    out->func = xstrndup(text, func_len);
}

static const char *skip_spaces(const char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

/* "#12 rest" -> "rest"; NULL if the line is not a frame. */
static const char *frame_text(const char *line) {
  const char *p = skip_spaces(line);
  if (*p != '#' || !isdigit((unsigned char)p[1]))
    return NULL;
  p++;
  while (isdigit((unsigned char)*p))
    p++;
  return skip_spaces(p);
}

/* "==1234==rest" -> "rest"; other lines as they are. */
static const char *without_pid(const char *line) {
  if (!starts_with(line, "=="))
    return line;
  const char *end = strstr(line + 2, "==");
  return end ? end + 2 : line;
}

/* --- Report kinds and the words of each section ------------------------------------- */

static enum report_kind kind_of(const char *title) {
  if (starts_with(title, "data race") || starts_with(title, "race on "))
    return REPORT_DATA_RACE;
  if (starts_with(title, "heap-use-after-free"))
    return REPORT_MEMORY_ERROR;
  if (starts_with(title, "lock-order-inversion"))
    return REPORT_LOCK_ORDER;
  if (strcmp(title, "thread leak") == 0)
    return REPORT_THREAD_LEAK;
  if (strstr(title, "mutex"))
    return REPORT_MUTEX_MISUSE;
  if (starts_with(title, "signal"))
    return REPORT_SIGNAL;
  return REPORT_OTHER;
}

/* "main thread" -> MAIN_THREAD_ID; "thread T12" -> 12; else NO_ID. Sets *end past it. */
static int parse_thread_ref(const char *p, const char **end) {
  if (starts_with(p, "main thread")) {
    *end = p + strlen("main thread");
    return MAIN_THREAD_ID;
  }
  if (starts_with(p, "thread T") && isdigit((unsigned char)p[8])) {
    char *stop;
    long id = strtol(p + 8, &stop, 10);
    *end = stop;
    return (int)id;
  }
  *end = p;
  return NO_ID;
}

static int thread_after(const char *text, const char *marker) {
  const char *p = strstr(text, marker);
  const char *end;
  return p ? parse_thread_ref(p + strlen(marker), &end) : NO_ID;
}

/* " (mutexes: write M1, read M2)" */
static void parse_held(const char *title, struct access *a) {
  const char *p = strstr(title, "(mutexes: ");
  if (!p)
    return;
  p += strlen("(mutexes: ");
  while (*p && *p != ')') {
    int write = starts_with(p, "write ");
    const char *m = strchr(p, 'M');
    const char *close = strchr(p, ')');
    if (!m || (close && m > close))
      return;
    *ARRAY_PUSH(a->held, a->nheld) = (struct held_mutex){.id = atoi(m + 1), .write = write};
    p = strchr(m, ',');
    if (!p)
      return;
    p = skip_spaces(p + 1);
  }
}

/* "[Previous ][atomic ](read|write) of size N at ADDR by WHO[ (mutexes: ...)]:", or an
 * annotated object's "[Previous ](modifying|read-only) access of TAG at ADDR by WHO:". */
static struct stack *parse_access(struct report *r, const char *title) {
  const char *p = title;
  int previous = 0, atomic = 0, size = 0;
  char *tag = NULL;
  enum access_op op;
  if (starts_with(p, "Previous "))
    previous = 1, p += strlen("Previous ");
  if (strncasecmp(p, "atomic ", 7) == 0)
    atomic = 1, p += 7;
  if (strncasecmp(p, "write of size ", 14) == 0 || strncasecmp(p, "read of size ", 13) == 0) {
    op = tolower((unsigned char)*p) == 'w' ? ACCESS_WRITE : ACCESS_READ;
    size = atoi(p + (op == ACCESS_WRITE ? 14 : 13));
  } else if (strncasecmp(p, "modifying access of ", 20) == 0 ||
             strncasecmp(p, "read-only access of ", 20) == 0) {
    op = tolower((unsigned char)*p) == 'm' ? ACCESS_WRITE : ACCESS_READ;
    const char *name = p + 20;
    tag = xstrndup(name, strcspn(name, " "));
  } else {
    return NULL;
  }
  struct access *a = report_add_access(r);
  a->op = op, a->size = size, a->atomic = atomic, a->previous = previous, a->tag = tag;
  a->thread = thread_after(title, " by ");
  parse_held(title, a);
  return &a->stack;
}

/* "Location is global 'x' of size 4 at 0x... (prog+0x...)", "heap block of size 16 at 0x...
 * allocated by thread T1:", "stack of main thread.", "TLS of thread T2.", "file descriptor
 * 3 created by main thread at:". */
static struct stack *parse_location(struct report *r, const char *title, struct stack *ignored) {
  static const char prefix[] = "Location is ";
  if (!starts_with(title, prefix))
    return NULL;
  struct location *l = &r->location;
  if (l->kind != LOCATION_NONE)
    return ignored; /* TSan may add "global '??' ([stack]+0x...)" for a main-thread stack */
  const char *p = title + strlen(prefix);
  const char *end;
  if (starts_with(p, "global '")) {
    p += strlen("global '");
    const char *quote = strstr(p, "' ");
    size_t n = quote ? (size_t)(quote - p) : strcspn(p, "'");
    l->kind = LOCATION_GLOBAL;
    l->name = xstrndup(p, n);
    const char *size = strstr(p + n, " of size ");
    if (size)
      l->size = atol(size + strlen(" of size "));
  } else if (starts_with(p, "heap block of size ")) {
    l->kind = LOCATION_HEAP;
    l->size = atol(p + strlen("heap block of size "));
    l->thread = thread_after(p, " by ");
  } else if (starts_with(p, "stack of ") || starts_with(p, "TLS of ")) {
    l->kind = *p == 's' ? LOCATION_STACK : LOCATION_TLS;
    l->thread = parse_thread_ref(strstr(p, " of ") + 4, &end);
  } else if (starts_with(p, "file descriptor ")) {
    l->kind = LOCATION_FD;
    l->fd = atoi(p + strlen("file descriptor "));
    l->thread = thread_after(p, " by ");
  } else {
    l->kind = LOCATION_OTHER;
    l->name = xstrndup(p, strcspn(p, ":"));
  }
  return &l->stack;
}

/* "Mutex M0 (0x...) created at:", "Mutex M0 is already destroyed." */
static struct stack *parse_mutex(struct report *r, const char *title) {
  int id;
  char after;
  if (sscanf(title, "Mutex M%d%c", &id, &after) != 2 || after != ' ')
    return NULL;
  if (strstr(title, " acquired here ") || strstr(title, " previously acquired "))
    return NULL; /* a lock-order edge */
  struct mutex *m = report_add_mutex(r, id);
  m->destroyed = strstr(title, "already destroyed") != NULL;
  const char *address = strstr(title, " (0x");
  if (address)
    m->address = strtoull(address + 2, NULL, 16);
  return &m->created;
}

/* "Thread T1 'name' (tid=4, finished) created by main thread at:" */
static struct stack *parse_thread(struct report *r, const char *title) {
  if (!starts_with(title, "Thread T") || !strstr(title, " created by "))
    return NULL;
  char *after_id;
  struct thread *t = report_add_thread(r, (int)strtol(title + strlen("Thread T"), &after_id, 10));
  t->parent = thread_after(title, " created by ");
  const char *tid = strstr(after_id, "' (tid=");
  if (starts_with(after_id, " '") && tid) /* the name may hold anything but that */
    t->label = xstrndup(after_id + 2, (size_t)(tid - after_id - 2));
  return &t->created;
}

/* "Cycle in lock order graph: M0 (0x...) => M1 (0x...) => M0" */
static int parse_cycle(struct report *r, const char *title) {
  static const char prefix[] = "Cycle in lock order graph: ";
  if (!starts_with(title, prefix))
    return 0;
  for (const char *p = title + strlen(prefix); (p = strchr(p, 'M'));) {
    if (!isdigit((unsigned char)p[1]) || (p != title && p[-1] != ' ')) {
      p++;
      continue;
    }
    int id = (int)strtol(p + 1, (char **)&p, 10);
    report_add_cycle_id(r, id);
    if (starts_with(p, " (0x") && !report_mutex(r, id)) /* where it is, to name it by */
      report_add_mutex(r, id)->address = strtoull(p + 2, NULL, 16);
  }
  return 1;
}

/* "Mutex M1 acquired here while holding mutex M0 in thread T1:", then, with
 * second_deadlock_stack, "Mutex M0 previously acquired by the same thread here:". */
static struct stack *parse_edge(struct report *r, const char *title) {
  int id;
  if (sscanf(title, "Mutex M%d", &id) != 1)
    return NULL;
  const char *holding = strstr(title, " acquired here while holding mutex M");
  if (holding) {
    struct lock_edge *e = report_add_edge(r);
    e->mutex = id;
    e->held = atoi(holding + strlen(" acquired here while holding mutex M"));
    const char *in = strstr(holding, " in ");
    const char *end;
    e->thread = in ? parse_thread_ref(in + 4, &end) : NO_ID;
    return &e->acquired;
  }
  if (strstr(title, " previously acquired by the same thread") && r->nedges &&
      r->edges[r->nedges - 1].held == id)
    return &r->edges[r->nedges - 1].earlier;
  return NULL;
}

/* "Signal 10 handler invoked at:" */
static struct stack *parse_handler(struct report *r, const char *title) {
  int number;
  if (sscanf(title, "Signal %d handler invoked", &number) != 1)
    return NULL;
  struct event *e = report_add_event(r, EVENT_HANDLER);
  e->number = number;
  return &e->stack;
}

/* "And 1 more similar thread leaks." */
static int parse_more(struct report *r, const char *title) {
  int n;
  if (sscanf(title, "And %d more similar", &n) != 1)
    return 0;
  r->more = n;
  return 1;
}

/* A crash's "The signal is caused by a WRITE memory access." -> a note. */
static void add_note(struct report *r, const char *text) {
  size_t len = strlen(text);
  while (len && text[len - 1] == '.')
    len--;
  char *note = xstrndup(text, len);
  note[0] = (char)tolower((unsigned char)note[0]);
  strlist_push(&r->notes, note);
}

/* "rax = 0x0000000000000000   rbx = 0x...": newer runtimes dump a crash's registers. */
static int is_register_dump(const char *p) {
  size_t name = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
  return name > 0 && name <= 5 && starts_with(p + name + strspn(p + name, " "), "= 0x");
}

static int is_chatter(const char *p) {
  return *p == '\0' || starts_with(p, "SUMMARY: ThreadSanitizer") ||
         starts_with(p, "ThreadSanitizer can not provide additional info") ||
         starts_with(p, "Register values") || starts_with(p, "Hint: use TSAN_OPTIONS") ||
         is_register_dump(p);
}

/* The stack that the frames below a section title belong to, or NULL for none. */
static struct stack *open_section(struct report *r, const char *title, int is_note,
                                  struct stack *ignored) {
  struct stack *s;
  if (is_note) {
    add_note(r, title);
    return NULL;
  }
  if ((s = parse_access(r, title)) || (s = parse_location(r, title, ignored)) ||
      (s = parse_edge(r, title)) || (s = parse_mutex(r, title)) || (s = parse_thread(r, title)) ||
      (s = parse_handler(r, title)))
    return s;
  if (parse_cycle(r, title) || parse_more(r, title))
    return NULL;
  if (strcmp(title, "and:") == 0)
    return &report_add_event(r, EVENT_ALSO_AT)->stack;
  struct event *e = report_add_event(r, EVENT_LABELED);
  e->label = xstrndup(title, strcspn(title, ":"));
  return &e->stack;
}

struct parse_state {
  struct report *report;
  struct stack *stack; /* where the next frames go */
  int deadly;
  struct stack *ignored; /* frames no report keeps */
};

static void parse_report_line(struct parse_state *st, const char *line) {
  if (!st->deadly && line[0] != ' ')
    return; /* TSan indents its report: this is the program's own output, interleaved */
  struct report *r = st->report;
  const char *frame = frame_text(line);
  if (frame) {
    if (!st->stack) /* frames under the header: where the report happened */
      st->stack = &report_add_event(r, EVENT_AT)->stack;
    tsan_parse_frame(frame, stack_add_frame(st->stack));
    return;
  }
  const char *p = skip_spaces(without_pid(line));
  if (is_chatter(p))
    return;
  if (strcmp(p, "[failed to restore the stack]") == 0) {
    if (st->stack)
      st->stack->lost = 1;
    return;
  }
  /* a "==PID==" line of a crash is a note; the frames below it are the crash's */
  int note = line != without_pid(line);
  st->stack = open_section(r, p, note, st->ignored);
  if (note)
    st->stack = NULL;
}

static struct report *start_report(struct detector_log *out, char *title, enum report_kind kind) {
  struct report *r = reports_add(&out->reports);
  r->title = title;
  r->kind = kind;
  return r;
}

/* "... (pid=1234)" -> 1234; 0 when it is not there. */
static long report_pid(const char *line) {
  const char *pid = strstr(line, " (pid=");
  return pid ? strtol(pid + strlen(" (pid="), NULL, 10) : 0;
}

static char *warning_title(const char *line) {
  const char *kind = strstr(line, WARNING) + strlen(WARNING);
  const char *pid = strstr(kind, " (pid=");
  return pid ? xstrndup(kind, (size_t)(pid - kind)) : xstrdup(kind);
}

/* "SEGV on unknown address 0x000 (pc 0x... bp ...)" -> "SEGV on unknown address" */
static char *deadly_title(const char *line) {
  const char *kind = strstr(line, DEADLY) + strlen(DEADLY);
  size_t len = strcspn(kind, "(");
  const char *address = strstr(kind, " 0x");
  if (address && (size_t)(address - kind) < len)
    len = (size_t)(address - kind);
  while (len && kind[len - 1] == ' ')
    len--;
  return xstrndup(kind, len);
}

static void note_runtime_trouble(const char *line, struct detector_log *out) {
  const char *fatal = strstr(line, FATAL);
  if (fatal && !out->cannot_start) {
    out->cannot_start = xstrdup(fatal);
    out->unexpected_layout = strstr(fatal, "unexpected memory mapping") != NULL;
  }
  for (size_t i = 0; i < sizeof RUNTIME_FAILURES / sizeof *RUNTIME_FAILURES && !out->crash_words;
       i++) {
    const char *failure = strstr(line, RUNTIME_FAILURES[i]);
    if (failure)
      out->crash_words = xstrdup(failure);
  }
  if (strstr(line, "invalid path to external symbolizer"))
    out->no_symbolizer = 1;
}

void tsan_parse(const char *text, size_t len, struct detector_log *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  struct stack ignored = {0};
  struct parse_state st = {.ignored = &ignored};
  for (size_t i = 0; i < lines.len; i++) {
    const char *line = lines.items[i];
    note_runtime_trouble(line, out);
    if (strstr(line, WARNING)) {
      char *title = warning_title(line);
      st = (struct parse_state){.report = start_report(out, title, kind_of(title)),
                                .ignored = &ignored};
      st.report->pid = report_pid(line);
    } else if (strstr(line, DEADLY)) {
      st = (struct parse_state){.report = start_report(out, deadly_title(line), REPORT_CRASH),
                                .deadly = 1,
                                .ignored = &ignored};
    } else if (st.report && (strstr(line, RULE) || (st.deadly && strstr(line, ABORTING)))) {
      st = (struct parse_state){.ignored = &ignored};
    } else if (st.report) {
      parse_report_line(&st, line);
    }
  }
  out->cut_off |= st.report != NULL;
  stack_free(&ignored);
  strlist_free(&lines);
}

void detector_log_free(struct detector_log *log) {
  reports_free(&log->reports);
  free(log->cannot_start);
  free(log->crash_words);
  *log = (struct detector_log){0};
}
