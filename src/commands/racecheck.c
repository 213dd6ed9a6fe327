/* racecheck: runs each case under its race detector, normalizes what the detector says
 * and compares it with the case's expected file. This file only finds the command in the
 * command table (commands.c), parses its options and hands it the operands. */
#include "child.h"
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int run_on_operands(const struct command *c, const struct options *o,
                           struct strlist *operands) {
  if (!c->on_cases)
    return c->run(o, (int)operands->len, operands->items);
  struct strlist names = {0};
  if (case_names(o, (int)operands->len, operands->items, &names) != 0)
    return 2;
  int rc = c->run(o, (int)names.len, names.items);
  strlist_free(&names);
  return rc;
}

/* Whether the words before any "--" ask for help. */
static int asks_for_help(int argc, char **argv) {
  for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (strcmp(argv[i], "--help") == 0)
      return 1;
  return 0;
}

static int help(int argc, char **argv) {
  if (argc == 0) {
    print_commands(stdout);
    return 0;
  }
  const struct command *c = command_named(argv[0]);
  if (!c) {
    fprintf(stderr, "racecheck help: no command is called %s\n", argv[0]);
    print_commands(stderr);
    return 2;
  }
  print_command_help(&c->spec, stdout);
  return 0;
}

static int run_command(const struct command *c, int argc, char **argv) {
  if (c->run_words)
    return asks_for_help(argc, argv) ? help(1, (char *[]){(char *)c->spec.name})
                                     : c->run_words(argc, argv);
  struct options o;
  options_init(&o);
  struct strlist operands = {0};
  int rc = parse_options(&c->spec, argc, argv, 0, &o, &operands);
  if (rc == 0 && o.help) {
    print_command_help(&c->spec, stdout);
  } else if (rc == 0) {
    if (c->fixed_detector_env)
      say_caller_options_are_ignored();
    setup_supervision();
    rc = run_on_operands(c, &o, &operands);
  }
  strlist_free(&operands);
  options_free(&o);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("racecheck: no command\n", stderr);
    print_commands(stderr);
    return 2;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)
    return help(argc - 2, argv + 2);
  const struct command *c = command_named(argv[1]);
  if (!c) {
    fprintf(stderr, "racecheck: no command is called %s\n", argv[1]);
    print_commands(stderr);
    return 2;
  }
  return run_command(c, argc - 2, argv + 2);
}
