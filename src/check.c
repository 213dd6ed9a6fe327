#include "check.h"

#include "expect.h"
#include "json.h"
#include "junit.h"
#include "term.h"
#include "verdict_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const WORDS[] = {[VERDICT_PASS] = "PASS",
                                    [VERDICT_FAIL] = "FAIL",
                                    [VERDICT_ENV] = "ENV",
                                    [VERDICT_FLAKY] = "FLAKY"};

const char *verdict_word(enum verdict_status s) {
  return WORDS[s];
}

int same_lines(const struct strlist *a, const struct strlist *b) {
  if (a->len != b->len)
    return 0;
  for (size_t i = 0; i < a->len; i++)
    if (strcmp(a->items[i], b->items[i]) != 0)
      return 0;
  return 1;
}

static void print_lines(FILE *out, const struct strlist *lines) {
  for (size_t i = 0; i < lines->len; i++)
    fprintf(out, "    %s\n", lines->items[i]);
}

/* Under a verdict: the note, and for a failure what it ran and how it differs. */
static void explain(FILE *out, const struct case_paths *p, const char *name, int passed,
                    const struct run_result *r, const struct strlist *seen,
                    const struct expected *want, const char *load_error) {
  if (r->note)
    fprintf(out, "    note: %s\n", r->note);
  if (r->warning)
    fprintf(out, "    warning: %s\n", r->warning);
  if (load_error) {
    fprintf(out, "    %s\n    it ran and said:\n", load_error);
    print_lines(out, &r->lines);
    fprintf(out, "    if that is right, keep it with: build/racecheck bless %s\n", name);
  } else if (!passed) {
    print_diff(out, p->out_dir, name, p->expected, &want->lines, "actual run", seen);
  }
  if (!passed && r->detector_log_path)
    fprintf(out,
            "    raw output: %s (what the detector wrote; the program's stdout and stderr "
            "beside it)\n",
            r->detector_log_path);
}

char *run_environment_problem(const struct run_result *r) {
  const struct run_findings *f = &r->findings;
  if (f->environment)
    return xstrdup(f->environment);
  if (f->detector_crash)
    return xasprintf("the detector itself failed, which says nothing about the case: %.*s",
                     (int)strcspn(f->detector_crash, "\n"), f->detector_crash);
  for (size_t i = 0; i < f->findings.len; i++)
    if (f->findings.items[i].report.no_stacks)
      return xasprintf("the hung program's stacks could not be read: %s",
                       f->findings.items[i].report.no_stacks);
  return NULL;
}

struct attempt {
  const struct options *o;
  const char *name;
  struct case_paths paths;
  struct expected want;
  char *load_error;
  FILE *details;
};

/* One run; returns 1 when the verdict is decided and no further run is needed. */
static int run_once(struct attempt *a, long run, struct verdict *v, struct strlist *first_seen) {
  struct run_options ro = run_options_of(a->o);
  struct run_result r = {0};
  struct strlist seen = {0};
  run_case(&ro, &a->paths, a->name, &r);
  int match = !r.error && expect_match(&a->want, &r.lines, &seen) && !a->load_error;
  char *environment = r.error ? NULL : run_environment_problem(&r);
  int decided = 1;
  if (r.error || environment) {
    free(v->summary);
    v->status = r.error ? VERDICT_FAIL : VERDICT_ENV;
    v->summary = r.error ? xstrdup(r.error) : environment;
  } else if (run == 0) {
    v->status = match ? VERDICT_PASS : VERDICT_FAIL;
    v->summary = xstrdup(r.summary);
    explain(a->details, &a->paths, a->name, match, &r, &seen, &a->want, a->load_error);
    decided = !match;
    *first_seen = seen, seen = (struct strlist){0};
    v->run = r, r = (struct run_result){0};
  } else if (!same_lines(first_seen, &seen)) {
    v->status = VERDICT_FLAKY;
    free(v->summary);
    v->summary = xasprintf("run %ld differs from run 1", run + 1);
    print_diff(a->details, a->paths.out_dir, a->name, "run 1", first_seen, "later run", &seen);
  } else {
    decided = 0;
  }
  run_result_free(&r);
  strlist_free(&seen);
  return decided;
}

