/* Takes every thread's stack from a live process with gdb, and turns the stacks of a
 * process that is asleep into a "deadlock" finding: each thread and the line it waits at. */
#ifndef RACECHECK_STACKS_H
#define RACECHECK_STACKS_H

#include "finding.h"

#include <sys/types.h>

struct stack_frame {
  char *func;
  char *file;
  int line;
  int in_program; /* from the program's own code, with line info */
};

struct thread_stack {
  long tid;
  struct stack_frame *frames;
  size_t nframes;
};

struct stacks {
  long pid;
  struct thread_stack *threads;
  size_t nthreads;
  char *error; /* why no stacks could be taken; NULL on success */
};

/* Attaches gdb to pid and reads every thread's stack. */
void stacks_take(pid_t pid, struct stacks *out);
/* Parses the lines our gdb script prints ("thread\tTID", "frame\tOWN\tFUNC\tFILE\tLINE"). */
void stacks_parse(const char *text, size_t len, struct stacks *out);
void stacks_free(struct stacks *s);

/* The finding for a process whose every thread is blocked for good. */
void deadlock_finding(const struct stacks *s, struct findings *out);

#endif
