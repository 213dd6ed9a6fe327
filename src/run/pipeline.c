#include "pipeline.h"

#include "../../shim/lock_ledger.h"
#include "array.h"
#include "detector_log.h"
#include "gate.h"
#include "ledger_report.h"
#include "normalize.h"
#include "render.h"
#include "term.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The program's output as lines, each escaped (a NUL or an escape sequence is shown as
 * \xHH), so that a line is all that was printed and safe to show anywhere. */
static void add_lines(struct strlist *out, const char *prefix, const char *text, size_t len) {
  struct strlist lines = {0};
  split_lines_by(text, len, term_escape, &lines);
  for (size_t i = 0; i < lines.len; i++)
    strlist_push(out, xasprintf("%s%s", prefix, lines.items[i]));
  strlist_free(&lines);
}

static void note_truncation(struct strlist *notes, const char *stream, size_t kept,
                            size_t dropped) {
  if (dropped)
    strlist_push(notes, xasprintf("output: %s cut after %zu MiB, %zu bytes not kept", stream,
                                  kept >> 20, dropped));
}

static char *environment_problem(const struct detector_log *log) {
  if (!log->cannot_start)
    return NULL;
  if (log->unexpected_layout)
    return xstrdup("TSan cannot start on this machine, even with address randomization off: "
                   "the kernel maps memory where its shadow must go (unexpected memory "
                   "mapping); run `sudo sysctl vm.mmap_rnd_bits=28`, or build with clang 18 "
                   "or newer");
  return xasprintf("TSan cannot start on this machine: %.*s", (int)strcspn(log->cannot_start, "\n"),
                   log->cannot_start);
}

static void add_notes(const struct run_capture *c, const struct detector_log *log,
                      struct strlist *notes) {
  note_truncation(notes, "stdout", c->keep_bytes, c->out_dropped);
  note_truncation(notes, "stderr", c->keep_bytes, c->err_dropped);
  note_truncation(notes, "the detector's log", c->keep_bytes, c->log_dropped);
  note_truncation(notes, "the lock ledger", c->keep_bytes, c->ledger_dropped);
  if (log->no_symbolizer)
    strlist_push(notes, xstrdup("output: TSan found no llvm-symbolizer, so its reports have no "
                                "names or lines (./bootstrap installs llvm)"));
  if (c->outlived)
    strlist_push(notes, xstrdup("output: a process it forked outlived it; racecheck killed "
                                "that process"));
  if (log->cut_off)
    strlist_push(notes, xstrdup("output: a TSan report was cut off before its end"));
}

static void parse_tsan(const struct run_capture *c, const char *text, size_t len,
                       struct detector_log *out) {
  (void)c;
  tsan_parse(text, len, out);
}

static void parse_valgrind(const struct run_capture *c, const char *text, size_t len,
                           struct detector_log *out) {
  valgrind_parse(text, len, c->source_root, out);
}

static void parse_clang(const struct run_capture *c, const char *text, size_t len,
                        struct detector_log *out) {
  (void)c;
  clang_diagnostics_parse(text, len, out);
}

/* Each kind of detector's parser: the one place that picks it. vet makes its findings in
 * this process, and has no words to parse. */
static void (*const PARSERS[])(const struct run_capture *, const char *, size_t,
                               struct detector_log *) = {
    [TOOL_TSAN] = parse_tsan,
    [TOOL_VALGRIND] = parse_valgrind,
    [TOOL_CLANG] = parse_clang,
    [TOOL_CLANG_TIDY] = parse_clang,
};

static void parse(const struct run_capture *c, const char *text, size_t len,
                  struct detector_log *out) {
  if (PARSERS[c->detector])
    PARSERS[c->detector](c, text ? text : "", len, out);
}

/* A runtime that never started says so first on stderr, and the program never ran: it
 * exits non-zero having printed nothing. Anything else on stderr is the program's. */
static int never_started(const struct run_capture *c) {
  const char *err = c->err ? c->err : "";
  return c->end == CHILD_EXITED && c->status != 0 && c->out_len == 0 &&
         (starts_with(err, "FATAL: ThreadSanitizer: ") ||
          strstr(err, "\nFATAL: ThreadSanitizer: "));
}

