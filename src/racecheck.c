/* racecheck: runs each case under its race detector, normalizes what the detector says
 * and compares it with the case's expected file. This file only parses the command line
 * and hands it to the command; `racecheck --help` lists them. */
#include "bless.h"
#include "cell_cmd.h"
#include "check.h"
#include "child.h"
#include "demo.h"
#include "exercise_try.h"
#include "explore.h"
#include "grade.h"
#include "matrix_cmd.h"
#include "options.h"
#include "report_cmd.h"
#include "show.h"
#include "step.h"
#include "vet_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
  const char *name;
  int (*run)(const struct options *, int, char **);
  int on_cases; /* its operands are case names, and --all stands for every case */
};

static const struct command COMMANDS[] = {
    {"check", cmd_check, 1},     {"bless", cmd_bless, 1},       {"verdict", cmd_verdict, 1},
    {"summary", cmd_summary, 1}, {"show", cmd_show, 0},         {"normalize", cmd_normalize, 0},
    {"demo", cmd_demo, 0},       {"cell", cmd_cell, 0},         {"matrix", cmd_matrix, 0},
    {"report", cmd_report, 0},   {"exercise", cmd_exercise, 0}, {"hint", cmd_hint, 0},
    {"try", cmd_try, 0},         {"grade", cmd_grade, 0},       {"explore", cmd_explore, 0},
    {"step", cmd_step, 0},
};

/* A verdict must mean the same in every shell, so the caller's detector options never
 * reach a case that is checked, blessed or shown as a lesson. */
static void say_caller_options_are_ignored(void) {
  const char *names[] = {"TSAN_OPTIONS", "VALGRIND_OPTS"};
  for (size_t i = 0; i < 2; i++) {
    const char *value = getenv(names[i]);
    if (value && *value)
      fprintf(stderr, "racecheck: %s is ignored here: a verdict uses racecheck's own options\n",
              names[i]);
  }
}

static int run_command(const struct command *c, const struct options *o, int argc, char **argv) {
  if (c->run != cmd_show && c->run != cmd_normalize)
    say_caller_options_are_ignored();
  if (!c->on_cases)
    return c->run(o, argc, argv);
  struct strlist names = {0};
  if (case_names(o, argc, argv, &names) != 0)
    return 2;
  int rc = c->run(o, (int)names.len, names.items);
  strlist_free(&names);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage_error("no command");
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
    fputs(USAGE, stdout);
    return 0;
  }
  if (strcmp(argv[1], "vet") == 0) /* vet's options are its own and clang's */
    return cmd_vet(argc - 2, argv + 2);
  struct options o;
  options_init(&o);
  int first = parse_options(argc, argv, 2, &o);
  if (first < 0)
    return 2;
  setup_supervision();
  for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
    if (strcmp(argv[1], COMMANDS[i].name) == 0 && o.help) {
      fputs(COMMANDS[i].run == cmd_demo ? DEMO_USAGE : USAGE, stdout);
      return 0;
    } else if (strcmp(argv[1], COMMANDS[i].name) == 0) {
      return run_command(&COMMANDS[i], &o, argc - first, argv + first);
    }
  return usage_error("unknown command");
}
