/* The matrix in words: a terminal's table, docs/matrix.md's Markdown, JSON; and, for each
 * detector, what it cannot see and why, written from the cells, never by hand. */
#include "detectors.h"
#include "json.h"
#include "matrix.h"
#include "term.h"

#include <stdlib.h>
#include <string.h>

enum { NAME_WIDTH = 28, CELL_WIDTH = 5, TEXT_WIDTH = 80 };

/* --- Counting ------------------------------------------------------------------------ */

struct tally {
  size_t breaking, keeping;    /* cases with a cell in this column */
  size_t state[N_CELL_STATES]; /* on the cases that break their rule */
  size_t false_reports;        /* on the cases that keep it */
};

static struct tally tally_of(const struct matrix *m, size_t column) {
  struct tally t = {0};
  for (size_t i = 0; i < m->cases.len; i++) {
    const struct cell *c = matrix_cell(m, i, column);
    if (!c->detector)
      continue;
    if (m->breaks[i]) {
      t.breaking++;
      t.state[c->state]++;
    } else {
      t.keeping++;
      t.false_reports += c->state == CELL_FALSE_REPORT;
    }
  }
  return t;
}

/* "data_race, mutex_misuse": the kinds that decided a cell. */
static void add_kinds(struct buf *b, const struct cell *c) {
  size_t before = b->len;
  for (int k = 0; k < REPORT_KINDS; k++)
    if (c->kinds[k])
      buf_printf(b, "%s%s", b->len > before ? ", " : "", report_kind_name((enum report_kind)k));
}

/* --- What each detector cannot see --------------------------------------------------- */

/* The cases of a column in a state, on broken or on kept rules: "`a`, `b`"; 0 if none. */
static size_t list_cases_in(const struct matrix *m, size_t column, int breaks,
                            enum cell_state state, int with_kinds, struct buf *b) {
  size_t n = 0;
  for (size_t i = 0; i < m->cases.len; i++) {
    const struct cell *c = matrix_cell(m, i, column);
    if (!c->detector || m->breaks[i] != breaks || c->state != state)
      continue;
    buf_printf(b, "%s`%s`", n++ ? ", " : "", m->cases.items[i]);
    if (with_kinds) {
      buf_adds(b, " (");
      add_kinds(b, c);
      buf_adds(b, ")");
    }
  }
  return n;
}

struct group {
  int breaks;
  enum cell_state state;
  const char *lead, *why; /* "Silent on" the cases "(why)" */
};

static const struct group GROUPS[] = {
    {1, CELL_SILENT, "Silent on",
     "it said nothing of the lesson, by the end of the run or the file"},
    {1, CELL_HUNG, "Silent on",
     "the program froze; racecheck's hang watch found every thread asleep"},
    {1, CELL_TIMEOUT, "Still running at the deadline on", "nothing of the lesson said by then"},
    {1, CELL_CRASHED, "Failed on", "the detector failed, or the program died of a signal"},
    {1, CELL_NOT_INSTALLED, "No answer on", "not installed on this machine"},
    {0, CELL_FALSE_REPORT, "False reports on", "rules kept; in brackets, the kinds it reported"},
    {0, CELL_HUNG, "Froze on", "rules kept"},
    {0, CELL_TIMEOUT, "Still running at the deadline on", "rules kept"},
    {0, CELL_CRASHED, "Failed on", "rules kept"},
    {0, CELL_NOT_INSTALLED, "No answer on", "not installed on this machine"},
};

/* The cells that said something and were then stopped at the deadline. */
static size_t list_stopped(const struct matrix *m, size_t column, struct buf *b) {
  size_t n = 0;
  for (size_t i = 0; i < m->cases.len; i++) {
    const struct cell *c = matrix_cell(m, i, column);
    if (c->detector && c->stopped && c->state != CELL_TIMEOUT)
      buf_printf(b, "%s`%s`", n++ ? ", " : "", m->cases.items[i]);
  }
  return n;
}

