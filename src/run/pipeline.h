/* The one step from what a run left behind to findings, and from findings to the lines an
 * expected file holds. Pure: it spawns nothing and reads no file, so the runner, `normalize`,
 * the tests, the bench and the fuzzers all call the same pair. */
#ifndef RACECHECK_PIPELINE_H
#define RACECHECK_PIPELINE_H

#include "child.h"
#include "detectors.h"
#include "diagnose.h"
#include "finding.h"
#include "symbols.h"
#include "text.h"
#include "work_tally.h"

/* Everything a run of a program under its detector left: how it ended and what it printed. */
struct run_capture {
  enum detector_tool detector; /* whose words its output holds (a static analyser's "run" is
                                  the analysis of the source) */
  enum child_end end;          /* how it ended; CHILD_NOT_STARTED for a log read from a file */
  int status;                  /* exit code or signal number */
  double timeout_s;            /* the deadline it had, for a timeout */
  const char *out, *err;
  size_t out_len, err_len;
  const struct strlist *logs; /* what the detector wrote where the program cannot, a text
                                per file (per process); NULL: the reports are in err */
  size_t keep_bytes;          /* how much of each stream was kept */
  size_t out_dropped, err_dropped, log_dropped; /* bytes past that */
  int outlived;                                 /* something it forked outlived it */
  const struct hang_report *hang; /* racecheck's look at it before the kill, or NULL */
  const char *ledger;             /* what the shim's lock ledger wrote, or NULL */
  size_t ledger_len, ledger_dropped;
  const struct symbols *symbols; /* the names of the ledger's addresses, or NULL */
  const char *source_root; /* valgrind: where the program's sources are (see valgrind_parse) */
};

/* The exit status a detector gives a run it reported on (TSAN_OPTIONS exitcode=66,
 * valgrind's --error-exitcode=66). */
enum { DETECTOR_EXIT_STATUS = 66 };
/* Exploring, a choice the scheduler made: thread `from` was at the point, `to` went on, and
 * `choices` has a bit for each thread that could have. */
struct schedule_pick {
  int from, to;
  unsigned long long choices;
};

/* Telling the story, a point a thread passed, and its line in the program (file NULL when
 * unknown). */
struct schedule_point {
  int thread;
  char *file;
  int line;
  int main_returns; /* the point where main returned, on no line of the program */
  size_t choice;    /* how many choices were made before it: the picks it comes after */
  /* what the variables the schedule names held as the thread passed it, as the shim read
   * them: "balance = 100" (a variable of a type racecheck cannot read is not told) */
  struct strlist values;
};

struct run_findings {
  enum child_end end;
  int status;
  double timeout_s;
  struct strlist stdout_lines;
  struct strlist notes; /* what happened to its output: "output: ..." */
  struct findings findings;
  char *environment;           /* the detector could not start on this machine, and the fix */
  int unexpected_layout;       /* ...because of the address layout: worth a run without ASLR */
  char *detector_crash;        /* the detector itself failed, in its words */
  struct work_tally tally;     /* what the threads did, from the lock ledger */
  struct schedule_pick *picks; /* the scheduler's choices, in order, when exploring */
  size_t npicks;
  struct schedule_point *points; /* the points passed, in order, when telling the story */
  size_t npoints;
};

void run_findings_make(const struct run_capture *c, struct run_findings *out);
/* "exit 66", "stdout: ..." lines, notes, then each finding's lines: an expected file's lines. */
void run_findings_lines(const struct run_findings *f, struct strlist *out);
/* "exit 66", "killed by signal SIGSEGV", "hung: killed by racecheck"... */
char *run_outcome(const struct run_findings *f);
/* One line: what the detector said ("data race on global 'x' of size 4, and 1 more"). */
char *run_summary(const struct run_findings *f);
void run_findings_free(struct run_findings *f);

#endif
