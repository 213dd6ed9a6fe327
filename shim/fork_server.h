/* The fork server (shim/fork_server.c): what racecheck and the shim agree on. racecheck
 * starts the program once with RACECHECK_FORK_SERVER in its environment and a socket at
 * RACECHECK_SERVER_FD; before main, the program then serves. First it says it is ready (one
 * byte, RACECHECK_SERVER_READY): its start is over, the symbolizer's too. Then, for each
 * request (a watch mode and the compiled schedule as the message, and the run's stdout, stderr
 * and ledger descriptors passed with it) it forks a run of the program, already started, and
 * answers with a struct racecheck_served_run and a pidfd of the run passed with it, at once
 * for an unwatched run; for a watched one, once the run has sent the listener of the filter it
 * installed on itself (shim/watch_filter.h) before the program's code, passed after the
 * pidfd (none if it could not install it). Once the run has ended (or
 * racecheck killed it), racecheck sends one byte, RACECHECK_SERVER_REAP; the server then
 * kills the run's process group, reaps the run and answers with its wait status (an int).
 * Until then the run is at least a zombie: its pid, and its group's, stay its own. */
#ifndef RACECHECK_FORK_SERVER_H
#define RACECHECK_FORK_SERVER_H

enum {
  RACECHECK_SERVER_FD = 1014,
  /* the longest schedule a request carries */
  RACECHECK_SERVER_REQUEST_MAX = 1 << 17,
  RACECHECK_SERVER_REAP = 'r',
  RACECHECK_SERVER_READY = 'R',
  /* a request's first byte: how the run is watched */
  RACECHECK_WATCH_NONE = '0',
  RACECHECK_WATCH_EXECS = '1',   /* its execs */
  RACECHECK_WATCH_THREADS = '2', /* its execs, its ledger's writes and its threads, counted */
};

/* The pids of the run and of the server, as the server's pid namespace numbers them: in a
 * sandbox's, not the pids racecheck sees. */
struct racecheck_served_run {
  int run, server;
};

#endif
