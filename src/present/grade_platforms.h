/* A graded submission as the course platforms read it: Gradescope's results.json (one test
 * per lesson, with score, max_score, output, visibility) and PrairieLearn's external grader
 * results (gradable, score from 0 to 1, tests with points). Each platform grades one
 * submission per container; racecheck grade, run there on that one submission, prints the
 * platform's file. */
#ifndef RACECHECK_GRADE_PLATFORMS_H
#define RACECHECK_GRADE_PLATFORMS_H

#include "grade_table.h"

#include <stdio.h>

enum grade_platform { GRADESCOPE, PRAIRIELEARN };

void grade_platform_results(FILE *out, const struct grade_table *t, enum grade_platform p);

#endif
