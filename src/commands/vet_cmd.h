/* The command `racecheck vet`: prints where C files copy a lock (see vet.h). */
#ifndef RACECHECK_VET_CMD_H
#define RACECHECK_VET_CMD_H

/* argv holds what follows "vet". Returns 1 when something is copied, 0 when nothing is, and
 * 2 on a usage error or a file that does not parse. */
int cmd_vet(int argc, char **argv);

#endif
