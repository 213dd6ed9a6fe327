/* racecheck demo: the rules in the tutorial's order. For each: the rule, the case that
 * breaks it with what its detector said and the source lines it names, the cases that keep
 * it, and `diff -u` of their code, which is the fix. */
#ifndef RACECHECK_DEMO_H
#define RACECHECK_DEMO_H

#include "options.h"
#include "run_case.h"

struct demo_options {
  const char *cases_dir;
  const char *build_dir;
  const char *expected_dir;
  struct run_options run;
  int color; /* only on a terminal, and never with NO_COLOR set */
};

/* With no names, every lesson of cases/lessons.txt, then every case it does not name. */
int demo(const struct demo_options *o, char **names, size_t n);

int cmd_demo(const struct options *o, int argc, char **argv);

#endif
