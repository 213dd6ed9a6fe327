/* `racecheck cc`: a compiler that builds the way racecheck does, for a course's own build. */
#ifndef RACECHECK_CC_CMD_H
#define RACECHECK_CC_CMD_H

int cmd_cc(int argc, char **argv);

#endif
