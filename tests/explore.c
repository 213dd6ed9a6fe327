/* `racecheck explore`: a corpus of classic schedule-dependent programs (tests/explore/),
 * each buggy one found with the schedule that shows it, each fixed twin clean over the
 * schedules explored; the racy lessons found, their fixed twins clean; the same seed gives
 * the same result, and a schedule explore names replays to the same finding. Each program's
 * whole report is its expected file, tests/explore/NAME.txt. */
#include "runlib.h"

static const char RACECHECK[] = "build/asan/racecheck";

/* A program of the corpus (a .c file) or a lesson's case, and the budget it is given. */
static const struct {
  const char *name;
  const char *budget;
} PROGRAMS[] = {
    {"one_cond_buggy.c", "20"},
    {"one_cond_fixed.c", "60"},
    {"if_wait_buggy.c", "100"},
    {"if_wait_fixed.c", "60"},
    {"lost_signal_buggy.c", "20"},
    {"lost_signal_fixed.c", "60"},
    {"check_then_act_buggy.c", "20"},
    {"check_then_act_fixed.c", "100"},
    {"double_checked_buggy.c", "10"},
    {"double_checked_fixed.c", "60"},
    {"bank_racy", "10"},
    {"bank_mutex", "20"},
    {"counter_racy", "10"},
    {"counter_mutex", "20"},
    {"lock_order_deadlock", "20"},
    {"lock_order_fixed", "20"},
    {"lost_wakeup_buggy", "20"},
    {"lost_wakeup_fixed", "20"},
};

static struct result explore(const char *operand, const char *budget) {
  char *argv[] = {(char *)RACECHECK, "explore", "--budget", (char *)budget, (char *)operand, NULL};
  return run(argv);
}

static void test_each_program_explores_to_its_expected_report(void) {
  for (size_t i = 0; i < sizeof PROGRAMS / sizeof *PROGRAMS; i++) {
    const char *name = PROGRAMS[i].name;
    int corpus = ends_with(name, ".c");
    char *operand = corpus ? xasprintf("tests/explore/%s", name) : xstrdup(name);
    char *expected_path = xasprintf("tests/explore/%.*s.txt", (int)strcspn(name, "."), name);
    char *expected = slurp(expected_path);
    struct result r = explore(operand, PROGRAMS[i].budget);
    int clean = expected && strstr(expected, "\nno finding: ") != NULL;
    if (!CHECK(r.code == (clean ? 0 : 1)))
      printf("%s: %s", operand, r.err);
    if (CHECK(expected != NULL))
      CHECK_STR(r.out, expected);
    CHECK(clean || says(r.out, "racecheck step --schedule 'picks:"));
    result_free(&r);
    free(operand), free(expected_path), free(expected);
  }
}

static void test_same_seed_same_result(void) {
  char *argv[] = {(char *)RACECHECK,
                  "explore",
                  "--budget",
                  "12",
                  "--preemptions",
                  "0",
                  "--seed",
                  "7",
                  "tests/explore/lost_signal_buggy.c",
                  NULL};
  struct result first = run(argv), second = run(argv);
  CHECK(first.code == 1 && CHECK_STR(second.out, first.out));
  CHECK(says(first.out, "then 10 PCT from seed 7\n"));
  result_free(&first), result_free(&second);
}

int main(void) {
  test_each_program_explores_to_its_expected_report();
  test_same_seed_same_result();
  return test_summary("explore");
}
