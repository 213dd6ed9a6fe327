#include "static_run.h"

#include "child.h"
#include "normalize.h"
#include "render.h"
#include "vet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { ANALYSIS_TIMEOUT_S = 120, KEEP_BYTES = 4 << 20 };

int command_exists(const char *command) {
  const char *path = getenv("PATH");
  struct strlist dirs = {0};
  split_words(path ? path : "/usr/bin:/bin", ":", &dirs);
  int found = 0;
  for (size_t i = 0; i < dirs.len && !found; i++) {
    char *candidate = xasprintf("%s/%s", dirs.items[i], command);
    found = access(candidate, X_OK) == 0;
    free(candidate);
  }
  strlist_free(&dirs);
  return found;
}

void static_run_argv(const struct detector *d, const char *cases_dir, const char *source,
                     struct strlist *argv) {
  for (const char *const *w = d->words; *w; w++)
    strlist_push(argv, xstrdup(*w));
  if (d->tool == TOOL_CLANG_TIDY) {
    strlist_push(argv, xstrdup(source));
    strlist_push(argv, xstrdup("--"));
  }
  if (d->annotated) {
    strlist_push(argv, xstrdup("-include"));
    strlist_push(argv, xasprintf("%s/thread_safety.h", cases_dir));
  }
  detector_source_flags(cases_dir, argv);
  if (d->tool == TOOL_CLANG)
    strlist_push(argv, xstrdup(source));
  strlist_push(argv, NULL);
}

static void run_command(const struct detector *d, const char *cases_dir, const char *source,
                        struct static_run *out) {
  struct strlist argv = {0};
  static_run_argv(d, cases_dir, source, &argv);
  struct child c = {.argv = argv.items,
                    .search_path = 1,
                    .envp = environ,
                    .timeout_s = ANALYSIS_TIMEOUT_S,
                    .keep_bytes = KEEP_BYTES};
  if (child_run(&c) != 0) {
    out->not_installed = c.start_errno == ENOENT;
    out->error = xasprintf("cannot run %s: %s", argv.items[0], strerror(c.start_errno));
  } else {
    buf_add(&out->output, c.out.data ? c.out.data : "", c.out.len);
    buf_add(&out->output, c.err.data ? c.err.data : "", c.err.len);
    struct run_capture capture = {.detector = TOOL_CLANG,
                                  .end = c.end,
                                  .status = c.status,
                                  .timeout_s = c.timeout_s,
                                  .err = buf_str(&out->output),
                                  .err_len = out->output.len,
                                  .keep_bytes = KEEP_BYTES};
    run_findings_make(&capture, &out->findings);
    out->ran = 1;
    out->seconds = c.seconds;
  }
  child_free(&c);
  strlist_free(&argv);
}

void vet_reports(const struct vet_findings *found, struct reports *out) {
  for (size_t i = 0; i < found->len; i++) {
    const struct vet_finding *f = &found->items[i];
    struct report *r = reports_add(out);
    r->kind = REPORT_STATIC_WARNING;
    r->title = vet_message(f);
    r->checker = xstrdup(vet_checker_name(f->kind));
    if (f->lock) { /* unlockpaths: where the lock was taken, then the way out that keeps it */
      r->lock_name = xstrdup(f->lock);
      struct frame *locked = stack_add_frame(&report_add_event(r, EVENT_LOCKED)->stack);
      locked->func = xstrdup(f->name);
      locked->file = xstrdup(f->file);
      locked->line = (int)f->lock_line;
    }
    struct frame *place = stack_add_frame(&report_add_event(r, EVENT_AT)->stack);
    place->func = f->lock ? xstrdup(f->name) : NULL;
    place->file = xstrdup(f->file);
    place->line = (int)f->line;
    place->column = (int)f->column;
  }
}

static void run_vet(const char *cases_dir, const char *source, struct static_run *out) {
  char *include = xasprintf("-I%s", cases_dir);
  const char *args[] = {include};
  struct vet_options o = {.clang_args = args, .n_clang_args = 1};
  struct vet_findings found = {0};
  double started = monotonic_seconds();
  if (vet_files(&o, &source, 1, &found, &out->error) == 0) {
    struct reports reports = {0};
    vet_reports(&found, &reports);
    out->findings = (struct run_findings){.end = CHILD_EXITED};
    findings_from_reports(&reports, render_report, &out->findings.findings);
    out->ran = 1;
  }
  out->seconds = monotonic_seconds() - started;
  vet_findings_free(&found);
  free(include);
}

void static_run(const struct detector *d, const char *cases_dir, const char *source,
                struct static_run *out) {
  *out = (struct static_run){0};
  if (d->tool == TOOL_VET)
    run_vet(cases_dir, source, out);
  else
    run_command(d, cases_dir, source, out);
}

void static_run_free(struct static_run *r) {
  run_findings_free(&r->findings);
  free(r->error);
  buf_free(&r->output);
  *r = (struct static_run){0};
}
