/* racecheck bless: writes a case's expected file from two runs that must agree, keeping the
 * comments and the patterns ({{n}}) of the file it replaces. */
#ifndef RACECHECK_BLESS_H
#define RACECHECK_BLESS_H

#include "case_options.h"

int cmd_bless(const struct options *o, int argc, char **argv);

#endif