/* The detector's reports come from its own logs, each parsed on its own. One that could not
 * start may have said so on stderr before it read where to log: that alone is taken from
 * stderr, and only when the program never ran, so a program cannot print a report or an
 * excuse. */
static void read_detector(const struct run_capture *c, struct detector_log *log) {
  if (!c->logs) {
    parse(c, c->err, c->err_len, log);
    return;
  }
  size_t written = 0;
  for (size_t i = 0; i < c->logs->len; i++) {
    size_t len = strlen(c->logs->items[i]);
    parse(c, c->logs->items[i], len, log);
    written += len;
  }
  if (written == 0 && never_started(c)) {
    struct detector_log said = {0};
    parse(c, c->err, c->err_len, &said);
    log->cannot_start = said.cannot_start, said.cannot_start = NULL;
    log->unexpected_layout = said.unexpected_layout;
    detector_log_free(&said);
  }
}

static const struct symbols NO_SYMBOLS;

/* How many of the last lines of the program's stderr a failed run quotes, and how long. */
enum { STDERR_LINES_QUOTED = 3, STDERR_LINE_MAX = 200 };

/* The last non-empty lines of the program's stderr, escaped, as "stderr: ..." notes. Only
 * when the detector logs elsewhere: otherwise its reports are on stderr too. */
static void quote_stderr(const struct run_capture *c, struct strlist *notes) {
  struct strlist lines = {0};
  if (c->logs && c->err)
    split_lines_by(c->err, c->err_len, term_escape, &lines);
  size_t first = lines.len;
  for (size_t kept = 0; first > 0 && kept < STDERR_LINES_QUOTED; first--)
    kept += lines.items[first - 1][0] != '\0';
  for (size_t i = first; i < lines.len; i++)
    if (lines.items[i][0])
      strlist_push(notes, xasprintf("stderr: %.*s%s", STDERR_LINE_MAX, lines.items[i],
                                    strlen(lines.items[i]) > STDERR_LINE_MAX ? "..." : ""));
  strlist_free(&lines);
}

/* A run that failed for a reason of the program's own, which no detector reported: an exit
 * status other than 0 (and other than the detector's, after its reports), or a signal. */
static void add_failed_run(const struct run_capture *c, const struct detector_log *log,
                           size_t detector_reports, struct reports *out) {
  if (!tool_runs_program(c->detector) || log->cannot_start || log->crash_words)
    return;
  int exited = c->end == CHILD_EXITED && c->status != 0 &&
               !(c->status == DETECTOR_EXIT_STATUS && detector_reports > 0);
  if (!exited && c->end != CHILD_SIGNALED)
    return;
  struct report *r = reports_add(out);
  r->kind = REPORT_FAILED_RUN;
  r->by_racecheck = 1;
  if (exited) {
    r->title = xasprintf("the program failed: it exited with status %d", c->status);
  } else {
    const char *name = sigabbrev_np(c->status);
    char *signal = name ? xasprintf("SIG%s", name) : xasprintf("%d", c->status);
    r->title = xasprintf("the program failed: signal %s killed it%s", signal,
                         c->status == SIGABRT ? " (abort(), which a failed assert calls)" : "");
    free(signal);
  }
  quote_stderr(c, &r->notes);
}

/* The scheduler's choices in the program's process, while they follow each other. */
static void read_picks(const struct ledger *l, struct run_findings *out) {
  long pid = 0;
  for (size_t i = 0; i < l->len; i++) {
    const struct ledger_record *r = &l->records[i];
    if (r->kind != LEDGER_PICK || (pid && r->pid != pid))
      continue;
    pid = r->pid;
    if (r->step != out->npicks || r->pick_from >= 64 || r->pick_to >= 64)
      break;
    *ARRAY_PUSH(out->picks, out->npicks) =
        (struct schedule_pick){(int)r->pick_from, (int)r->pick_to, r->choices};
  }
}

/* The fewest digits that read back as the same float (single) or double: never a rounding
 * that would show another value than the program held. */
