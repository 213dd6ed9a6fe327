/* racecheck demo: the rules as a course. With no lesson named, the list of lessons (number,
 * rule, cases); with numbers or case names, those lessons whole (demo_lesson.h); with --all,
 * every lesson and then a recap: the tutorial's table of when to use which tool, and which
 * detector saw which rule (expected/matrix.txt). */
#ifndef RACECHECK_DEMO_H
#define RACECHECK_DEMO_H

#include "options.h"

int cmd_demo(const struct options *o, int argc, char **argv);

#endif
