/* racecheck show: any program built with TSan, run and explained; racecheck normalize: the
 * findings in a TSan log saved elsewhere. */
#ifndef RACECHECK_SHOW_H
#define RACECHECK_SHOW_H

#include "case_options.h"

int cmd_show(const struct options *o, int argc, char **argv);
int cmd_normalize(const struct options *o, int argc, char **argv);

#endif
