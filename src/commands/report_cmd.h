/* racecheck report: the HTML report, one page per lesson of cases/lessons.txt (and per case
 * it names in no lesson), and an index that is the rules table. Each page runs its cases
 * once, as `check` does, and draws what they showed; the index reads the verdicts that
 * `ninja check` keeps. */
#ifndef RACECHECK_REPORT_CMD_H
#define RACECHECK_REPORT_CMD_H

#include "case_options.h"

int cmd_report(const struct options *o, int argc, char **argv);

#endif
