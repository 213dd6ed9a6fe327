#include "step.h"

#include "explore.h"
#include "lessons.h"
#include "run_case.h"
#include "term.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void thread_name(int thread, char out[8]) {
  if (thread == 0)
    snprintf(out, 8, "main");
  else if (thread <= 26)
    snprintf(out, 8, "%c", 'A' + thread - 1);
  else
    snprintf(out, 8, "#%d", thread);
}

/* Each point a thread passed: its thread, its line's number and the line itself. */
static void print_story(const struct target *t, const struct run_findings *f) {
  printf("The story, a step a line: the thread that goes on, and the line it is at\n");
  for (size_t i = 0; i < f->npoints; i++) {
    const struct schedule_point *p = &f->points[i];
    char name[8], *file = p->file ? term_escape(p->file, strlen(p->file)) : NULL;
    char *line = quoted_line(t, p->file, p->line);
    thread_name(p->thread, name);
    char *where = file ? xasprintf("%s:%d", file, p->line) : xstrdup("(no line)");
    int width = printf("%4zu  %-4s  %-22s ", i + 1, name, where);
    printf("%.*s\n", line && width < 79 ? 79 - width : 0, line ? line : "");
    free(where), free(line), free(file);
  }
  if (f->npoints == 0)
    printf("  (no thread passed a point of the schedule)\n");
}

static void print_run(const struct run_result *r) {
  printf("\nWhat the program printed, and what the detector found:\n");
  for (size_t i = 0; i < r->lines.len; i++)
    printf("  %s\n", r->lines.items[i]);
  if (r->note)
    printf("  note: %s\n", r->note);
}

int cmd_step(const struct options *o, int argc, char **argv) {
  struct target t;
  int rc = target_open(o, argc, argv, "step", &t);
  if (rc != 0)
    return rc;
  int is_case = t.nsources == 1 && !ends_with(argv[0], ".c");
  char *lesson = !o->schedule && is_case ? lesson_schedule(o->cases_dir, argv[0]) : NULL;
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
    print_run(&r);
    char *shown = term_escape(schedule, strlen(schedule));
    printf("\nTo replay it: racecheck step --schedule '%s' %s\n", shown, t.operands);
    free(shown);
    rc = r.findings.findings.len == 0 && r.findings.end == CHILD_EXITED && r.findings.status == 0
             ? 0
             : 1;
  }
  run_result_free(&r);
  free(lesson);
  target_free(&t);
  return rc;
}
