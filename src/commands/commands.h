/* The command table: every command of racecheck, declared once. */
#ifndef RACECHECK_COMMANDS_H
#define RACECHECK_COMMANDS_H

#include "options.h"

struct command {
  struct command_spec spec;
  /* Runs the command on its operands, after the table's options were parsed. */
  int (*run)(const struct options *, int, char **);
  /* Or, for a command whose words are partly another program's (vet's clang arguments),
   * runs it on its words as they came. */
  int (*run_words)(int, char **);
  int on_cases;           /* its operands are case names, and --all stands for every case */
  int fixed_detector_env; /* the caller's TSAN_OPTIONS and VALGRIND_OPTS are not used */
};

const struct command *command_named(const char *name);
/* Prints every command with its one line. */
void print_commands(FILE *out);

#endif