/* One detector's paragraph: what it reported, then each way it missed or was wrong. */
static char *cannot_see(const struct matrix *m, size_t column) {
  struct tally t = tally_of(m, column);
  struct buf b = {0};
  buf_printf(&b,
             "**%s** reported %zu of the %zu broken rules, and falsely reported on %zu of the "
             "%zu cases that keep theirs.",
             DETECTORS[column].name, t.state[CELL_REPORTED], t.breaking, t.false_reports,
             t.keeping);
  for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0]; g++) {
    struct buf cases = {0};
    int kinds = GROUPS[g].state == CELL_FALSE_REPORT;
    if (list_cases_in(m, column, GROUPS[g].breaks, GROUPS[g].state, kinds, &cases))
      buf_printf(&b, " %s %s (%s).", GROUPS[g].lead, cases.data, GROUPS[g].why);
    buf_free(&cases);
  }
  if (DETECTORS[column].tool == TOOL_VALGRIND && t.state[CELL_TIMEOUT])
    buf_adds(&b, " A freeze under valgrind ends at the deadline: valgrind catches every signal "
                 "itself, so racecheck cannot rule out a SIGALRM handler that would end the "
                 "wait, and does not call it a deadlock.");
  for (size_t i = 0; i < m->cases.len; i++) {
    const struct cell *c = matrix_cell(m, i, column);
    if (c->detector && c->setting)
      buf_printf(&b, " On `%s`, %s.", m->cases.items[i], c->setting);
  }
  struct buf stopped = {0};
  if (list_stopped(m, column, &stopped))
    buf_printf(&b, " Stopped at the %g s deadline, after what it had said by then: %s.",
               m->deadline_s, stopped.data);
  buf_free(&stopped);
  return b.data;
}

/* --- The terminal -------------------------------------------------------------------- */

static const char *short_word(const struct cell *c, int breaks) {
  static const char *const WORDS[N_CELL_STATES] = {
      [CELL_REPORTED] = "yes",     [CELL_SILENT] = "miss", [CELL_FALSE_REPORT] = "FP",
      [CELL_HUNG] = "hang",        [CELL_TIMEOUT] = "t/o", [CELL_CRASHED] = "fail",
      [CELL_NOT_INSTALLED] = "n/a"};
  if (!c->detector)
    return "?";
  return c->state == CELL_SILENT && !breaks ? "ok" : WORDS[c->state];
}

/* Prints text wrapped at TEXT_WIDTH, as if it started at column indent, and indents each
 * line after the first by as much. */
static void print_wrapped(FILE *out, const char *text, int indent) {
  int column = indent;
  for (const char *p = text; *p;) {
    int n = (int)strcspn(p, " ");
    if (column > indent && column + 1 + n > TEXT_WIDTH) {
      fprintf(out, "\n%*s", indent, "");
      column = indent;
    } else if (column > indent) {
      fputc(' ', out);
      column++;
    }
    fprintf(out, "%.*s", n, p);
    column += n;
    p += n + (p[n] == ' ');
  }
  fputc('\n', out);
}

/* A row of the table, without the spaces its last cell pads with. */
static void print_row(FILE *out, struct buf *row) {
  while (row->len && row->data[row->len - 1] == ' ')
    row->data[--row->len] = '\0';
  fprintf(out, "%s\n", buf_str(row));
  buf_free(row);
}

static void add_ratio(struct buf *row, double r) {
  char text[16];
  if (r < 0)
    snprintf(text, sizeof text, "-");
  else if (r < 10)
    snprintf(text, sizeof text, "%.1fx", r);
  else if (r < 1000)
    snprintf(text, sizeof text, "%.0fx", r);
  else
    snprintf(text, sizeof text, "%.1fk", r / 1000);
  buf_printf(row, "%-*s", CELL_WIDTH, text);
}

static void print_totals(FILE *out, const struct matrix *m) {
  static const char *const ROWS[] = {"reported (broken rules)", "missed (broken rules)",
                                     "false reports (kept rules)"};
  for (size_t r = 0; r < 3; r++) {
    struct buf row = {0};
    buf_printf(&row, "%-*s", NAME_WIDTH, ROWS[r]);
    for (size_t j = 0; j < N_DETECTORS; j++) {
      struct tally t = tally_of(m, j);
      size_t n = r == 0   ? t.state[CELL_REPORTED]
                 : r == 1 ? t.breaking - t.state[CELL_REPORTED]
                          : t.false_reports;
      buf_printf(&row, "%-*zu", CELL_WIDTH, n);
    }
    print_row(out, &row);
  }
  for (int memory = 0; memory < 2; memory++) {
    struct buf row = {0};
    buf_printf(&row, "%-*s", NAME_WIDTH,
               memory ? "memory vs plain (bench)" : "time vs plain (bench)");
    for (size_t j = 0; j < N_DETECTORS; j++)
      add_ratio(&row, memory ? m->costs[j].memory : m->costs[j].time);
    print_row(out, &row);
  }
}

static void print_heading(FILE *out, const char *first) {
  struct buf row = {0};
  buf_printf(&row, "%-*s", NAME_WIDTH, first);
  for (size_t j = 0; j < N_DETECTORS; j++)
    buf_printf(&row, "%-*s", CELL_WIDTH, DETECTORS[j].heading);
  print_row(out, &row);
}

