/* Runs one program under its detector and turns everything it did into comparable lines:
 * how it ended, what it printed on stdout, and the normalized findings. */
#ifndef RACECHECK_RUN_CASE_H
#define RACECHECK_RUN_CASE_H

#include "text.h"

struct run_options {
  double timeout_s;
  const char *log_dir; /* where raw stdout/stderr are kept; NULL: not kept */
  const char *gdb;     /* the debugger that reads a hung program's stacks */
  int valgrind;        /* the program runs under a valgrind tool, whose reports to read */
};

struct run_result {
  struct strlist lines;   /* "exit 66", "stdout: ...", then each finding's lines */
  char *summary;          /* one line: what the detector said */
  char *error;            /* the program could not be run at all; lines are empty */
  char *log_path;         /* the raw stderr kept, if any */
  struct buf stderr_text; /* what the program and its detector printed on stderr */
};

void run_program(const struct run_options *o, const char *name, char *const argv[],
                 struct run_result *out);
void run_result_free(struct run_result *r);

#endif