static char *shortest_float(double value, int single) {
  for (int digits = 1;; digits++) {
    char *text = xasprintf("%.*g", digits, value);
    double back = strtod(text, NULL);
    if (digits >= 17 || (single ? (float)back == (float)value : back == value))
      return text;
    free(text);
  }
}

/* A value the shim read, as its variable's type in the program says to read it; NULL for a
 * variable racecheck cannot name, or a type it cannot read. */
static char *told_value(const struct ledger_record *r, const struct ledger_value *v,
                        const struct symbols *symbols) {
  unsigned long long offset = ledger_offset(r, v->address), size = 0;
  const char *name = symbols_data(symbols, offset);
  enum value_kind kind = symbols_value_kind(symbols, offset, &size);
  if (!name || kind == VALUE_UNKNOWN || size != v->size)
    return NULL;
  int bits = (int)size * 8;
  char *shown;
  if (kind == VALUE_SIGNED) {
    long long value = bits < 64 && (v->bits >> (bits - 1) & 1)
                          ? (long long)(v->bits - (1ULL << bits))
                          : (long long)v->bits;
    shown = xasprintf("%lld", value);
  } else if (kind == VALUE_UNSIGNED) {
    shown = xasprintf("%llu", v->bits);
  } else if (kind == VALUE_BOOL) {
    shown = xstrdup(v->bits ? "true" : "false");
  } else if (size == sizeof(float)) {
    float f;
    uint32_t b = (uint32_t)v->bits;
    memcpy(&f, &b, sizeof f);
    shown = shortest_float(f, 1);
  } else {
    double d;
    memcpy(&d, &v->bits, sizeof d);
    shown = shortest_float(d, 0);
  }
  char *escaped = term_escape(name, strlen(name));
  char *text = xasprintf("%s = %s", escaped, shown);
  free(escaped), free(shown);
  return text;
}

/* The points the program's threads passed, each with its line. */
static void read_points(const struct ledger *l, const struct symbols *symbols,
                        struct run_findings *out) {
  long pid = 0;
  size_t choices = 0;
  for (size_t i = 0; i < l->len; i++) {
    const struct ledger_record *r = &l->records[i];
    choices += r->kind == LEDGER_PICK && (!pid || r->pid == pid);
    if (r->kind != LEDGER_POINT || (pid && r->pid != pid) || r->pick_from >= 64)
      continue;
    pid = r->pid;
    int main_returns = r->site == RACECHECK_SITE_MAIN_RETURNS;
    const struct frame *f = main_returns ? NULL : symbols_code(symbols, ledger_offset(r, r->site));
    struct schedule_point *p = ARRAY_PUSH(out->points, out->npoints);
    *p = (struct schedule_point){.thread = (int)r->pick_from,
                                 .file = f && f->file ? xstrdup(f->file) : NULL,
                                 .line = f ? f->line : 0,
                                 .main_returns = main_returns,
                                 .choice = choices};
    for (size_t k = 0; k < r->nvalues; k++) {
      char *value = told_value(r, &r->values[k], symbols);
      if (value)
        strlist_push(&p->values, value);
    }
  }
}

/* The lock ledger's findings; a line in it that is not a record is said, not skipped. */
static void read_ledger(const struct run_capture *c, struct ledger *l, struct reports *out,
                        struct strlist *notes) {
  if (c->ledger)
    ledger_parse(c->ledger, c->ledger_len, l);
  ledger_reports(l, c->symbols ? c->symbols : &NO_SYMBOLS, out);
  for (size_t i = 0; i < l->len; i++)
    if (l->records[i].kind == LEDGER_VOID)
      strlist_push(notes,
                   xasprintf("schedule: step %llu was not taken: %s", l->records[i].step + 1,
                             l->records[i].never_created ? "the program never created its thread"
                                                         : "its thread had ended"));
  if (l->rejected)
    strlist_push(
        notes, xasprintf("output: %zu lines of the lock ledger were not its records", l->rejected));
}

