/* The commands check, verdict and summary: verdicts printed as text, JSON and JUnit, kept
 * as files for ninja, and read back. */
#include "check_cmd.h"

#include "check.h"
#include "json.h"
#include "junit.h"
#include "verdict_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The totals line of a check, and its exit status: 1 if any failed, 2 if any could not run
 * on this machine, else 0. */
static int exit_status(const int count[4]) {
  int failed = count[VERDICT_FAIL] + count[VERDICT_FLAKY];
  return failed ? 1 : count[VERDICT_ENV] ? 2 : 0;
}

static int print_totals(const int count[4]) {
  printf("%d passed, %d failed", count[VERDICT_PASS], count[VERDICT_FAIL] + count[VERDICT_FLAKY]);
  if (count[VERDICT_ENV])
    printf(", %d skipped", count[VERDICT_ENV]);
  printf("\n");
  return exit_status(count);
}

/* A line of a case's source, for the explanations that read it: the file the finding names,
 * in the cases folder. */
static char *case_source_line(const char *file, int line, void *ctx) {
  const struct options *o = ctx;
  char *path = xasprintf("%s/%s", o->cases_dir, path_basename(file));
  struct buf text = {0};
  struct strlist lines = {0};
  if (read_file(path, &text))
    split_lines(text.data, text.len, &lines);
  char *wanted = line > 0 && (size_t)line <= lines.len ? xstrdup(lines.items[line - 1]) : NULL;
  strlist_free(&lines);
  buf_free(&text);
  free(path);
  return wanted;
}

static void json_verdict(struct json *j, const struct verdict *v) {
  json_begin_object(j, NULL);
  json_string(j, "name", v->name);
  json_string(j, "verdict", verdict_word(v->status));
  json_string(j, "summary", v->summary);
  json_string(j, "details", v->details);
  if (v->run.summary)
    json_run(j, "run", &v->run.findings);
  else
    json_string(j, "run", NULL);
  json_end_object(j);
}

static void json_totals(struct json *j, const int count[4]) {
  json_int(j, "passed", count[VERDICT_PASS]);
  json_int(j, "failed", count[VERDICT_FAIL] + count[VERDICT_FLAKY]);
  json_int(j, "skipped", count[VERDICT_ENV]);
}

int cmd_check(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("check needs at least one case");
  int count[4] = {0};
  struct verdict *all = xmalloc((size_t)argc * sizeof *all);
  struct json j = {.out = stdout, .source = case_source_line, .source_ctx = (void *)o};
  if (o->format == FORMAT_JSON) {
    json_begin_object(&j, NULL);
    json_int(&j, "racecheck_format", 1);
    json_begin_array(&j, "cases");
  }
  for (int i = 0; i < argc; i++) {
    check_case(o, argv[i], &all[i]);
    count[all[i].status]++;
    if (o->format == FORMAT_JSON)
      json_verdict(&j, &all[i]);
    else
      verdict_print(stdout, &all[i]);
    fflush(stdout);
  }
  int rc;
  if (o->format == FORMAT_JSON) {
    json_end_array(&j);
    json_totals(&j, count);
    json_end_object(&j);
    rc = exit_status(count);
  } else {
    rc = print_totals(count);
  }
  if (o->junit && junit_write(o->junit, all, (size_t)argc) != 0) {
    fprintf(stderr, "racecheck: cannot write %s: %s\n", o->junit, strerror(errno));
    rc = 2;
  }
  for (int i = 0; i < argc; i++)
    verdict_free(&all[i]);
  free(all);
  return rc;
}

/* Checks one case and keeps its verdict as a file for ninja: an output that depends on the
 * case's binary, source, expected file and the runner, so an unchanged case is not run
 * again. A failed case is kept too; `summary` prints it and removes it. */
static int keep_verdict(const struct options *o, const char *name) {
  if (!valid_case_name(name)) {
    fprintf(stderr, "racecheck: %s is not a case name\n", name);
    return 0;
  }
  struct verdict v;
  check_case(o, name, &v);
  char *text = verdict_kept_text(&v);
  char *path = verdict_path(o, name);
  struct case_paths p = paths_of(o, name);
  const char *read[] = {p.source, p.expected}; /* the header names the detector */
  char *error = NULL;
  int ok = verdict_file_write(path, text, strlen(text), o->depfile ? read : NULL, 2, &error) == 0;
  if (!ok)
    fprintf(stderr, "racecheck: %s\n", error);
  free(error);
  case_paths_free(&p);
  free(path);
  free(text);
  verdict_free(&v);
  return ok;
}

int cmd_verdict(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("verdict needs at least one case");
  int failed = 0;
  for (int i = 0; i < argc; i++)
    failed += !keep_verdict(o, argv[i]);
  return failed ? 2 : 0; /* a verdict that cannot be kept */
}

/* Prints the kept verdicts, as `check` would have printed them, and the totals. A verdict
 * that did not pass is removed once printed, so the next check runs its case again. */
int cmd_summary(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("summary needs at least one case");
  int count[4] = {0};
  for (int i = 0; i < argc; i++) {
    if (!valid_case_name(argv[i]))
      return usage_error("summary takes case names (files in cases/, without .c)");
    char *path = verdict_path(o, argv[i]);
    struct buf text = {0};
    const char *rest = NULL;
    int status = read_file(path, &text) ? verdict_kept_status(buf_str(&text), &rest) : -1;
    if (status < 0) {
      printf("FAIL  %s: no verdict in %s (%s); `ninja check` keeps one per case\n", argv[i], path,
             text.data ? "not a kept verdict" : strerror(errno));
      count[VERDICT_FAIL]++;
    } else {
      fputs(rest, stdout);
      count[status]++;
    }
    if (status != VERDICT_PASS && text.data && unlink(path) != 0)
      printf("racecheck: cannot remove %s: %s\n", path, strerror(errno));
    buf_free(&text);
    free(path);
  }
  return print_totals(count);
}
