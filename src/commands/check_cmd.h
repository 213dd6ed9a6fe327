/* The commands check, verdict and summary. */
#ifndef RACECHECK_CHECK_CMD_H
#define RACECHECK_CHECK_CMD_H

#include "options.h"

int cmd_check(const struct options *o, int argc, char **argv);
int cmd_verdict(const struct options *o, int argc, char **argv);
int cmd_summary(const struct options *o, int argc, char **argv);

#endif
