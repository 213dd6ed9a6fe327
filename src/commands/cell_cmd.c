#include "cell_cmd.h"

#include "case_info.h"
#include "cell.h"
#include "lessons.h"
#include "static_run.h"
#include "verdict_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

char *cells_dir_of(const struct options *o) {
  return o->cells_dir ? xstrdup(o->cells_dir) : xasprintf("%s/matrix/cells", o->build_dir);
}

/* Valgrind's errors exit with this code, like TSan's 66. */
static const char VALGRIND_ERROR_EXIT[] = "--error-exitcode=66";

/* Whether the case's Detector: line names this detector's tool, and so gives it options. */
static int case_sets_options(const struct detector *d, const struct case_info *info) {
  return info->detector.len > 2 && d->words[0] && d->words[1] &&
         strcmp(info->detector.items[1], d->words[1]) == 0;
}

/* "the case sets --exclusive-threshold=50": what the cell's verdict depends on. */
static char *case_setting(const struct detector *d, const struct case_info *info) {
  if (!case_sets_options(d, info))
    return NULL;
  struct buf b = {0};
  buf_adds(&b, "the case sets");
  for (size_t i = 2; i < info->detector.len; i++)
    buf_printf(&b, " %s", info->detector.items[i]);
  return b.data;
}

/* The detector's command and the binary; DRD also takes the options a case's own Detector:
 * line gives it (the threshold that times a lock). */
static void program_argv(const struct detector *d, const struct case_info *info, const char *binary,
                         struct strlist *argv) {
  for (const char *const *w = d->words; *w; w++)
    strlist_push(argv, xstrdup(*w));
  for (size_t i = 2; case_sets_options(d, info) && i < info->detector.len; i++)
    strlist_push(argv, xstrdup(info->detector.items[i]));
  if (d->tool == TOOL_VALGRIND)
    strlist_push(argv, xstrdup(VALGRIND_ERROR_EXIT));
  strlist_push(argv, xstrdup(binary));
  strlist_push(argv, NULL);
}

struct case_facts {
  const char *name;
  char *source;
  struct case_info info;
  const char *about; /* its lesson's kinds, or NULL */
  const struct lesson *lesson;
};

/* A run of the program under the detector, into the cell. */
static void run_cell(const struct options *o, const struct detector *d, struct case_facts *f,
                     struct cell_evidence *e, struct cell *out) {
  struct run_options ro = run_options_of(o);
  ro.timeout_s = MATRIX_DEADLINE_S;
  char *logs = xasprintf("%s/matrix/logs/%s", o->build_dir, d->id);
  ro.log_dir = logs;
  ro.valgrind = d->tool == TOOL_VALGRIND;
  ro.program = o->program;
  char *schedule = lesson_schedule(o->cases_dir, f->name); /* as check runs the case */
  ro.schedule = schedule;
  struct strlist argv = {0};
  program_argv(d, &f->info, o->program ? o->program : "", &argv);
  struct run_result r = {0};
  char *why = NULL;
  double started = monotonic_seconds();
  if (ro.valgrind && !command_exists(argv.items[0])) {
    e->not_installed = 1;
    e->not_run = "valgrind is not installed (./bootstrap installs it)";
  } else if (!o->program || !is_regular_executable(o->program, &why)) {
    e->not_run = why ? why : "no program to run: give --program BINARY";
  } else if (!ro.valgrind && !built_with_tsan(o->program)) {
    e->not_run = "the program was built without ThreadSanitizer";
  } else {
    run_program(&ro, f->name, argv.items, &r);
    e->run = r.error ? NULL : &r.findings;
    e->not_run = r.error;
  }
  cell_classify(e, out);
  out->seconds = monotonic_seconds() - started;
  run_result_free(&r);
  strlist_free(&argv);
  free(why);
  free(logs);
  free(schedule);
}

/* An analysis of the source, into the cell; for a case that breaks its rule, its twins are
 * analysed too, so that a warning they get alike does not count. */
