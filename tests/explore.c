/* `racecheck explore`: a corpus of classic schedule-dependent programs (tests/explore/),
 * each buggy one found with the schedule that shows it, each fixed twin clean over the
 * schedules explored; the racy lessons found, their fixed twins clean; the same seed gives
 * the same result, and a schedule explore names replays to the same finding; a thread
 * that could not be created is no thread. Each program's whole report is its expected
 * file, tests/explore/NAME.txt. */
#include "runlib.h"

#include "case_info.h"

#include <errno.h>
#include <signal.h>

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
    {"detached_result_buggy.c", "10"},
    {"detached_result_fixed.c", "30"},
    {"pipe_handoff_buggy.c", "10"},
    {"pipe_handoff_fixed.c", "30"},
    {"stop_flag_buggy.c", "10"},
    {"stop_flag_fixed.c", "30"},
    {"socket_reply_buggy.c", "5"},
    {"socket_reply_fixed.c", "5"},
    {"bank_racy", "10"},
    {"bank_mutex", "20"},
    {"counter_racy", "10"},
    {"counter_mutex", "20"},
    {"lock_order_deadlock", "20"},
    {"lock_order_fixed", "20"},
    {"lost_wakeup_buggy", "20"},
    {"lost_wakeup_fixed", "20"},
    {"no_join_racy", "10"},
    {"exit_race_racy", "10"},
    {"channel_fixed", "20"},
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

/* Forked from the program started once or started anew for each schedule, explore runs the
 * same schedules and reports the same findings (each run's report is TSan's own, named by
 * the symbolizer the forked runs share): a race, a deadlock its hang watch diagnoses, a
 * lost signal's hang. */
static void test_forked_runs_report_as_runs_started_alone(void) {
  static const char *const OPERANDS[] = {"bank_racy", "lock_order_deadlock",
                                         "tests/explore/lost_signal_buggy.c"};
  for (size_t i = 0; i < sizeof OPERANDS / sizeof *OPERANDS; i++) {
    char *forked[] = {(char *)RACECHECK, "explore", "--budget", "12", (char *)OPERANDS[i], NULL};
    char *alone[] = {(char *)RACECHECK,   "explore", "--exec-each", "--budget", "12",
                     (char *)OPERANDS[i], NULL};
    struct result a = run(forked), b = run(alone);
    CHECK(a.code == 1 && b.code == 1);
    CHECK(says(a.out, "\nfinding 1: "));
    if (!CHECK_STR(a.out, b.out))
      printf("%s\n", OPERANDS[i]);
    result_free(&a), result_free(&b);
  }
}

/* A run that dies of a signal reports it, forked or started anew: a crash, an abort. */
static void test_forked_runs_end_as_runs_started_alone(void) {
  static const struct {
    const char *operand, *end;
  } RUNS[] = {
      {"tests/data/crash.c", "finding 1: SEGV on unknown address"},
      {"tests/data/assert_fails.c",
       "signal SIGABRT killed it (abort(), which a failed assert calls)"},
  };
  for (size_t i = 0; i < sizeof RUNS / sizeof *RUNS; i++) {
    char *forked[] = {(char *)RACECHECK, "explore", "--budget", "2", (char *)RUNS[i].operand, NULL};
    char *alone[] = {(char *)RACECHECK,       "explore", "--exec-each", "--budget", "2",
                     (char *)RUNS[i].operand, NULL};
    struct result a = run(forked), b = run(alone);
    CHECK(a.code == 1 && b.code == 1 && says(a.out, RUNS[i].end));
    if (!CHECK_STR(a.out, b.out))
      printf("%s\n", RUNS[i].operand);
    result_free(&a), result_free(&b);
  }
}

/* A child that a run forks and that would run forever, in the run's group or out of it
 * (setsid), is dead when explore returns, forked or started anew. */
static void test_nothing_a_run_forked_outlives_explore(void) {
  static const char *const PROGRAMS[] = {"fork_outlives", "escapes_group"};
  char *dir = test_folder_make("explore-forks");
  for (size_t i = 0; i < 2 * sizeof PROGRAMS / sizeof *PROGRAMS; i++) {
    char *source = xasprintf("tests/data/%s.c", PROGRAMS[i / 2]);
    char *pid_file = xasprintf("%s/%s.pid", dir, PROGRAMS[i / 2]);
    char *argv[10] = {(char *)RACECHECK, "explore", "--budget", "2"};
    size_t n = 4;
    if (i % 2)
      argv[n++] = "--exec-each";
    argv[n++] = source, argv[n++] = "--", argv[n++] = pid_file, argv[n] = NULL;
    struct result r = run(argv);
    char *pid_text = slurp(pid_file);
    int child = pid_text ? atoi(pid_text) : 0;
    if (!CHECK(r.code == 0 && child > 0 && kill(child, 0) != 0 && errno == ESRCH))
      printf("%s: %s%s", source, r.out, r.err);
    result_free(&r);
    unlink(pid_file);
    free(source), free(pid_file), free(pid_text);
  }
  test_folder_remove(dir);
}

