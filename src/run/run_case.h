/* Runs one program under its detector and turns everything it did into comparable lines:
 * how it ended, what it printed on stdout, and the normalized findings. */
#ifndef RACECHECK_RUN_CASE_H
#define RACECHECK_RUN_CASE_H

#include "environment.h"
#include "pipeline.h"
#include "text.h"

#include <sys/types.h>

struct sandbox;

struct run_options {
  double timeout_s;
  const char *log_dir;     /* where raw stdout/stderr are kept; NULL: not kept */
  const char *gdb;         /* the debugger that reads a hung program's stacks */
  int valgrind;            /* the program runs under a valgrind tool, whose reports to read */
  int caller_tsan_options; /* the caller's TSAN_OPTIONS apply (show); never for a verdict */
  const char *program;     /* the executable the lock ledger's addresses are in; NULL: argv[0] */
  int max_processes;       /* more in its process group, and it is killed (0: no limit) */
  long max_memory_mib;     /* more memory in RAM, and it is killed (0: no limit) */
  const char *schedule;    /* the lesson's schedule the run follows (src/run/schedule.h), or NULL */
  const struct sandbox *sandbox; /* the program runs inside it (sandbox.h), or NULL */
  int story;                     /* the scheduler says each point passed (racecheck step) */
  int count_threads; /* count the threads the kernel makes for it (not under valgrind) */
  int watch_execs;   /* without count_threads: watch its execs only */
  /* the program is forked from this server, already started, with its environment and
   * TSan's options, rather than started alone; NULL: started alone */
  struct fork_server *server;
};

struct run_result {
  struct run_findings findings; /* what the run showed, as data */
  struct strlist lines;         /* the same as an expected file's lines */
  char *summary;                /* one line: what the detector said */
  char *error;                  /* the program could not be run at all; lines are empty */
  char *note;                   /* what racecheck did about the machine, if anything */
  char *warning;                /* what racecheck could not do besides: keep the raw log */
  char *log_path;               /* the raw stderr kept, if any */
  char *detector_log_path;      /* what the detector wrote, kept, if any */
  size_t detector_log_len;      /* how much the detector wrote */
  int forked_too_much;          /* killed for more processes than max_processes */
  int used_too_much_memory;     /* killed for more memory than max_memory_mib */
  long long threads_made;       /* with count_threads: as child.h says; -1: not counted */
  /* with count_threads: as child.h says */
  pid_t *threads_seen;
  size_t nthreads_seen;
  unsigned long long execs_refused;
  /* with count_threads, when the ledger's writes were watched (ledger_vouch.h): the writes to
   * its descriptor refused, none of the shim's; whether its file held more or less than the
   * shim's records racecheck wrote to it */
  unsigned long long ledger_writes_refused;
  int ledger_altered;
};

void run_program(const struct run_options *o, const char *name, char *const argv[],
                 struct run_result *out);
/* Starts argv's program as a fork server (fork_server.h) for runs with these options: with
 * their TSan options, in their sandbox. Returns 0, or -1. */
int run_server_start(struct fork_server *s, const struct run_options *o, char *const argv[]);
/* Stops it, and sweeps what its runs left behind (a run forked from it leaves that to the
 * server's end, or to its own end when watched). */
void run_server_stop(struct fork_server *s);

/* Where a case's files are: cases/NAME.c, build/cases/NAME, expected/NAME.txt, logs. */
struct case_paths {
  char *source;
  char *binary;
  char *expected;
  char *log_dir;
  char *out_dir;
};

struct case_paths case_paths_make(const char *cases_dir, const char *build_dir,
                                  const char *expected_dir, const char *name);
void case_paths_free(struct case_paths *p);
struct case_info;
/* The command that runs a case's binary under the detector its header names, or alone: an
 * argv (no shell) borrowing info's words and binary; free the array only. */
char **case_command(const struct case_info *info, const char *binary);
/* Whether a binary carries ThreadSanitizer: clang's runtime or GCC's libtsan import. */
int built_with_tsan(const char *binary);
/* Whether it was linked with racecheck's shim (thread origins, the lock ledger): its
 * symbol table names the shim's pthread_create (a stripped binary names nothing). */
int built_with_shim(const char *binary);
/* Whether it can be a fork server (fork_server.h): a shim of this racecheck's. */
int built_with_fork_server(const char *binary);
/* Runs a case's binary, under the detector its header names if it names one, and under its
 * lesson's schedule (cases/lessons.txt) unless o gives one, keeping its raw output in the
 * case's log folder. An error says what to do about it. */
void run_case(const struct run_options *o, const struct case_paths *p, const char *name,
              struct run_result *out);
void run_result_free(struct run_result *r);

#endif
