/* The README's table of lessons, written from cases/lessons.txt, each case's rule and the
 * expected detector matrix, so that it cannot drift from them. */
#ifndef RACECHECK_LESSONS_TABLE_H
#define RACECHECK_LESSONS_TABLE_H

#include "matrix.h"

/* The table in Markdown: number, rule, the case that breaks it, those that keep it, and who
 * sees it broken (the detectors the matrix says report it; racecheck where the lesson is
 * about a hang). malloc'd. */
char *lessons_table_markdown(const struct matrix *m, const char *cases_dir);

#endif
