#include "check.h"

#include "expect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
  } else if (!strlist_equal(first_seen, &seen)) {
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
