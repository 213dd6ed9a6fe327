/* Checking a case against its expected file: runs it, compares, and gives a verdict as
 * data (verdict.h). */
#ifndef RACECHECK_CHECK_H
#define RACECHECK_CHECK_H

#include "case_options.h"
#include "run_case.h"
#include "verdict.h"

#include <stdio.h>

/* Runs a case o->repeat times against its expected file; runs are compared as the expected
 * file sees them, so a {{n}} count may vary but nothing else. */
void check_case(const struct options *o, const char *name, struct verdict *out);

/* Why a run says nothing about the case but something about this machine: the detector
 * could not start or failed itself, or a hang's stacks could not be read. NULL if none. */
char *run_environment_problem(const struct run_result *r);

#endif