static void print_case_row(FILE *out, const struct matrix *m, size_t i) {
  struct buf row = {0};
  buf_printf(&row, "%-*s", NAME_WIDTH, m->cases.items[i]);
  for (size_t j = 0; j < N_DETECTORS; j++) {
    const struct cell *c = matrix_cell(m, i, j);
    buf_printf(&row, "%s%-*s", short_word(c, m->breaks[i]),
               CELL_WIDTH - (int)strlen(short_word(c, m->breaks[i])),
               c->stopped && c->state != CELL_TIMEOUT ? "*" : "");
  }
  print_row(out, &row);
}

static void print_table(FILE *out, const struct matrix *m) {
  print_heading(out, "case");
  for (size_t i = 0; i < m->cases.len; i++) {
    const struct lesson *l = lesson_of(&m->lessons, m->cases.items[i]);
    if (i > 0 && l && strcmp(l->cases.items[0], m->cases.items[i]) == 0)
      fputc('\n', out); /* a lesson starts */
    print_case_row(out, m, i);
  }
  fputc('\n', out);
  print_totals(out, m);
}

static void print_legend(FILE *out, const struct matrix *m) {
  fputc('\n', out);
  for (size_t j = 0; j < N_DETECTORS; j++)
    fprintf(out, "%-5s %s\n", DETECTORS[j].heading, DETECTORS[j].name);
  char *legend = xasprintf("yes reported | miss silent on a broken rule | ok silent on a kept "
                           "one | FP false report | hang hung | t/o timeout | fail crashed | n/a "
                           "not installed | * stopped at the %g s deadline after reporting",
                           m->deadline_s);
  fputc('\n', out);
  print_wrapped(out, legend, 0);
  free(legend);
}

/* Each cell's findings, for the cases named (every case when none is). */
static void print_words(FILE *out, const struct matrix *m, char **names, size_t n) {
  for (size_t i = 0; i < m->cases.len; i++) {
    int named = n == 0;
    for (size_t k = 0; k < n && !named; k++)
      named = strcmp(names[k], m->cases.items[i]) == 0;
    for (size_t j = 0; named && j < N_DETECTORS; j++) {
      const struct cell *c = matrix_cell(m, i, j);
      if (!c->detector)
        continue;
      fprintf(out, "\n%s under %s: %s (%s)\n", m->cases.items[i], DETECTORS[j].id,
              cell_state_text(c->state),
              c->outcome ? c->outcome
              : c->why   ? c->why
                         : "");
      if (c->why && c->outcome)
        fprintf(out, "  %s\n", c->why);
      if (c->setting)
        fprintf(out, "  %s\n", c->setting);
      for (size_t w = 0; w < c->words.len; w++) {
        struct strlist lines = {0};
        split_lines_by(c->words.items[w], strlen(c->words.items[w]), term_escape, &lines);
        for (size_t k = 0; k < lines.len; k++)
          fprintf(out, "  %s\n", lines.items[k]);
        strlist_free(&lines);
      }
    }
  }
}

void matrix_print_rules(FILE *out, const struct matrix *m) {
  print_heading(out, "the case that breaks a rule");
  for (size_t i = 0; i < m->cases.len; i++)
    if (m->breaks[i])
      print_case_row(out, m, i);
  print_legend(out, m);
}

void matrix_print_text(FILE *out, const struct matrix *m, int words, char **names, size_t n) {
  print_table(out, m);
  print_legend(out, m);
  fputs("\nWhat each detector cannot see, and why:\n", out);
  for (size_t j = 0; j < N_DETECTORS; j++) {
    char *text = cannot_see(m, j);
    fputs("- ", out);
    print_wrapped(out, text, 2);
    free(text);
  }
  if (words)
    print_words(out, m, names, n);
}

/* --- Markdown ------------------------------------------------------------------------ */

static void markdown_cell(struct buf *b, const struct cell *c, double deadline_s) {
  if (!c->detector) {
    buf_adds(b, " ? |");
    return;
  }
  int bold = c->state == CELL_REPORTED || c->state == CELL_FALSE_REPORT;
  buf_printf(b, " %s%s%s", bold ? "**" : "", cell_state_text(c->state), bold ? "**" : "");
  if (c->stopped && c->state != CELL_TIMEOUT)
    buf_printf(b, " (stopped at %g s)", deadline_s);
  buf_adds(b, " |");
}

static void markdown_costs(struct buf *b, const struct matrix *m) {
  buf_adds(b, "| time / memory against a plain build (`ninja bench`) | |");
  for (size_t j = 0; j < N_DETECTORS; j++)
    if (m->costs[j].time < 0)
      buf_adds(b, " not measured |");
    else
      buf_printf(b, " %.1f× / %.1f× |", m->costs[j].time, m->costs[j].memory);
  buf_adds(b, "\n");
}

