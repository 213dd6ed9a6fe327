#include "step.h"

#include "columns.h"
#include "explore.h"
#include "lessons.h"
#include "run_case.h"
#include "term.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Values this long or shorter go at the right of their story line, longer ones below it. */
enum { VALUES_AT_RIGHT = 24 };

/* The line of a source of the target, by the base name the debug information gives. */
static char *quoted_line(const struct target *t, const char *file, int line) {
  const char *path = NULL;
  for (size_t i = 0; i < t->nsources && !path && file; i++)
    if (strcmp(path_basename(t->sources[i]), file) == 0)
      path = t->sources[i];
  struct buf text = {0};
  struct strlist lines = {0};
  if (path && read_file(path, &text))
    split_lines(text.data, text.len, &lines);
  const char *wanted = line > 0 && (size_t)line <= lines.len ? lines.items[line - 1] : NULL;
  const char *code = wanted ? wanted + strspn(wanted, " \t") : NULL;
  char *quoted = code ? term_escape(code, strlen(code)) : NULL;
  strlist_free(&lines);
  buf_free(&text);
  return quoted;
}

void step_thread_name(int thread, char out[8]) {
  if (thread == 0)
    snprintf(out, 8, "main");
  else if (thread <= 26)
    snprintf(out, 8, "%c", 'A' + thread - 1);
  else
    snprintf(out, 8, "#%d", thread);
}

/* The label, where the point is and its line, cut to leave `room` columns of the 79. */
static int print_point_in(const struct target *t, const char *label, const struct schedule_point *p,
                          int room) {
  char *file = p && p->file ? term_escape(p->file, strlen(p->file)) : NULL;
  char *line = p ? quoted_line(t, p->file, p->line) : NULL;
  char *where = file                   ? xasprintf("%s:%d", file, p->line)
                : p && p->main_returns ? xstrdup("(main returns)")
                                       : xstrdup(p ? "(no line)" : "");
  int width = printf("%s%-22s ", label, where);
  int shown = 0;
  if (line && width < 79 - room)
    shown = printf("%.*s", 79 - room - width, line);
  free(where), free(line), free(file);
  return width + shown;
}

void step_print_point(const struct target *t, const char *label, const struct schedule_point *p) {
  print_point_in(t, label, p, 0);
  printf("\n");
}

/* The values, "balance = 90, other = 1". */
static char *values_text(const struct strlist *values) {
  struct buf text = {0};
  for (size_t i = 0; values && i < values->len; i++)
    buf_printf(&text, "%s%s", i ? ", " : "", values->items[i]);
  return text.data ? text.data : xstrdup("");
}

/* Values too long for the right of their line: on lines of their own below it, indented,
 * as many a line as fit in 79 columns (one longer than that alone on its line, whole). */
static void print_values_below(const struct strlist *values, int indent) {
  int column = 79;
  for (size_t i = 0; i < values->len; i++) {
    int len = (int)strlen(values->items[i]);
    if (column > indent && column + 2 + len <= 79) {
      column += printf(", %s", values->items[i]);
    } else {
      printf("\n%*s%s", indent, "", values->items[i]);
      column = indent + len;
    }
  }
  printf("\n");
}

void step_print_numbered(const struct target *t, size_t number, const struct schedule_point *p,
                         const struct schedule_point *next) {
  char name[8];
  step_thread_name(p->thread, name);
  char *label = xasprintf("%4zu  %-4s  ", number, name);
  char *values = values_text(next ? &next->values : NULL);
  int room = values[0] && strlen(values) <= VALUES_AT_RIGHT ? (int)strlen(values) + 2 : 0;
  int width = print_point_in(t, label, p, room);
  if (room)
    printf("%*s%s\n", 79 - (int)strlen(values) - width, "", values);
  else if (values[0])
    print_values_below(&next->values, (int)strlen(label));
  else
    printf("\n");
  free(values), free(label);
}

int step_values_told(const struct run_findings *f, size_t lines) {
  for (size_t i = 1; i <= lines && i < f->npoints; i++)
    if (f->points[i].values.len > 0)
      return 1;
  return 0;
}

/* Each point a thread passed: its thread, its line's number and the line itself. */
static void print_story(const struct target *t, const struct run_findings *f) {
  printf("The story, a step a line: the thread that goes on, and the line it is at%s\n",
         step_values_told(f, f->npoints)
             ? ",\nand at the right the variables after the step, as the next step found them:"
             : ":");
  for (size_t i = 0; i < f->npoints; i++)
    step_print_numbered(t, i + 1, &f->points[i], i + 1 < f->npoints ? &f->points[i + 1] : NULL);
  if (f->npoints == 0)
    printf("  (no thread passed a point of the schedule)\n");
}

/* A line of the run under its own indent, wrapped at the terminal's width (the indent held
 * to half the width: a wider one would leave a continued line no room), or as it is. */
static void print_run_line(FILE *out, const char *line, int wrapped) {
  if (!wrapped) {
    fprintf(out, "  %s\n", line);
    return;
  }
  size_t spaces = strspn(line, " ");
  size_t indent = 2 + (spaces < TERMINAL_COLUMNS / 2 ? spaces : TERMINAL_COLUMNS / 2);
  char *first = xasprintf("%*s", (int)indent, ""), *rest = xasprintf("%*s", (int)indent + 2, "");
  print_wrapped_columns(out, first, rest, line);
  free(first), free(rest);
}

void step_print_run(FILE *out, const struct run_result *r, int wrapped) {
  fprintf(out, "\nWhat the program printed, and what the detector found:\n");
  for (size_t i = 0; i < r->lines.len; i++)
    print_run_line(out, r->lines.items[i], wrapped);
  if (r->note) {
    char *note = xasprintf("note: %s", r->note);
    print_run_line(out, note, wrapped);
    free(note);
  }
}

void step_print_replay(const char *schedule, const struct target *t) {
  char *shown = shell_quote(schedule);
  printf("\nTo replay it:\n  racecheck step --schedule %s %s\n", shown, t->operands);
  free(shown);
}

int cmd_step(const struct options *o, int argc, char **argv) {
  struct target t;
  int rc = target_open(o, argc, argv, "step", &t);
  if (rc != 0)
    return rc;
  int is_case = t.nsources == 1 && !ends_with(argv[0], ".c");
  char *lesson = !o->schedule && is_case ? lesson_schedule(o->cases_dir, argv[0]) : NULL;
  if (!o->schedule && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
    rc = step_play(o, &t, lesson);
    free(lesson);
    target_free(&t);
    return rc;
  }
  const char *schedule = o->schedule ? o->schedule : lesson;
  if (!schedule) {
    target_free(&t);
    return usage_error("step needs --schedule S (a lesson's case has its own)");
  }
  struct run_options ro = run_options_of(o);
  ro.timeout_s = t.timeout_s;
  ro.schedule = schedule;
  ro.story = 1;
  struct run_result r = {0};
  run_program(&ro, path_basename(t.argv[0]), t.argv, &r);
  if (r.error) {
    fprintf(stderr, "racecheck: %s\n", r.error);
    rc = 2;
  } else {
    print_story(&t, &r.findings);
    step_print_run(stdout, &r, 0);
    step_print_replay(schedule, &t);
    rc = r.findings.findings.len == 0 && r.findings.end == CHILD_EXITED && r.findings.status == 0
             ? 0
             : 1;
  }
  run_result_free(&r);
  free(lesson);
  target_free(&t);
  return rc;
}
