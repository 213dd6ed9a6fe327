/* The command table: `racecheck help` lists every command on a line of its own,
 * `racecheck help CMD` and `CMD --help` print that command's usage, options and example, all
 * within 80 columns; an option a command does not declare is an error that names it; options
 * may follow a lesson; a compiler flag is passed on only when it is one racecheck knows. */
#include "runlib.h"

static const char RACECHECK[] = "build/asan/racecheck";

static struct result racecheck(char **words) {
  return run_with(RACECHECK, words);
}

static int fits_80_columns(const char *text) {
  for (const char *line = text; *line;) {
    size_t len = strcspn(line, "\n");
    if (len > 80) {
      printf("wider than 80 columns: %.*s\n", (int)len, line);
      return 0;
    }
    line += len + (line[len] == '\n');
  }
  return 1;
}

/* Each command `racecheck help` lists, by its first word on an indented line. */
static void commands_listed(const char *help, struct strlist *out) {
  struct strlist lines = {0};
  split_lines(help, strlen(help), &lines);
  for (size_t i = 0; i < lines.len; i++)
    if (starts_with(lines.items[i], "  ") && lines.items[i][2] != ' ')
      strlist_push(out, xstrndup(lines.items[i] + 2, strcspn(lines.items[i] + 2, " ")));
  strlist_free(&lines);
}

static void test_help_for_every_command(void) {
  struct result r = racecheck((char *[]){"help", NULL});
  CHECK(r.code == 0 && fits_80_columns(r.out));
  struct strlist names = {0};
  commands_listed(r.out, &names);
  CHECK(names.len >= 16);
  for (size_t i = 0; i < names.len; i++) {
    struct result one = racecheck((char *[]){"help", names.items[i], NULL});
    char *usage = xasprintf("usage: racecheck %s", names.items[i]);
    CHECK(one.code == 0 && says(one.out, usage) && says(one.out, "example:") &&
          fits_80_columns(one.out));
    struct result again = racecheck((char *[]){names.items[i], "--help", NULL});
    CHECK(again.code == 0 && strcmp(again.out, one.out) == 0);
    result_free(&one), result_free(&again);
    free(usage);
  }
  strlist_free(&names);
  result_free(&r);
  r = racecheck((char *[]){"help", "nonsense", NULL});
  CHECK(r.code == 2 && says(r.err, "no command is called nonsense"));
  result_free(&r);
}

static void test_options_a_command_does_not_take(void) {
  struct result r =
      racecheck((char *[]){"check", "--shots", "--lesson", "3", "counter_racy", NULL});
  CHECK(r.code == 2 && says(r.err, "--shots is not an option of this command") &&
        says(r.err, "racecheck help check"));
  CHECK(r.out[0] == '\0');
  result_free(&r);
  r = racecheck((char *[]){"check", "--bogus", NULL});
  CHECK(r.code == 2 && says(r.err, "unknown option --bogus"));
  result_free(&r);
  r = racecheck((char *[]){"show", "--format", "markdown", "x.c", NULL});
  CHECK(r.code == 2 && says(r.err, "--format takes text|json, not markdown"));
  result_free(&r);
  r = racecheck((char *[]){"check", "--repeat", "many", "counter_racy", NULL});
  CHECK(r.code == 2 && says(r.err, "--repeat takes a whole number"));
  result_free(&r);
}

static void test_options_after_a_lesson(void) {
  struct result before = racecheck((char *[]){"demo", "--step", "2", NULL});
  struct result after = racecheck((char *[]){"demo", "2", "--step", NULL});
  CHECK(before.code == 0 && after.code == 0 && strcmp(before.out, after.out) == 0);
  CHECK(says(after.out, "Lesson 2 of"));
  result_free(&before), result_free(&after);
}

static void test_compiler_flags(void) {
  struct result r = racecheck((char *[]){"show", "-O2", "x.c", NULL});
  CHECK(r.code == 2 && says(r.err, "-O2 is not a compiler flag racecheck passes on"));
  result_free(&r);
  r = racecheck((char *[]){"show", "-I", NULL});
  CHECK(r.code == 2 && says(r.err, "-I needs a value"));
  result_free(&r);
  r = racecheck((char *[]){"show", "-std=c17;x", "x.c", NULL});
  CHECK(r.code == 2 && says(r.err, "-std= takes a standard's name"));
  result_free(&r);
  r = racecheck((char *[]){"check", "-I", "include", "counter_racy", NULL});
  CHECK(r.code == 2 && says(r.err, "unknown option -I"));
  result_free(&r);
}

int main(void) {
  test_help_for_every_command();
  test_options_a_command_does_not_take();
  test_options_after_a_lesson();
  test_compiler_flags();
  return test_summary("commands");
}
