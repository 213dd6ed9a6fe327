/* A class's grades as data: a row per submission, what try said of it. grade fills it, and
 * its tables and the platforms' results print it. */
#ifndef RACECHECK_GRADE_TABLE_H
#define RACECHECK_GRADE_TABLE_H

#include <stddef.h>

/* One submission's row: who, which lesson, the file, and what try said of it. */
struct grade_row {
  char *student, *lesson, *source;
  char *verdict, *reason, *why; /* verdict: PASS, FAIL or ERROR */
};

struct grade_table {
  struct grade_row *rows;
  size_t len;
};

#endif
