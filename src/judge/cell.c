#include "cell.h"

#include <stdlib.h>
#include <string.h>

static const char *const WORDS[N_CELL_STATES] = {
    [CELL_REPORTED] = "reported",
    [CELL_SILENT] = "silent",
    [CELL_FALSE_REPORT] = "false_report",
    [CELL_HUNG] = "hung",
    [CELL_TIMEOUT] = "timeout",
    [CELL_CRASHED] = "crashed",
    [CELL_NOT_INSTALLED] = "not_installed",
};
static const char *const TEXTS[N_CELL_STATES] = {
    [CELL_REPORTED] = "reported",
    [CELL_SILENT] = "silent",
    [CELL_FALSE_REPORT] = "false report",
    [CELL_HUNG] = "hung",
    [CELL_TIMEOUT] = "timeout",
    [CELL_CRASHED] = "crashed",
    [CELL_NOT_INSTALLED] = "not installed",
};

const char *cell_state_word(enum cell_state s) {
  return WORDS[s];
}

const char *cell_state_text(enum cell_state s) {
  return TEXTS[s];
}

int cell_state_named(const char *word) {
  for (int s = 0; s < N_CELL_STATES; s++)
    if (strcmp(WORDS[s], word) == 0)
      return s;
  return -1;
}

/* --- Classification ------------------------------------------------------------------ */

/* The detector's own words: not racecheck's (its ledger, a hang, a failed run), not its
 * failure. */
static int is_detectors(const struct report *r) {
  return !r->by_racecheck && r->kind != REPORT_DETECTOR_FAILURE;
}

/* Whether a normalized stack's innermost frame, the place it names, is in the file. */
static int names_file(const struct stack *s, const char *source) {
  return s->len && s->frames[0].file && strcmp(s->frames[0].file, source) == 0;
}

/* The places a run's finding names: its accesses, lock-order edges and events (not the
 * context a detector adds, such as DRD's "other segment"), and for a report about a thread,
 * where the thread was created. */
static int names_case_file(const struct report *r, const char *source) {
  for (size_t i = 0; i < r->naccesses; i++)
    if (names_file(&r->accesses[i].stack, source))
      return 1;
  for (size_t i = 0; i < r->nedges; i++)
    if (names_file(&r->edges[i].acquired, source))
      return 1;
  for (size_t i = 0; i < r->nevents; i++)
    if (r->events[i].kind != EVENT_LABELED && names_file(&r->events[i].stack, source))
      return 1;
  int about_a_thread = r->kind == REPORT_MUTEX_MISUSE || r->kind == REPORT_THREAD_LEAK ||
                       r->kind == REPORT_LOCK_HELD_AT_EXIT;
  for (size_t i = 0; about_a_thread && i < r->nthreads; i++)
    if (names_file(&r->threads[i].created, source))
      return 1;
  return 0;
}

/* An analyser's warning or one of its notes on a line of the lesson. */
static int warns_on_lesson(const struct report *r, const char *source,
                           const struct bug_scope *scope) {
  for (size_t i = 0; scope && i < r->nevents; i++)
    if (names_file(&r->events[i].stack, source) &&
        bug_scope_holds(scope, r->events[i].stack.frames[0].line))
      return 1;
  return 0;
}

/* Whether the twin got a warning of the same words. */
static int twin_warned_alike(const struct cell_evidence *e, const struct report *r) {
  for (size_t i = 0; e->twin && i < e->twin->len; i++) {
    const struct report *t = &e->twin->items[i].report;
    if (t->kind == r->kind && t->title && r->title && strcmp(t->title, r->title) == 0)
      return 1;
  }
  return 0;
}

static int about_lesson(const struct cell_evidence *e, const struct report *r) {
  if (r->kind == REPORT_STATIC_WARNING)
    return warns_on_lesson(r, e->source, e->scope) && !twin_warned_alike(e, r);
  return e->about && e->about[r->kind] && names_case_file(r, e->source);
}

/* The detector failed, or the program died of a signal: what happened, in words. */
static char *crash_of(const struct cell_evidence *e) {
  const struct run_findings *f = e->run;
  if (f->environment)
    return xstrdup(f->environment);
  if (f->detector_crash)
    return xstrndup(f->detector_crash, strcspn(f->detector_crash, "\n"));
  if (e->analysis && !(f->end == CHILD_EXITED && f->status == 0))
    return run_outcome(f);
  if (!e->analysis && f->end == CHILD_SIGNALED)
    return run_outcome(f);
  for (size_t i = 0; i < f->findings.len; i++)
    if (f->findings.items[i].report.kind == REPORT_CRASH)
      return xstrndup(f->findings.items[i].text, strcspn(f->findings.items[i].text, "\n"));
  return NULL;
}

/* Reported or false report, from the findings that decide it; 0 when none does. */
static int decide_by_findings(const struct cell_evidence *e, struct cell *out) {
  int decided = 0;
  for (size_t i = 0; i < e->run->findings.len; i++) {
    const struct report *r = &e->run->findings.items[i].report;
    if (is_detectors(r) && (e->breaks ? about_lesson(e, r) : 1)) {
      out->kinds[r->kind] = 1;
      decided = 1;
    }
  }
  if (decided)
    out->state = e->breaks ? CELL_REPORTED : CELL_FALSE_REPORT;
  return decided;
}

static void decide(const struct cell_evidence *e, struct cell *out) {
  if (!e->run) {
    out->state = e->not_installed ? CELL_NOT_INSTALLED : CELL_CRASHED;
    out->why = xstrdup(e->not_run ? e->not_run : "it could not be run");
    return;
  }
  if ((out->why = crash_of(e))) {
    out->state = CELL_CRASHED;
    return;
  }
  if (decide_by_findings(e, out))
    return;
  out->state = e->run->end == CHILD_HUNG      ? CELL_HUNG
               : e->run->end == CHILD_TIMEOUT ? CELL_TIMEOUT
                                              : CELL_SILENT;
}

