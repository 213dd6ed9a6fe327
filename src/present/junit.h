/* Verdicts as JUnit XML, the report format GitLab, Jenkins and most CI systems read: one
 * testcase per case, the diff in its failure. tests/junit.xsd is the schema it keeps to. */
#ifndef RACECHECK_JUNIT_H
#define RACECHECK_JUNIT_H

#include "verdict.h"

#include <stddef.h>

/* Writes the file whole or not at all; returns 0, or -1 with errno set. */
int junit_write(const char *path, const struct verdict *verdicts, size_t n);

#endif
