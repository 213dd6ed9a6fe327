#include "show.h"

#include "check.h"
#include "json.h"
#include "run_case.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show_json(const char *program, const struct run_result *r) {
  struct json j = {.out = stdout};
  json_begin_object(&j, NULL);
  json_int(&j, "racecheck_format", 1);
  json_string(&j, "program", program);
  json_string(&j, "summary", r->summary);
  json_string(&j, "note", r->note);
  json_run(&j, "run", &r->findings);
  json_end_object(&j);
}

int cmd_show(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("show needs a program to run");
  char *why = NULL;
  if (!is_regular_executable(argv[0], &why)) {
    fprintf(stderr, "racecheck: %s\n", why);
    free(why);
    return 2;
  }
  if (!built_with_tsan(argv[0])) {
    fprintf(stderr,
            "racecheck: %s is not a program built with -fsanitize=thread (or cannot be "
            "read)\n",
            argv[0]);
    return 2;
  }
  struct run_options ro = run_options_of(o);
  ro.caller_tsan_options = 1; /* a look at a program, not a verdict: the caller's say goes */
  const char *caller = getenv("TSAN_OPTIONS");
  if (caller && *caller)
    fprintf(stderr, "racecheck: your TSAN_OPTIONS are in effect after racecheck's own: %s\n",
            caller);
  struct run_result r = {0};
  run_program(&ro, path_basename(argv[0]), argv, &r);
  if (r.error) {
    fprintf(stderr, "racecheck: %s\n", r.error);
    run_result_free(&r);
    return 2;
  }
  if (r.warning)
    fprintf(stderr, "racecheck: %s\n", r.warning);
  if (o->format == FORMAT_JSON) {
    show_json(argv[0], &r);
  } else {
    for (size_t i = 0; i < r.lines.len; i++)
      printf("%s\n", r.lines.items[i]);
    if (r.note)
      printf("note: %s\n", r.note);
    char *environment = run_environment_problem(&r);
    if (environment)
      printf("environment: %s\n", environment);
    free(environment);
  }
  int clean =
      r.findings.findings.len == 0 && r.findings.end == CHILD_EXITED && r.findings.status == 0;
  run_result_free(&r);
  return clean ? 0 : 1;
}

int cmd_normalize(const struct options *o, int argc, char **argv) {
  (void)o;
  if (argc == 0)
    return usage_error("normalize needs a saved TSan log");
  int failed = 0;
  for (int i = 0; i < argc; i++) {
    struct buf log = {0};
    if (!read_file(argv[i], &log)) {
      fprintf(stderr, "racecheck: %s: %s\n", argv[i], strerror(errno));
      failed++;
      buf_free(&log);
      continue;
    }
    struct run_capture capture = {.end = CHILD_NOT_STARTED, .err = log.data, .err_len = log.len};
    struct run_findings found = {0};
    struct strlist lines = {0};
    run_findings_make(&capture, &found);
    run_findings_lines(&found, &lines);
    for (size_t j = 0; j < lines.len; j++)
      printf("%s\n", lines.items[j]);
    strlist_free(&lines);
    run_findings_free(&found);
    buf_free(&log);
  }
  return failed ? 2 : 0;
}
