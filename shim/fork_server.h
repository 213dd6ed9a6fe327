/* The fork server (shim/fork_server.c): what racecheck and the shim agree on. racecheck
 * starts the program once with RACECHECK_FORK_SERVER in its environment and a socket at
 * RACECHECK_SERVER_FD; before main, the program then serves: for each request (the compiled
 * schedule as the message, and the run's stdout, stderr and ledger descriptors passed with
 * it) it forks a run of the program, already started, that racecheck adopts, and answers
 * with the run's pid. */
#ifndef RACECHECK_FORK_SERVER_H
#define RACECHECK_FORK_SERVER_H

enum {
  RACECHECK_SERVER_FD = 1014,
  /* the longest schedule a request carries */
  RACECHECK_SERVER_REQUEST_MAX = 1 << 17,
};

#endif
