/* A valgrind thread tool's error stream (DRD, Helgrind), "==PID== "-prefixed, into reports
 * as data. This file alone knows how those tools word their errors. */
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
         starts_with(text, "For counts of detected") || starts_with(text, "Use --history-level");
}

void valgrind_parse_frame(const char *text, struct frame *out) {
  *out = (struct frame){0};
  const char *colon = strstr(text, ": ");
  const char *name = colon ? colon + 2 : text;
  const char *open = strrchr(name, '(');
  size_t name_len = open && open > name ? (size_t)(open - name - 1) : strlen(name);
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

struct parse_state {
  struct report *report;
  struct stack *stack;
  struct stack *ignored; /* frames no report keeps */
};

/* "Conflicting load by thread 3 at 0x0010c024 size 4" */
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

static struct stack *open_section(struct report *r, const char *title, struct stack *ignored) {
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
  if (!r->title) { /* an error of a kind not modelled here: its first sentence names it */
    r->title = scrubbed(title, 1);
    return &report_add_event(r, EVENT_AT)->stack;
  }
  struct event *e = report_add_event(r, EVENT_LABELED);
  e->label = scrubbed(title, 1);
  return &e->stack;
}

static int is_thread_heading(const char *title) {
  int n;
  char colon;
  return sscanf(title, "Thread %d%c", &n, &colon) == 2 && colon == ':';
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
    valgrind_parse_frame(content, stack_add_frame(st->stack));
  } else if (starts_with(content, "(thread finished, call stack no longer available)")) {
    if (st->stack)
      st->stack->lost = 1;
  } else {
    st->stack = open_section(st->report, content, st->ignored);
  }
}

void valgrind_parse(const char *text, size_t len, struct detector_log *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  struct stack ignored = {0};
  struct parse_state st = {.ignored = &ignored};
  int in_banner = 1;
  for (size_t i = 0; i < lines.len; i++) {
    const char *t = report_text(lines.items[i]);
    if (!t)
      continue;
    if (t[strspn(t, " ")] == '\0') {
      in_banner = 0; /* the banner ends at the first blank line */
      st = (struct parse_state){.ignored = &ignored};
    } else if (!in_banner && !is_summary(t + strspn(t, " "))) {
      parse_line(&st, out, t);
    }
  }
  for (size_t i = 0; i < out->reports.len; i++)
    if (!out->reports.items[i].title)
      out->reports.items[i].title = xstrdup("valgrind report");
  stack_free(&ignored);
  strlist_free(&lines);
}
