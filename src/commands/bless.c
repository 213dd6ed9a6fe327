#include "bless.h"

#include "check.h"
#include "detectors.h"
#include "expect.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What makes a run no truth to keep: anything but the case itself speaking through its
 * detector on a machine where both work. NULL when it can be blessed. */
static char *unfit_to_bless(const struct run_result *r) {
  if (r->error)
    return xstrdup(r->error);
  char *environment = run_environment_problem(r);
  if (environment)
    return environment;
  if (r->findings.end == CHILD_TIMEOUT)
    return xstrdup("it ran out of time; a timeout depends on the machine, not on the case");
  if (r->findings.notes.len)
    return xasprintf("its output is not whole (%s)", r->findings.notes.items[0]);
  return NULL;
}

/* Two runs of one build must agree before their output becomes the truth for every later
 * run. Lines that match a pattern of the existing expected file ({{n}}) keep the pattern;
 * the others are the program's text, meaning only that. Returns 1 with the lines and the
 * first run's summary, or 0 after saying why not. */
static int two_runs_agree(const struct options *o, const struct case_paths *p, const char *name,
                          const struct expected *old, struct strlist *lines, char **summary) {
  struct run_options ro = run_options_of(o);
  struct run_result runs[2] = {{0}};
  struct strlist seen[2] = {{0}};
  int ok = 1;
  for (int i = 0; i < 2 && ok; i++) {
    run_case(&ro, p, name, &runs[i]);
    char *unfit = unfit_to_bless(&runs[i]);
    if (unfit) {
      fprintf(stderr, "racecheck: not blessing %s (%s): %s\n", name, p->binary, unfit);
      free(unfit);
      ok = 0;
    } else {
      expect_match(old, &runs[i].lines, &seen[i]);
    }
  }
  if (ok && !strlist_equal(&seen[0], &seen[1])) {
    printf("racecheck: not blessing %s: two runs disagree, so the case is not reproducible.\n"
           "Make the lesson's schedule order it; a rerun must not be what makes it report. A "
           "number that may change is written {{n}} in the expected file.\n",
           name);
    print_diff(stdout, p->out_dir, name, "run 1", &seen[0], "run 2", &seen[1]);
    ok = 0;
  }
  for (size_t i = 0; ok && i < seen[0].len; i++)
    strlist_push(lines, strcmp(seen[0].items[i], runs[0].lines.items[i]) == 0
                            ? expect_literal(runs[0].lines.items[i])
                            : xstrdup(seen[0].items[i]));
  if (ok)
    *summary = xstrdup(runs[0].summary);
  for (int i = 0; i < 2; i++) {
    run_result_free(&runs[i]);
    strlist_free(&seen[i]);
  }
  return ok;
}

/* The folder of each compiler's build of the cases, as rules.ninja names them: the TSan
 * detectors of the matrix, one per compiler. */
static void compiler_builds(const struct options *o, struct strlist *dirs, struct strlist *names) {
  for (size_t i = 0; i < N_DETECTORS; i++)
    if (DETECTORS[i].tool == TOOL_TSAN) {
      const char *variant = DETECTORS[i].compiler;
      strlist_push(dirs,
                   *variant ? xasprintf("%s/%s", o->build_dir, variant) : xstrdup(o->build_dir));
      strlist_push(names, xstrdup(DETECTORS[i].name));
    }
}

/* Each compiler's build's lines, as two runs of it agree on them. */
static int each_compiler(const struct options *o, const char *name, const struct expected *old,
                         const struct strlist *dirs, struct strlist *each, char **summary) {
  int ok = 1;
  for (size_t v = 0; v < dirs->len; v++) {
    struct case_paths p = case_paths_make(o->cases_dir, dirs->items[v], o->expected_dir, name);
    char *one = NULL;
    ok = ok && two_runs_agree(o, &p, name, old, &each[v], &one);
    if (ok && !*summary)
      *summary = one, one = NULL;
    free(one);
    case_paths_free(&p);
  }
  return ok;
}

static int merge(struct strlist *each, size_t n, struct strlist *lines) {
  struct strlist **views = xmalloc(n * sizeof *views);
  for (size_t v = 0; v < n; v++)
    views[v] = &each[v];
  int ok = expect_merge(views, n, lines);
  free(views);
  return ok;
}

static void free_each(struct strlist *each, size_t n) {
  for (size_t v = 0; v < n; v++)
    strlist_free(&each[v]);
}

/* The lines to bless: one build's, or with --every-compiler every compiler's build, merged. */
static int lines_to_bless(const struct options *o, const char *name, const struct expected *old,
                          struct strlist *lines, char **summary) {
  if (!o->every_compiler) {
    struct case_paths p = paths_of(o, name);
    int ok = two_runs_agree(o, &p, name, old, lines, summary);
    case_paths_free(&p);
    return ok;
  }
  struct strlist dirs = {0}, names = {0};
  compiler_builds(o, &dirs, &names);
  struct strlist *each = xmalloc(dirs.len * sizeof *each);
  for (size_t v = 0; v < dirs.len; v++)
    each[v] = (struct strlist){0};
  int ok = each_compiler(o, name, old, &dirs, each, summary);
  int merged = ok && merge(each, dirs.len, lines);
  if (ok && !merged && old->lines.len) {
    /* A choice the old file made ({{a|b}}) may still fit one compiler's line and no longer
     * another's, once the program changed: merge the runs' own words instead. */
    const struct expected fresh = {0};
    free_each(each, dirs.len);
    strlist_free(lines);
    free(*summary), *summary = NULL;
    ok = each_compiler(o, name, &fresh, &dirs, each, summary);
    merged = ok && merge(each, dirs.len, lines);
  }
  if (ok && !merged) {
    printf("racecheck: not blessing %s: the compilers' runs differ by more than a word a "
           "line:\n",
           name);
    struct case_paths p = paths_of(o, name);
    for (size_t v = 1; v < dirs.len; v++)
      print_diff(stdout, p.out_dir, name, names.items[0], &each[0], names.items[v], &each[v]);
    case_paths_free(&p);
    ok = 0;
  }
  free_each(each, dirs.len);
  free(each);
  strlist_free(&dirs), strlist_free(&names);
  return ok;
}

static int bless_case(const struct options *o, const char *name) {
  if (!valid_case_name(name)) {
    fprintf(stderr, "racecheck: %s is not a case name\n", name);
    return 0;
  }
  struct case_paths p = paths_of(o, name);
  struct expected old = {0};
  char *error = NULL, *summary = NULL;
  if (expect_load(p.expected, &old, &error) != 0) /* a new file, or one to replace whole */
    old = (struct expected){0};
  struct strlist lines = {0};
  int ok = lines_to_bless(o, name, &old, &lines, &summary);
  if (ok) {
    char *text = expect_rewrite(&old, &lines);
    if (!write_file(p.expected, text, strlen(text))) {
      fprintf(stderr, "racecheck: cannot write %s: %s\n", p.expected, strerror(errno));
      ok = 0;
    } else {
      printf("blessed %s%s: %s\n", p.expected, o->every_compiler ? " from every compiler" : "",
             summary);
    }
    free(text);
  }
  strlist_free(&lines);
  free(error), free(summary);
  expect_free(&old);
  case_paths_free(&p);
  return ok;
}

int cmd_bless(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("bless needs at least one case");
  int failed = 0;
  for (int i = 0; i < argc; i++)
    failed += !bless_case(o, argv[i]);
  return failed ? 1 : 0;
}
