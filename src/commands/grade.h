/* `racecheck grade DIR`, for instructors: tries every submission in DIR (a folder per
 * student holding LESSON.c files, or with --lesson a file per student), each in a
 * `racecheck try` of its own with a process group, a deadline and a cap on processes, so
 * that no submission can stop the grading; writes the table student x lesson -> verdict
 * and reason as CSV and JSON. */
#ifndef RACECHECK_GRADE_H
#define RACECHECK_GRADE_H

#include "options.h"

int cmd_grade(const struct options *o, int argc, char **argv);

#endif
