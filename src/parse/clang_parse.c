/* Clang's diagnostics, as the compiler (-Wthread-safety), its static analyzer (--analyze
 * with -analyzer-output=text) and clang-tidy print them, into reports as data:
 *
 *   cases/x.c:12:3: warning: This lock has already been acquired [alpha.unix.PthreadLock]
 *   cases/x.c:27:3: note: Calling 'month_end'
 *
 * A warning is a report, its notes are its path; an error means the tool could not analyse
 * the file. This file alone knows how those tools word a diagnostic. */
#include "detector_log.h"

#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct diagnostic {
  char *file;
  int line, column;
  const char *severity; /* "warning", "note", "error", "fatal error" */
  const char *text;     /* after the severity, up to the end of the line */
};

static const char *const SEVERITIES[] = {"warning: ", "note: ", "error: ", "fatal error: "};

/* "FILE:LINE:COL: SEVERITY: TEXT", with or without the column; 0 for any other line. */
static int read_diagnostic(const char *line, struct diagnostic *out) {
  for (const char *colon = strchr(line, ':'); colon; colon = strchr(colon + 1, ':')) {
    if (!isdigit((unsigned char)colon[1]))
      continue;
    char *end;
    long number = strtol(colon + 1, &end, 10), column = 0;
    if (*end == ':' && isdigit((unsigned char)end[1]))
      column = strtol(end + 1, &end, 10);
    if (end[0] != ':' || end[1] != ' ')
      continue;
    for (size_t i = 0; i < sizeof SEVERITIES / sizeof SEVERITIES[0]; i++)
      if (starts_with(end + 2, SEVERITIES[i])) {
        *out = (struct diagnostic){.file = xstrndup(line, (size_t)(colon - line)),
                                   .line = (int)number,
                                   .column = (int)column,
                                   .severity = SEVERITIES[i],
                                   .text = end + 2 + strlen(SEVERITIES[i])};
        return 1;
      }
  }
  return 0;
}

static void add_place(struct stack *s, struct diagnostic *d) {
  struct frame *f = stack_add_frame(s);
  f->file = d->file;
  f->line = d->line;
  f->column = d->column;
  d->file = NULL;
}

/* A warning ends in the name of the check that made it: [-Wthread-safety-analysis]. */
static struct report *start_warning(struct detector_log *out, struct diagnostic *d) {
  struct report *r = reports_add(&out->reports);
  r->kind = REPORT_STATIC_WARNING;
  size_t len = strlen(d->text);
  const char *open = strrchr(d->text, '[');
  if (len && d->text[len - 1] == ']' && open && open > d->text && open[-1] == ' ') {
    r->checker = xstrndup(open + 1, (size_t)(d->text + len - 1 - open - 1));
    len = (size_t)(open - 1 - d->text);
  }
  r->title = xstrndup(d->text, len);
  add_place(&report_add_event(r, EVENT_AT)->stack, d);
  return r;
}

/* A note about the warning above it: a step of the path that leads to it, or where a lock
 * was taken. Where a macro wrote the code is clang's own detail, not the program's. */
static void add_note(struct report *r, struct diagnostic *d) {
  if (!r || starts_with(d->text, "expanded from macro"))
    return;
  struct event *e = report_add_event(r, EVENT_LABELED);
  e->label = xstrdup(d->text + strspn(d->text, " "));
  add_place(&e->stack, d);
}

void clang_diagnostics_parse(const char *text, size_t len, struct detector_log *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  struct report *current = NULL;
  for (size_t i = 0; i < lines.len; i++) {
    const char *line = lines.items[i];
    struct diagnostic d;
    if (!read_diagnostic(line, &d)) {
      if (starts_with(line, "error: ") && !out->crash_words)
        out->crash_words = xstrdup(line); /* the tool's own trouble, with no place */
      continue;
    }
    if (d.severity == SEVERITIES[0])
      current = start_warning(out, &d);
    else if (d.severity == SEVERITIES[1])
      add_note(current, &d);
    else
      current = NULL;
    if (d.severity != SEVERITIES[0] && d.severity != SEVERITIES[1] && !out->crash_words)
      out->crash_words = xstrdup(line);
    free(d.file);
  }
  strlist_free(&lines);
}