/* One case of a lesson: the first breaks the rule, and explore finds it with a schedule;
 * the others keep it, clean under every schedule explored, with their count. */
static void explore_lesson_case(const char *name, int breaks_the_rule) {
  char *source = xasprintf("cases/%s.c", name);
  struct case_info info = {0};
  int valgrind = case_info_read(source, &info) == 0 && case_runs_under_valgrind(&info);
  case_info_free(&info);
  free(source);
  struct result r = explore(name, "10");
  if (valgrind) {
    CHECK(r.code == 2 && says(r.err, "runs under valgrind; schedules are explored under TSan"));
  } else if (breaks_the_rule) {
    if (!CHECK(r.code == 1 && says(r.out, "\nfinding 1: ") &&
               says(r.out, "racecheck step --schedule 'picks:")))
      printf("%s: %s%s", name, r.out, r.err);
  } else {
    char *count = xasprintf("explore %s:\n", name);
    long distinct = 0, runs = 0, clean = -1;
    const char *line = strstr(r.out, count);
    int counted = line && sscanf(line + strlen(count),
                                 " %ld distinct schedules in %ld runs, %ld "
                                 "clean\n",
                                 &distinct, &runs, &clean) == 3;
    if (!CHECK(r.code == 0 && counted && distinct >= 1 && clean == distinct &&
               says(r.out, "\nno finding: clean under every schedule run\n")))
      printf("%s: %s%s", name, r.out, r.err);
    free(count);
  }
  result_free(&r);
}

/* Every lesson of cases/lessons.txt: its breaking case found, its keeping cases clean; a
 * lesson that names no kind of finding (dry_run: a lock that works) breaks no rule. */
static void test_every_lesson_explores(void) {
  char *text = slurp("cases/lessons.txt");
  CHECK(text != NULL);
  for (char *line = text; line && *line;) {
    char *end = strchr(line, '\n');
    if (end)
      *end = '\0';
    char *colon = strchr(line, ':');
    if (line[0] && line[0] != '#' && !starts_with(line, "schedule:")) {
      if (colon)
        *colon = '\0';
      int first = colon != NULL;
      for (char *word = strtok(line, " "); word; word = strtok(NULL, " "), first = 0)
        explore_lesson_case(word, first);
    }
    line = end ? end + 1 : NULL;
  }
  free(text);
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
  CHECK(says(first.out, ", 10 PCT, seed 7\n"));
  result_free(&first), result_free(&second);
}

static int widest_line(const char *text) {
  int widest = 0;
  for (const char *p = text; *p;) {
    int len = (int)strcspn(p, "\n");
    widest = len > widest ? len : widest;
    p += len + (p[len] == '\n');
  }
  return widest;
}

/* The schedule explore names for the lost signal replays to the deadlock, and the story
 * says which thread passed which line, in order. */
static void test_step_replays_what_explore_found(void) {
  char *step[] = {(char *)RACECHECK,
                  "step",
                  "--schedule",
                  "picks: A*2 B",
                  "tests/explore/lost_signal_buggy.c",
                  NULL};
  struct result r = run(step);
  CHECK(r.code == 1);
  CHECK(says(r.out, "   1  A     lost_signal_buggy.c:25 if (!atomic_load(&ready)) {"));
  CHECK(says(r.out, "   2  B     lost_signal_buggy.c:16 atomic_store(&ready, 1);\n"));
  CHECK(says(r.out, "  A     lost_signal_buggy.c:27 pthread_cond_wait(&changed, &mu);\n"));
  CHECK(says(r.out, "\n  deadlock: all 2 threads are asleep\n"));
  CHECK(says(r.out, "To replay it:\n  racecheck step --schedule 'picks: A*2 B' "
                    "tests/explore/lost_signal_buggy.c\n"));
  result_free(&r);
}

/* A lesson's case steps through its own schedule: the racy bank's two reads, then its writes. */
static void test_step_tells_a_lessons_story(void) {
  char *step[] = {(char *)RACECHECK, "step", "bank_racy", NULL};
  struct result r = run(step);
  CHECK(r.code == 1);
  CHECK(says(r.out, "   1  A     bank_racy.c:12         int seen = balance;"));
  CHECK(says(r.out, "   2  B     bank_racy.c:12         int seen = balance;"));
  CHECK(says(r.out, "  stdout: balance 90 after two withdrawals of 10\n"));
  CHECK(says(r.out, "  data race on global 'balance' of size 4\n"));
  CHECK(says(r.out, "To replay it:\n  racecheck step --schedule 'A:balance B:balance A:balance "
                    "B:balance' bank_racy\n"));
  const char *story_end = strstr(r.out, "\n\n");
  char *story = story_end ? xstrndup(r.out, (size_t)(story_end - r.out)) : NULL;
  CHECK(story && widest_line(story) <= 80);
  free(story);
  result_free(&r);
}

