/* One lesson of the demo, in parts: the rule and its story; the case that breaks it, run,
 * with what the detector said, the source lines it names and a verdict a learner reads the
 * right way round ("race shown, as expected"); why, from the expected file's comments and
 * what each kind of finding means; each case that keeps the rule, run; and the fix, the
 * diff of the two cases' code without the lines that only force the schedule. */
#ifndef RACECHECK_DEMO_LESSON_H
#define RACECHECK_DEMO_LESSON_H

#include "lessons.h"
#include "run_case.h"

struct demo_options {
  const char *cases_dir;
  const char *build_dir;
  const char *expected_dir;
  const char *exercise_data_dir; /* a lesson whose first case has a file here is an exercise */
  struct run_options run;
  int color; /* only on a terminal, and never with NO_COLOR set */
  int step;  /* pause between the parts: asked for, and stdin and stdout are a terminal */
};

enum { DEMO_FAILED = 1, DEMO_QUIT = 2 };

/* Shows lesson `number` of `total`; returns 0, DEMO_FAILED if a fix could not be shown, or
 * DEMO_QUIT if the learner stopped at a pause. */
int demo_lesson(const struct demo_options *o, const struct lesson *l, size_t number, size_t total);
/* With o->step, asks whether to go on; returns 1 if the learner stops. */
int demo_pause(const struct demo_options *o);
/* The rule its first case's header states ("Rule: ..."), or its name: a copy to free. */
char *lesson_rule(const struct demo_options *o, const struct lesson *l);
/* Whether the lesson's first case breaks its rule (it marks a BUG line). */
int lesson_breaks_first(const struct demo_options *o, const struct lesson *l);

#endif