static void analyse_cell(const struct options *o, const struct detector *d, struct case_facts *f,
                         struct cell_evidence *e, struct cell *out) {
  struct static_run r, twin = {0};
  static_run(d, o->cases_dir, f->source, &r);
  struct findings twins = {0};
  for (size_t i = 0; e->breaks && f->lesson && i < f->lesson->cases.len; i++) {
    if (strcmp(f->lesson->cases.items[i], f->name) == 0)
      continue;
    char *source = xasprintf("%s/%s.c", o->cases_dir, f->lesson->cases.items[i]);
    static_run(d, o->cases_dir, source, &twin);
    for (size_t k = 0; twin.ran && k < twin.findings.findings.len; k++) {
      twins.items = xrealloc(twins.items, (twins.len + 1) * sizeof *twins.items);
      twins.items[twins.len++] = twin.findings.findings.items[k];
    }
    if (twin.ran)
      twin.findings.findings.len = 0; /* taken over */
    static_run_free(&twin);
    free(source);
  }
  e->twin = &twins;
  struct bug_scope scope = {0};
  char *error = NULL;
  e->analysis = 1;
  e->run = r.ran ? &r.findings : NULL;
  e->not_run = r.error;
  e->not_installed = r.not_installed;
  if (r.ran && bug_scope_find(f->source, f->info.bug_lines, f->info.nbug_lines, &scope, &error)) {
    e->not_run = error; /* the lesson's lines cannot be found: no verdict on them */
    e->run = NULL;
  }
  e->scope = &scope;
  cell_classify(e, out);
  out->seconds = r.seconds;
  char *log = xasprintf("%s/matrix/logs/%s/%s.output", o->build_dir, d->id, f->name);
  char *dir = xstrndup(log, (size_t)(path_basename(log) - log));
  if (!make_dirs(dir) || !write_file(log, buf_str(&r.output), r.output.len))
    fprintf(stderr, "racecheck: cannot keep %s: %s\n", log, strerror(errno));
  free(dir), free(log), free(error);
  bug_scope_free(&scope);
  static_run_free(&r);
  findings_free(&twins);
}

/* Makes one cell and keeps it, with a depfile naming the files it read besides its input. */
static int keep_cell(const struct options *o, const struct detector *d, const char *name,
                     const struct lessons *lessons) {
  struct case_facts f = {.name = name, .source = xasprintf("%s/%s.c", o->cases_dir, name)};
  if (case_info_read(f.source, &f.info) != 0) {
    fprintf(stderr, "racecheck: cannot read %s: %s\n", f.source, strerror(errno));
    free(f.source);
    return 0;
  }
  const struct lesson *lesson = lesson_of(lessons, name);
  f.lesson = lesson;
  struct cell c = {.case_name = xstrdup(name), .detector = xstrdup(d->id)};
  struct cell_evidence e = {.breaks = f.info.nbug_lines > 0,
                            .about = lesson ? lesson->about : NULL,
                            .source = path_basename(f.source)};
  if (detector_runs_program(d))
    run_cell(o, d, &f, &e, &c);
  if (detector_runs_program(d))
    c.setting = case_setting(d, &f.info);
  else
    analyse_cell(o, d, &f, &e, &c);
  char *dir = cells_dir_of(o), *path = xasprintf("%s/%s/%s", dir, d->id, name);
  char *lessons_path = xasprintf("%s/lessons.txt", o->cases_dir), *text = cell_file_text(&c);
  struct strlist read = {0}; /* the case, the lessons, and the twins an analysis read */
  strlist_push(&read, xstrdup(f.source));
  strlist_push(&read, xstrdup(lessons_path));
  for (size_t i = 0; lesson && !detector_runs_program(d) && i < lesson->cases.len; i++)
    if (strcmp(lesson->cases.items[i], name) != 0)
      strlist_push(&read, xasprintf("%s/%s.c", o->cases_dir, lesson->cases.items[i]));
  char *error = NULL;
  int ok = verdict_file_write(path, text, strlen(text),
                              o->depfile ? (const char *const *)read.items : NULL, read.len,
                              &error) == 0;
  strlist_free(&read);
  if (!ok)
    fprintf(stderr, "racecheck: %s\n", error);
  free(error), free(text), free(lessons_path), free(path), free(dir), free(f.source);
  cell_free(&c);
  case_info_free(&f.info);
  return ok;
}

int cmd_cell(const struct options *o, int argc, char **argv) {
  const struct detector *d = o->detector ? detector_named(o->detector) : NULL;
  if (!d)
    return usage_error("cell needs --detector ID, one of the matrix's detectors");
  if (argc != 1 || !valid_case_name(argv[0]))
    return usage_error("cell takes one case name");
  struct lessons lessons;
  char *error = NULL;
  if (lessons_read(o->cases_dir, &lessons, &error) != 0) {
    fprintf(stderr, "racecheck: %s\n", error);
    free(error);
    return 2;
  }
  int ok = keep_cell(o, d, argv[0], &lessons);
  lessons_free(&lessons);
  return ok ? 0 : 2;
}