/* A replay line, pasted into a POSIX shell, runs the same schedule of the same file, even
 * when the file's name has a space and a quote in it. */
static void test_replay_line_survives_a_shell(void) {
  char *dir = test_folder_make("explore");
  char *path = xasprintf("%s/it's a test.c", dir),
       *text = slurp("tests/explore/lost_signal_buggy.c");
  CHECK(text && write_file(path, text, strlen(text)));
  char *explore[] = {(char *)RACECHECK, "explore", "--budget", "10", path, NULL};
  struct result r = run(explore);
  const char *line = strstr(r.out, "  racecheck step --schedule ");
  CHECK(r.code == 1 && line && says(r.out, "/it'\\''s a test.c'\n"));
  char *command = line ? xstrndup(line + 2, strcspn(line + 2, "\n")) : xstrdup("false");
  char *script = xasprintf("racecheck() { \"$0\" \"$@\"; }; %s", command);
  char *sh[] = {"sh", "-c", script, (char *)RACECHECK, NULL};
  struct result replay = run(sh);
  CHECK(replay.code == 1 && says(replay.out, "deadlock: all 2 threads are asleep"));
  result_free(&replay), result_free(&r);
  free(script), free(command), free(text), free(path);
  test_folder_remove(dir);
}

/* show --explore: the counts as explore says them, then each finding shown as show shows a
 * run, under its shortest schedule; a fixed twin is clean over the schedules run. */
static void test_show_explores(void) {
  char *buggy[] = {(char *)RACECHECK,
                   "show",
                   "--explore",
                   "--budget",
                   "20",
                   "tests/explore/lost_signal_buggy.c",
                   NULL};
  struct result r = run(buggy);
  CHECK(r.code == 1);
  CHECK(says(r.out,
             "explore tests/explore/lost_signal_buggy.c:\n  20 distinct schedules in 20 runs"));
  CHECK(says(r.out, "finding 1 of 1: deadlock: all 2 threads are asleep\n"));
  CHECK(says(r.out, "  racecheck step --schedule 'picks: main A*2 B' "
                    "tests/explore/lost_signal_buggy.c\n\nThat schedule, run again:\n"));
  CHECK(says(r.out, "  What it means: a lost wakeup: the condition variable was signalled"));
  /* every line fits 80 columns but the command to copy, which a fold would break */
  for (const char *line = r.out; *line; line += strcspn(line, "\n"), line += *line == '\n')
    if (!starts_with(line, "  racecheck step --schedule ") && !CHECK(strcspn(line, "\n") <= 80))
      printf("  %.*s\n", (int)strcspn(line, "\n"), line);
  result_free(&r);
  char *fixed[] = {(char *)RACECHECK,
                   "show",
                   "--explore",
                   "--budget",
                   "10",
                   "tests/explore/lost_signal_fixed.c",
                   NULL};
  r = run(fixed);
  CHECK(r.code == 0 && says(r.out, "no finding: clean under every schedule run\n"));
  result_free(&r);
}

/* A thread the program asked for and could not have (a stack no machine has) is never
 * waited for: the program goes on with the thread it made, clean under every schedule. */
static void test_failed_create_is_no_thread(void) {
  struct result r = explore("tests/data/create_fails.c", "10");
  if (!CHECK(r.code == 0 && says(r.out, "\nno finding: clean under every schedule run\n")))
    printf("%s%s", r.out, r.err);
  result_free(&r);
  char *step[] = {(char *)RACECHECK,           "step", "--schedule", "picks: A",
                  "tests/data/create_fails.c", NULL};
  r = run(step);
  CHECK(r.code == 0 && says(r.out, "  stdout: the huge thread was not made\n  stdout: made: 1\n"));
  result_free(&r);
}

int main(void) {
  test_each_program_explores_to_its_expected_report();
  test_failed_create_is_no_thread();
  test_same_seed_same_result();
  test_forked_runs_report_as_runs_started_alone();
  test_forked_runs_end_as_runs_started_alone();
  test_nothing_a_run_forked_outlives_explore();
  test_every_lesson_explores();
  test_step_replays_what_explore_found();
  test_step_tells_a_lessons_story();
  test_replay_line_survives_a_shell();
  test_show_explores();
  return test_summary("explore");
}
