#include "bless.h"

#include "check.h"
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

/* Two runs must agree before their output becomes the truth for every later run. Lines that
 * match a pattern of the existing expected file ({{n}}) keep the pattern. */
static int bless_case(const struct options *o, const char *name) {
  if (!valid_case_name(name)) {
    fprintf(stderr, "racecheck: %s is not a case name\n", name);
    return 0;
  }
  struct case_paths p = paths_of(o, name);
  struct expected old = {0};
  char *error = NULL;
  if (expect_load(p.expected, &old, &error) != 0) /* a new file, or one to replace whole */
    old = (struct expected){0};
  struct run_options ro = run_options_of(o);
  struct run_result runs[2] = {{0}};
  struct strlist seen[2] = {{0}};
  int ok = 1;
  for (int i = 0; i < 2 && ok; i++) {
    run_case(&ro, &p, name, &runs[i]);
    char *unfit = unfit_to_bless(&runs[i]);
    if (unfit) {
      fprintf(stderr, "racecheck: not blessing %s: %s\n", name, unfit);
      free(unfit);
      ok = 0;
    } else {
      expect_match(&old, &runs[i].lines, &seen[i]);
    }
  }
  if (ok && !strlist_equal(&seen[0], &seen[1])) {
    printf("racecheck: not blessing %s: two runs disagree, so the case is not reproducible.\n"
           "Force its interleaving in the case itself; a rerun must not be what makes it "
           "report. A number that may change is written {{n}} in the expected file.\n",
           name);
    print_diff(stdout, p.out_dir, name, "run 1", &seen[0], "run 2", &seen[1]);
    ok = 0;
  }
  if (ok) {
    struct strlist lines = {0}; /* a pattern kept, or the program's text, meaning only that */
    for (size_t i = 0; i < seen[0].len; i++)
      strlist_push(&lines, strcmp(seen[0].items[i], runs[0].lines.items[i]) == 0
                               ? expect_literal(runs[0].lines.items[i])
                               : xstrdup(seen[0].items[i]));
    char *text = expect_rewrite(&old, &lines);
    strlist_free(&lines);
    if (!write_file(p.expected, text, strlen(text))) {
      fprintf(stderr, "racecheck: cannot write %s: %s\n", p.expected, strerror(errno));
      ok = 0;
    } else {
      printf("blessed %s: %s\n", p.expected, runs[0].summary);
    }
    free(text);
  }
  for (int i = 0; i < 2; i++) {
    run_result_free(&runs[i]);
    strlist_free(&seen[i]);
  }
  free(error);
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
