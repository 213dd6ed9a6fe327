/* A program started once, as a fork server (shim/fork_server.c), and forked for each run:
 * racecheck explore's runs pay TSan's start-up once. Each run is the server's child, which
 * reaps it and passes its wait status on; racecheck holds a pidfd of it, and watches, kills
 * and reads it as a run started alone (child.c, run_case.c). In a sandbox, the server runs
 * inside bubblewrap, and so does every run it forks. */
#ifndef RACECHECK_FORK_SERVER_RUN_H
#define RACECHECK_FORK_SERVER_RUN_H

#include "../../shim/fork_server.h"
#include "child.h"
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

struct sandbox;

struct fork_server {
  pid_t pid;       /* racecheck's child: the program, or bwrap around it */
  pid_t sandbox;   /* in a sandbox, bwrap's first process, in whose pid namespace it runs; or 0 */
  int sandbox_end; /* a pidfd of that process, readable once every process in the sandbox is
                      gone; or -1 */
  int sock;        /* racecheck's end of the requests' socket */
  /* where every run's reports and ledger go: emptied before each run */
  struct report_channel channel;
  int notify; /* wakes racecheck when a run writes its ledger there (ledger_notify_open); -1 */
  /* it serves no more runs (they are started alone): it could not serve one, or one was
   * cut short (a timeout, a signal), maybe in the middle of a question to the symbolizer
   * the runs share, whose next answer would then be the wrong one */
  int failed;
  struct symbol_memo names; /* the last run's names for its ledger */
  /* its children when it said it was ready (the symbolizer), as its runs' /proc numbers them */
  pid_t helpers[8];
  size_t nhelpers;
};

/* Starts the program at argv[0], with its arguments, as a server, in the environment a run
 * gets, inside the sandbox unless it is NULL; waits until it is ready. Returns 0, or -1 with
 * errno set. */
int fork_server_start(struct fork_server *s, int caller_tsan_options, char *const argv[],
                      const struct sandbox *sandbox);

/* How a run is watched (clone_watch.h): the filter the run installs on itself, in the
 * shim, before the program's code runs (shim/watch_filter.h), hands racecheck its execs
 * (WATCH_EXECS), or its execs, its ledger's writes and the rseq call of each thread it
 * starts (WATCH_THREADS). */
enum served_watch {
  WATCH_NONE = RACECHECK_WATCH_NONE, /* each the request's first byte (shim/fork_server.h) */
  WATCH_EXECS = RACECHECK_WATCH_EXECS,
  WATCH_THREADS = RACECHECK_WATCH_THREADS,
};

/* One run: how it is watched, the compiled schedule (or NULL) and its descriptors. Returns
 * 0; or -1 with errno set, and the server is failed. */
int fork_server_run(struct fork_server *s, enum served_watch watch, const char *schedule, int out,
                    int err, int ledger, struct served_run *run);
/* Once the run has ended (its pidfd is readable; racecheck may kill it first): its wait
 * status, as the server reaped it, asked for now; until then the run's pid, and its group's,
 * stay its own. Returns 0, or -1 and the server is failed. */
int fork_server_reaped(struct fork_server *s, int *status);
void fork_server_stop(struct fork_server *s);

#endif
