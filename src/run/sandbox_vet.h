/* `racecheck vet` on a submission, inside the sandbox its build runs in: libclang parses
 * what a learner wrote in a process of its own, with no more reach than the compiler has
 * (sandbox.h), and held to vet's own time and memory. */
#ifndef RACECHECK_SANDBOX_VET_H
#define RACECHECK_SANDBOX_VET_H

#include "text.h"

struct sandbox;

/* Vets `copy` (a file in s's private folder) inside s, with the lock types named (or none)
 * and only the check named ("copylocks", "unlockpaths"; NULL: both): returns 0 with each
 * finding, as vet words it (escaped), in `found`; or -1 with *error when the parse was
 * stopped or could not run. */
int sandbox_vet(struct sandbox *s, const char *copy, const struct strlist *lock_types,
                const char *check, struct strlist *found, char **error);

#endif
