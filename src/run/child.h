/* Runs one child process without a shell, as one struct describes it (after git's
 * run-command): stdout and stderr captured apart, in a process group of its own, killed on
 * timeout or when it hangs, always reaped together with anything it forked. */
#ifndef RACECHECK_CHILD_H
#define RACECHECK_CHILD_H

#include "hang_watch.h"
#include "ledger_vouch.h"
#include "ledger_watch.h"
#include "text.h"

#include <stddef.h>
#include <sys/types.h>

struct sandbox;

/* A run a fork server forked (fork_server.h), in a process group of its own. */
struct served_run {
  pid_t pid;     /* as racecheck's /proc numbers it */
  int pidfd;     /* readable once it has ended; racecheck's to close */
  pid_t sandbox; /* the server's sandbox (struct fork_server's), or 0 */
  /* the run's pid and the server's, as the sandbox's pid namespace numbers them, where its
   * /proc and the run's ledger see them; without a sandbox, racecheck's numbers */
  pid_t seen_as, server_seen_as;
  /* the listener of the filter the run installed on itself (clone_watch.h), racecheck's to
   * answer and close, or -1: the run is not watched; whether its threads are counted */
  int listener;
  int threads_counted;
  /* the server's children when it said it was ready (the symbolizer its runs share), as
   * seen_as numbers them: the only ones of its children that are not a run's */
  const pid_t *helpers;
  size_t nhelpers;
};

enum child_end {
  CHILD_EXITED,   /* status holds the exit code */
  CHILD_SIGNALED, /* status holds the signal */
  CHILD_HUNG,     /* every thread blocked for good; racecheck killed it */
  CHILD_TIMEOUT,  /* still running at the deadline; racecheck killed it */
  CHILD_NOT_STARTED,
};

struct child {
  /* what to run */
  char *const *argv;        /* argv[0] is a path, or a command looked up in PATH if search_path */
  int search_path;          /* for tools (gdb, diff), never for the program under test */
  char *const *envp;        /* the child's whole environment */
  double timeout_s;         /* 0: no limit */
  size_t keep_bytes;        /* how much of each stream to keep in memory; the rest is counted */
  int watch_for_hang;       /* decide, from /proc, when every thread is blocked for good */
  int handlers_are_a_tools; /* for the hang watch: see struct hang_watch */
  int no_aslr;              /* start it with address randomization off, as `setarch -R` does */
  int supervise;            /* the program under test: Ctrl-C kills it, its orphans are swept */
  long max_processes;       /* RLIMIT_NPROC for it and all it starts (threads count); 0: none */
  /* more processes than this in its group, and it is killed at once: a fork bomb, stopped
   * even as root, whom RLIMIT_NPROC does not bind; 0: no limit */
  int max_group_processes;
  /* called when the child hangs or times out, while it is still there to be looked at,
   * with /proc's latest view of its threads; then racecheck kills it */
  void (*before_kill)(pid_t pid, enum child_end why, const struct hang_watch *w, void *ctx);
  void *before_kill_ctx;
  /* the lock ledger of the program, or NULL: when it announces a wait, the watch looks at
   * once, and again every QUICK_SAMPLE_MS for a while, rather than at the next sample */
  struct ledger_watch *ledger;
  /* run inside this sandbox (see sandbox.h), with `writable` writable too, or NULL */
  const struct sandbox *sandbox;
  const char *writable;
  long max_address_space; /* RLIMIT_AS in bytes, for a compiler (TSan refuses any); 0: none */
  /* more memory than this in RAM (MiB, the Pss of the child and all it starts; in a
   * sandbox, of all it holds), and it is killed: a cap TSan tolerates, where it refuses
   * RLIMIT_AS and RLIMIT_DATA; looked at every HANG_SAMPLE_MS / 2, so it can be passed for
   * that long; 0: no limit */
  long max_memory_mib;
  int pass_fd, pass_fd_at; /* pass_fd is open at pass_fd_at in the child (0: nothing passed) */
  int count_threads;       /* count the threads the kernel makes for the program it runs */
  int watch_execs;         /* without count_threads: watch its execs only */
  /* with count_threads: the ledger passed at pass_fd_at, whose writes are watched and
   * vouched for (ledger_vouch.h); or NULL. Its fd is 0 after the run if it was not watched */
  struct ledger_vouch *vouch;
  /* the child is not started from argv and envp but forked by a fork server (fork_server.h):
   * forked_by(server, its stdout, its stderr, pass_fd as its ledger, out) fills *out with
   * the run and returns 0, or -1 with errno set; once the run has ended, reaped_by(server,
   * out) gives its wait status, returning 0 or -1. NULL: alone */
  int (*forked_by)(void *server, int out, int err, int ledger, struct served_run *run);
  int (*reaped_by)(void *server, int *status);
  void *server;

  /* what happened */
  enum child_end end;
  int status;      /* exit code or signal number */
  int start_errno; /* when end == CHILD_NOT_STARTED */
  struct buf out, err;
  size_t out_dropped, err_dropped; /* bytes past keep_bytes */
  int outlived;        /* something it forked outlived it (held its output, or left its group) */
  int forked_too_much; /* killed for having more than max_group_processes (end: timeout) */
  int used_too_much_memory; /* killed for more than max_memory_mib (end: timeout) */
  double seconds;           /* from start to verdict */
  /* with count_threads: the threads the kernel made for the program that started (clone_watch.h),
   * TSan's own among them if it started in time; -1 if they could not be counted; their
   * ids, as the program knows them; and the program's execs refused */
  long long threads_made;
  pid_t *threads_seen;
  size_t nthreads_seen;
  unsigned long long execs_refused;
};

/* Runs the child to its end; returns 0, or -1 with start_errno set if it could not start. */
int child_run(struct child *c);
void child_free(struct child *c);

/* In a child before exec: RLIMIT_NPROC at max, or at the limit it inherited if lower.
 * Returns 0, or -1 with errno set. */
int child_limit_processes(long max);

/* The fork server's pid (racecheck's child: the program, or bwrap around it), which lives
 * on between runs and is no orphan; 0 once it is gone. */
void child_keep(pid_t server);

/* Makes racecheck the reaper of its descendants' orphans, so none can outlive a case, and
 * makes Ctrl-C, SIGTERM and SIGHUP take the running case down with racecheck. */
void setup_supervision(void);

/* Kills and reaps every child racecheck has but a fork server: what a run forked that left
 * its process group, and was adopted once its parent died (racecheck is its subreaper). A
 * run forked unwatched (explore's own) leaves it to the server's end, one look at every
 * process for all the runs; a watched one's are swept after it. Returns how
 * many it killed. */
int child_kill_orphans(void);

/* Whether bubblewrap can make a sandbox here (trying one in build_dir/sandbox/); if not,
 * why, in *why (to free). */
int sandbox_usable(const char *build_dir, char **why);

#endif
