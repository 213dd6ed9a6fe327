/* racecheck lesson: adding a lesson in one step. Without its programs, writes their skeletons
 * and the lessons line; with them, builds them under every TSan compiler, blesses their
 * expected files with the compilers' wordings merged, makes and blesses their rows of the
 * detector matrix, and rewrites the README's and docs/matrix.md's generated sections. */
#ifndef RACECHECK_LESSON_CMD_H
#define RACECHECK_LESSON_CMD_H

#include "options.h"

int cmd_lesson(const struct options *o, int argc, char **argv);

#endif
