/* A program started once, as a fork server (shim/fork_server.c), and forked for each run:
 * racecheck explore's runs pay TSan's start-up once. Each run is racecheck's child, watched,
 * reaped and read as a run started alone (child.c, run_case.c). */
#ifndef RACECHECK_FORK_SERVER_RUN_H
#define RACECHECK_FORK_SERVER_RUN_H

#include "report_channel.h"
#include "symbols.h"

#include <sys/types.h>

/* The names symbols_read found for a set of the program's offsets. */
struct symbol_memo {
  unsigned long long *code, *data;
  size_t ncode, ndata;
  struct symbols symbols;
  int read;
};
void symbol_memo_free(struct symbol_memo *m);

struct fork_server {
  pid_t pid;
  int sock; /* racecheck's end of the requests' socket */
  /* where every run's reports and ledger go: emptied before each run */
  struct report_channel channel;
  int notify; /* wakes racecheck when a run writes its ledger there (ledger_notify_open); -1 */
  /* it serves no more runs (they are started alone): it could not serve one, or one was
   * cut short (a timeout, a signal), maybe in the middle of a question to the symbolizer
   * the runs share, whose next answer would then be the wrong one */
  int failed;
  struct symbol_memo names; /* the last run's names for its ledger */
};

/* Starts the program at argv[0], with its arguments, as a server, in the environment o
 * gives a run. Returns 0, or -1 with errno set. */
int fork_server_start(struct fork_server *s, int caller_tsan_options, char *const argv[]);
/* One run: the compiled schedule (or NULL) and its descriptors. Returns the run's pid, a
 * child of racecheck now, in a process group of its own; or -1 with errno set, and the server
 * is failed. */
pid_t fork_server_run(struct fork_server *s, const char *schedule, int out, int err, int ledger);
void fork_server_stop(struct fork_server *s);

#endif
