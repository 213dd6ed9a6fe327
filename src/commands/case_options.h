/* What the command line says about running a case: its paths, its deadline, its debugger. */
#ifndef RACECHECK_CASE_OPTIONS_H
#define RACECHECK_CASE_OPTIONS_H

#include "options.h"
#include "run_case.h"
#include "verdict.h"

struct case_paths paths_of(const struct options *o, const char *name);
struct run_options run_options_of(const struct options *o);
/* Where `ninja check` keeps the case's verdict: --verdicts DIR, or BUILD/verdicts. */
char *verdict_path(const struct options *o, const char *name);
/* The verdict kept for a case: its status and summary (to free); -1 when none is kept. */
int verdict_kept_read(const struct options *o, const char *name, enum verdict_status *status,
                      char **summary);

#endif