char *matrix_markdown(const struct matrix *m) {
  struct buf b = {0};
  buf_adds(&b, "| Case | Rule |");
  for (size_t j = 0; j < N_DETECTORS; j++)
    buf_printf(&b, " %s |", DETECTORS[j].name);
  buf_adds(&b, "\n|---|---|");
  for (size_t j = 0; j < N_DETECTORS; j++)
    buf_adds(&b, "---|");
  buf_adds(&b, "\n");
  for (size_t i = 0; i < m->cases.len; i++) {
    buf_printf(&b, "| `%s` | %s |", m->cases.items[i], m->breaks[i] ? "breaks" : "keeps");
    for (size_t j = 0; j < N_DETECTORS; j++)
      markdown_cell(&b, matrix_cell(m, i, j), m->deadline_s);
    buf_adds(&b, "\n");
  }
  buf_adds(&b, "| reported, of the broken rules | |");
  for (size_t j = 0; j < N_DETECTORS; j++) {
    struct tally t = tally_of(m, j);
    buf_printf(&b, " %zu of %zu |", t.state[CELL_REPORTED], t.breaking);
  }
  buf_adds(&b, "\n| false reports, of the kept rules | |");
  for (size_t j = 0; j < N_DETECTORS; j++) {
    struct tally t = tally_of(m, j);
    buf_printf(&b, " %zu of %zu |", t.false_reports, t.keeping);
  }
  buf_adds(&b, "\n");
  markdown_costs(&b, m);
  buf_adds(&b, "\nWhat each detector cannot see, and why, from the cells above:\n\n");
  for (size_t j = 0; j < N_DETECTORS; j++) {
    char *text = cannot_see(m, j);
    buf_printf(&b, "- %s\n", text);
    free(text);
  }
  return b.data;
}

/* --- JSON ---------------------------------------------------------------------------- */

static void json_cell(struct json *j, const struct matrix *m, size_t row, size_t column) {
  const struct cell *c = matrix_cell(m, row, column);
  json_begin_object(j, NULL);
  json_string(j, "detector", DETECTORS[column].id);
  json_string(j, "state", c->detector ? cell_state_word(c->state) : "missing");
  json_begin_array(j, "kinds");
  for (int k = 0; k < REPORT_KINDS; k++)
    if (c->kinds[k])
      json_string(j, NULL, report_kind_name((enum report_kind)k));
  json_end_array(j);
  json_bool(j, "stopped", c->stopped);
  json_string(j, "outcome", c->outcome);
  json_string(j, "why", c->why);
  json_string(j, "setting", c->setting);
  json_begin_array(j, "words");
  for (size_t w = 0; w < c->words.len; w++)
    json_string(j, NULL, c->words.items[w]);
  json_end_array(j);
  json_end_object(j);
}

static void json_detectors(struct json *j, const struct matrix *m) {
  json_begin_array(j, "detectors");
  for (size_t k = 0; k < N_DETECTORS; k++) {
    struct tally t = tally_of(m, k);
    char *text = cannot_see(m, k);
    json_begin_object(j, NULL);
    json_string(j, "id", DETECTORS[k].id);
    json_string(j, "name", DETECTORS[k].name);
    json_string(j, "runs", detector_runs_program(&DETECTORS[k]) ? "program" : "source");
    json_int(j, "reported", (long)t.state[CELL_REPORTED]);
    json_int(j, "broken_rules", (long)t.breaking);
    json_int(j, "false_reports", (long)t.false_reports);
    json_int(j, "kept_rules", (long)t.keeping);
    if (m->costs[k].time >= 0) {
      json_begin_object(j, "cost");
      json_string(j, "against",
                  detector_runs_program(&DETECTORS[k]) ? "plain run" : "plain compile");
      json_tenths(j, "time", m->costs[k].time);
      json_tenths(j, "memory", m->costs[k].memory);
      json_end_object(j);
    }
    json_string(j, "cannot_see", text);
    json_end_object(j);
    free(text);
  }
  json_end_array(j);
}

void matrix_print_json(FILE *out, const struct matrix *m) {
  struct json j = {.out = out};
  json_begin_object(&j, NULL);
  json_int(&j, "racecheck_format", 1);
  json_int(&j, "deadline_s", (long)m->deadline_s);
  json_detectors(&j, m);
  json_begin_array(&j, "cases");
  for (size_t i = 0; i < m->cases.len; i++) {
    json_begin_object(&j, NULL);
    json_string(&j, "name", m->cases.items[i]);
    json_bool(&j, "breaks", m->breaks[i]);
    json_begin_array(&j, "cells");
    for (size_t k = 0; k < N_DETECTORS; k++)
      json_cell(&j, m, i, k);
    json_end_array(&j);
    json_end_object(&j);
  }
  json_end_array(&j);
  json_end_object(&j);
}