void check_case(const struct options *o, const char *name, struct verdict *v) {
  *v = (struct verdict){.name = xstrdup(name), .status = VERDICT_FAIL};
  if (!valid_case_name(name)) {
    v->summary = xstrdup("not a case name (a file name in cases/, without directories)");
    v->details = xstrdup("");
    return;
  }
  size_t len = 0;
  struct attempt a = {.o = o, .name = name, .paths = paths_of(o, name)};
  a.details = open_memstream(&v->details, &len);
  if (!a.details) {
    fprintf(stderr, "racecheck: %s\n", strerror(errno));
    exit(2);
  }
  if (expect_load(a.paths.expected, &a.want, &a.load_error) != 0)
    a.want = (struct expected){0};
  struct strlist first_seen = {0};
  for (long run = 0; run < o->repeat; run++)
    if (run_once(&a, run, v, &first_seen))
      break;
  fclose(a.details);
  strlist_free(&first_seen);
  free(a.load_error);
  expect_free(&a.want);
  case_paths_free(&a.paths);
}

void verdict_print(FILE *out, const struct verdict *v) {
  char *text =
      xasprintf("%-5s %s: %s\n%s", verdict_word(v->status), v->name, v->summary, v->details);
  term_write(out, text, strlen(text)); /* a summary or a diff may quote the program */
  free(text);
}

void verdict_free(struct verdict *v) {
  free(v->name);
  free(v->summary);
  free(v->details);
  run_result_free(&v->run);
  *v = (struct verdict){0};
}

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
  struct json j = {.out = stdout};
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

static char *verdict_path(const struct options *o, const char *name) {
  return o->verdicts_dir ? xasprintf("%s/%s", o->verdicts_dir, name)
                         : xasprintf("%s/verdicts/%s", o->build_dir, name);
}

/* A kept verdict starts with this line and its status word; `check`'s text follows. */
static const char KEPT_HEADER[] = "racecheck verdict: ";

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
  struct buf text = {0};
  FILE *shown = open_memstream(&text.data, &text.len);
  if (!shown) {
    fprintf(stderr, "racecheck: %s\n", strerror(errno));
    exit(2);
  }
  fprintf(shown, "%s%s\n", KEPT_HEADER, verdict_word(v.status));
  verdict_print(shown, &v);
  fclose(shown);
  char *path = verdict_path(o, name);
  struct case_paths p = paths_of(o, name);
  const char *read[] = {p.source, p.expected}; /* the header names the detector */
  char *error = NULL;
  int ok = verdict_file_write(path, text.data, text.len, o->depfile ? read : NULL, 2, &error) == 0;
  if (!ok)
    fprintf(stderr, "racecheck: %s\n", error);
  free(error);
  case_paths_free(&p);
  free(path);
  buf_free(&text);
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

/* The status a kept verdict's first line names; -1 when the file is not a kept verdict. */
static int kept_status(const char *text, const char **rest) {
  if (!starts_with(text, KEPT_HEADER))
    return -1;
  const char *word = text + strlen(KEPT_HEADER);
  size_t len = strcspn(word, "\n");
  *rest = word[len] ? word + len + 1 : word + len;
  for (int s = VERDICT_PASS; s <= VERDICT_FLAKY; s++)
    if (strlen(WORDS[s]) == len && strncmp(word, WORDS[s], len) == 0)
      return s;
  return -1;
}

int verdict_kept_read(const struct options *o, const char *name, enum verdict_status *status,
                      char **summary) {
  char *path = verdict_path(o, name);
  struct buf text = {0};
  const char *rest = NULL;
  int s = read_file(path, &text) ? kept_status(buf_str(&text), &rest) : -1;
  char *line = s >= 0 ? xstrndup(rest, strcspn(rest, "\n")) : NULL;
  char *prefix = xasprintf("%s: ", name);
  const char *said = line ? strstr(line, prefix) : NULL;
  if (said) {
    *status = (enum verdict_status)s;
    *summary = xstrdup(said + strlen(prefix));
  }
  free(prefix), free(line), free(path);
  buf_free(&text);
  return said ? 0 : -1;
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
    int status = read_file(path, &text) ? kept_status(buf_str(&text), &rest) : -1;
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
