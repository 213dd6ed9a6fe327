/* `racecheck step --schedule S (CASE | FILE.c...)`: runs the program under the schedule (a
 * lesson's case under its own without one) and tells the whole story: each point a thread
 * passed, with its line; then what the program printed, what the detector found, and the
 * command that replays it. */
#ifndef RACECHECK_STEP_H
#define RACECHECK_STEP_H

#include "options.h"

int cmd_step(const struct options *o, int argc, char **argv);

#endif