void cell_classify(const struct cell_evidence *e, struct cell *out) {
  memset(out->kinds, 0, sizeof out->kinds);
  out->breaks = e->breaks;
  decide(e, out);
  if (!e->run)
    return;
  out->stopped = e->run->end == CHILD_TIMEOUT;
  out->outcome = run_outcome(e->run);
  for (size_t i = 0; i < e->run->findings.len; i++)
    if (is_detectors(&e->run->findings.items[i].report))
      strlist_push(&out->words, xstrdup(e->run->findings.items[i].text));
}

/* --- Lines and files ----------------------------------------------------------------- */

static void add_kinds(struct buf *b, const char kinds[REPORT_KINDS]) {
  size_t before = b->len;
  for (int k = 0; k < REPORT_KINDS; k++)
    if (kinds[k])
      buf_printf(b, "%s%s", b->len > before ? "," : "", report_kind_name((enum report_kind)k));
  if (b->len == before)
    buf_adds(b, "-");
}

char *cell_line(const struct cell *c) {
  struct buf b = {0};
  buf_printf(&b, "%s %s %s ", c->case_name, c->detector, WORDS[c->state]);
  add_kinds(&b, c->kinds);
  if (c->stopped && c->state != CELL_TIMEOUT)
    buf_adds(&b, " stopped");
  return b.data;
}

static int read_kinds(const char *word, char kinds[REPORT_KINDS]) {
  if (strcmp(word, "-") == 0)
    return 0;
  struct strlist names = {0};
  split_words(word, ",", &names);
  int rc = 0;
  for (size_t i = 0; i < names.len && rc == 0; i++) {
    int k = report_kind_named(names.items[i]);
    if (k < 0)
      rc = -1;
    else
      kinds[k] = 1;
  }
  strlist_free(&names);
  return rc;
}

int cell_line_parse(const char *line, struct cell *out, char **error) {
  *out = (struct cell){0};
  struct strlist w = {0};
  split_words(line, " \t", &w);
  int state = w.len >= 4 ? cell_state_named(w.items[2]) : -1;
  int ok = (w.len == 4 || (w.len == 5 && strcmp(w.items[4], "stopped") == 0)) && state >= 0 &&
           read_kinds(w.items[3], out->kinds) == 0;
  if (ok) {
    out->case_name = xstrdup(w.items[0]);
    out->detector = xstrdup(w.items[1]);
    out->state = (enum cell_state)state;
    out->stopped = w.len == 5 || state == CELL_TIMEOUT;
  } else {
    *error = xasprintf("not a cell (CASE DETECTOR STATE KINDS [stopped]): %s", line);
  }
  strlist_free(&w);
  return ok ? 0 : -1;
}

static const char HEADER[] = "racecheck cell: ";

char *cell_file_text(const struct cell *c) {
  struct buf b = {0};
  char *line = cell_line(c);
  buf_printf(&b, "%s%s\nbreaks: %d\nseconds: %.3f\n", HEADER, line, c->breaks, c->seconds);
  free(line);
  if (c->outcome)
    buf_printf(&b, "outcome: %s\n", c->outcome);
  if (c->why)
    buf_printf(&b, "why: %.*s\n", (int)strcspn(c->why, "\n"), c->why);
  if (c->setting)
    buf_printf(&b, "setting: %.*s\n", (int)strcspn(c->setting, "\n"), c->setting);
  for (size_t i = 0; i < c->words.len; i++) {
    const char *text = c->words.items[i];
    buf_adds(&b, "finding:");
    for (const char *p = text; *p;) {
      size_t n = strcspn(p, "\n");
      buf_printf(&b, " %.*s\n", (int)n, p);
      p += n + (p[n] == '\n');
      if (*p)
        buf_adds(&b, "|");
    }
  }
  return b.data;
}

/* One "key: value" line of a kept cell after its first. */
static void read_field(const char *line, struct cell *out) {
  if (starts_with(line, "breaks: "))
    out->breaks = atoi(line + 8);
  else if (starts_with(line, "seconds: "))
    out->seconds = atof(line + 9);
  else if (starts_with(line, "outcome: "))
    out->outcome = xstrdup(line + 9);
  else if (starts_with(line, "why: "))
    out->why = xstrdup(line + 5);
  else if (starts_with(line, "setting: "))
    out->setting = xstrdup(line + 9);
  else if (starts_with(line, "finding: "))
    strlist_push(&out->words, xstrdup(line + 9));
  else if (starts_with(line, "| ") && out->words.len) {
    char **last = &out->words.items[out->words.len - 1];
    char *joined = xasprintf("%s\n%s", *last, line + 2);
    free(*last);
    *last = joined;
  }
}

int cell_file_parse(const char *text, struct cell *out) {
  struct strlist lines = {0};
  split_lines(text, strlen(text), &lines);
  char *error = NULL;
  int rc = lines.len && starts_with(lines.items[0], HEADER) &&
                   cell_line_parse(lines.items[0] + strlen(HEADER), out, &error) == 0
               ? 0
               : -1;
  for (size_t i = 1; rc == 0 && i < lines.len; i++)
    read_field(lines.items[i], out);
  free(error);
  strlist_free(&lines);
  return rc;
}

void cell_free(struct cell *c) {
  free(c->case_name);
  free(c->detector);
  free(c->outcome);
  free(c->why);
  free(c->setting);
  strlist_free(&c->words);
  *c = (struct cell){0};
}