void run_findings_make(const struct run_capture *c, struct run_findings *out) {
  *out = (struct run_findings){.end = c->end, .status = c->status, .timeout_s = c->timeout_s};
  struct detector_log log = {0};
  struct ledger ledger = {0};
  read_detector(c, &log);
  add_failed_run(c, &log, log.reports.len, &log.reports);
  read_ledger(c, &ledger, &log.reports, &out->notes);
  ledger_name_mutexes(&ledger, c->symbols ? c->symbols : &NO_SYMBOLS, &log.reports);
  if (c->hang)
    hang_report_to_report(c->hang, &ledger, c->symbols ? c->symbols : &NO_SYMBOLS,
                          reports_add(&log.reports));
  if (log.crash_words) {
    struct report *r = reports_add(&log.reports);
    r->kind = REPORT_DETECTOR_FAILURE;
    r->title = xstrdup("the detector failed");
    strlist_push(&r->notes, xstrndup(log.crash_words, strcspn(log.crash_words, "\n")));
  }
  add_lines(&out->stdout_lines, "stdout: ", c->out ? c->out : "", c->out_len);
  add_notes(c, &log, &out->notes);
  reports_normalize(&log.reports);
  gate_mark(&log.reports, &ledger, c->symbols ? c->symbols : &NO_SYMBOLS);
  findings_make(log.reports.items, log.reports.len, render_report, &out->findings);
  free(log.reports.items);
  log.reports = (struct reports){0};
  out->environment = environment_problem(&log);
  out->unexpected_layout = log.unexpected_layout;
  out->detector_crash = log.crash_words ? xstrdup(log.crash_words) : NULL;
  work_tally_read(&ledger, &out->tally);
  read_picks(&ledger, out);
  read_points(&ledger, c->symbols ? c->symbols : &NO_SYMBOLS, out);
  detector_log_free(&log);
  ledger_free(&ledger);
}

char *run_outcome(const struct run_findings *f) {
  switch (f->end) {
  case CHILD_EXITED:
    return xasprintf("exit %d", f->status);
  case CHILD_SIGNALED: {
    const char *name = sigabbrev_np(f->status);
    return name ? xasprintf("killed by signal SIG%s", name)
                : xasprintf("killed by signal %d", f->status);
  }
  case CHILD_HUNG:
    return xstrdup("hung: killed by racecheck");
  case CHILD_TIMEOUT:
    return xasprintf("timeout after %g s: killed by racecheck", f->timeout_s);
  case CHILD_NOT_STARTED:
    break;
  }
  return NULL;
}

/* The lines are for a reader and a terminal: whatever the program printed is escaped. */
void run_findings_lines(const struct run_findings *f, struct strlist *out) {
  char *outcome = run_outcome(f);
  if (outcome)
    strlist_push(out, outcome);
  for (size_t i = 0; i < f->stdout_lines.len; i++)
    strlist_push(out, xstrdup(f->stdout_lines.items[i]));
  for (size_t i = 0; i < f->notes.len; i++)
    strlist_push(out, xstrdup(f->notes.items[i]));
  for (size_t i = 0; i < f->findings.len; i++) {
    const char *text = f->findings.items[i].text;
    split_lines_by(text, strlen(text), term_escape, out);
  }
}

char *run_summary(const struct run_findings *f) {
  if (f->findings.len == 0) {
    char *outcome = run_outcome(f);
    char *summary = xasprintf("no report (%s)", outcome ? outcome : "no run");
    free(outcome);
    return summary;
  }
  const char *first = f->findings.items[0].text;
  char *line = term_escape(first, strcspn(first, "\n"));
  if (f->findings.len == 1)
    return line;
  char *summary = xasprintf("%s, and %zu more", line, f->findings.len - 1);
  free(line);
  return summary;
}

void run_findings_free(struct run_findings *f) {
  strlist_free(&f->stdout_lines);
  strlist_free(&f->notes);
  findings_free(&f->findings);
  free(f->environment);
  free(f->detector_crash);
  work_tally_free(&f->tally);
  free(f->picks);
  for (size_t i = 0; i < f->npoints; i++)
    free(f->points[i].file), strlist_free(&f->points[i].values);
  free(f->points);
  *f = (struct run_findings){0};
}
