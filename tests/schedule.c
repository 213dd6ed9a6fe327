/* The scheduler's hand-off adds no ordering: a racy program stays racy under every schedule
 * tried, for TSan, Helgrind and DRD alike; a schedule is followed (the racy bank prints the
 * lesson's story), and one the program cannot follow is said, never a hang. */
#include "report.h"
#include "run_case.h"
#include "runlib.h"

static char *tmp;

/* The program built as a case is, with TSan or plain for valgrind. */
static char *build(const char *source, int for_valgrind) {
  char *binary = xasprintf("%s/%s", tmp, for_valgrind ? "plain" : "tsan");
  char *head[] = {"clang",
                  "-std=c17",
                  "-g",
                  "-gdwarf-4",
                  "-O1",
                  "-pthread",
                  (char *)source,
                  "build/shim/thread_origins.o",
                  "build/shim/lock_ledger.o",
                  "build/shim/scheduler.o",
                  "build/shim/sched_points.o"};
  enum { NHEAD = sizeof head / sizeof *head };
  struct strlist flags = {0};
  shim_ldflags(&flags);
  char **argv = xmalloc((NHEAD + flags.len + 4) * sizeof *argv);
  memcpy(argv, head, sizeof head);
  memcpy(argv + NHEAD, flags.items, flags.len * sizeof *argv);
  char **tail = argv + NHEAD + flags.len;
  tail[0] = "-o", tail[1] = binary, tail[2] = for_valgrind ? "-w" : "-fsanitize=thread";
  tail[3] = NULL;
  struct result r = run(argv);
  if (!CHECK(r.code == 0))
    printf("building %s failed:\n%s\n", source, r.err);
  result_free(&r), free(argv), strlist_free(&flags);
  return binary;
}

static int has_race(const struct run_result *r) {
  for (size_t i = 0; i < r->findings.findings.len; i++)
    if (r->findings.findings.items[i].report.kind == REPORT_DATA_RACE)
      return 1;
  return 0;
}

static int has_note(const struct run_result *r, const char *words) {
  for (size_t i = 0; i < r->lines.len; i++)
    if (starts_with(r->lines.items[i], words))
      return 1;
  return 0;
}

static void run_scheduled(const char *tool, const char *binary, const char *schedule,
                          struct run_result *r) {
  struct run_options o = {.timeout_s = 60, .gdb = "gdb", .program = binary, .schedule = schedule};
  char *tool_option = tool ? xasprintf("--tool=%s", tool) : NULL;
  char *under_valgrind[] = {"valgrind", tool_option, "--error-exitcode=66", (char *)binary, NULL};
  char *alone[] = {(char *)binary, NULL};
  o.valgrind = tool != NULL;
  run_program(&o, "scheduled_race", tool ? under_valgrind : alone, r);
  free(tool_option);
}

/* Every schedule, each detector: the race on total is reported, the schedule followed. */
static void test_no_ordering_added(void) {
  static const char *const ANY[] = {
      "A B", "B A", "A", "B", "A:pthread_mutex_lock B", "B:pthread_mutex_unlock A B"};
  static const char *const TSAN_ONLY[] = {"A:total B:total", "B:total A:total",
                                          "A:log_lines B:total A B", "B:log_lines A:total"};
  const char *const tools[] = {NULL, "helgrind", "drd"};
  char *tsan = build("tests/data/scheduled_race.c", 0);
  char *plain = build("tests/data/scheduled_race.c", 1);
  for (size_t t = 0; t < sizeof tools / sizeof *tools; t++)
    for (size_t i = 0; i < sizeof ANY / sizeof *ANY + (t ? 0 : 4); i++) {
      const char *schedule = i < 6 ? ANY[i] : TSAN_ONLY[i - 6];
      struct run_result r = {0};
      run_scheduled(tools[t], tools[t] ? plain : tsan, schedule, &r);
      if (!CHECK(!r.error && has_race(&r) && !has_note(&r, "schedule")))
        printf("  %s under \"%s\": %s\n", tools[t] ? tools[t] : "TSan", schedule,
               r.error ? r.error : r.summary);
      CHECK(r.findings.end == CHILD_EXITED && r.findings.status == 66);
      run_result_free(&r);
    }
  free(tsan), free(plain);
}

/* The bank's racy story under its lesson's schedule: both read 100, both write 90. */
static void test_schedule_followed(void) {
  char *tsan = build("cases/bank_racy.c", 0);
  for (int i = 0; i < 3; i++) {
    struct run_result r = {0};
    run_scheduled(NULL, tsan, "A:balance B:balance A:balance B:balance", &r);
    CHECK(has_race(&r) && r.findings.stdout_lines.len == 5 &&
          strcmp(r.findings.stdout_lines.items[1], "stdout: B read 100") == 0 &&
          strcmp(r.findings.stdout_lines.items[4],
                 "stdout: balance 90 after two withdrawals of 10") == 0);
    run_result_free(&r);
  }
  free(tsan);
}

/* What cannot be followed is said: an unknown variable, a step of a thread that ended, a
 * thread never created; each run ends, none hangs. */
static void test_unfollowable_is_said(void) {
  char *tsan = build("tests/data/scheduled_race.c", 0);
  struct {
    const char *schedule, *said;
  } cases[] = {
      {"A:balance", "schedule step 1 (A:balance): the program has no global or static"},
      {"A:pthread_mutex_lock A:pthread_mutex_lock B", "schedule: step 2 was not taken"},
      {"C:total", "schedule: step 1 was not taken: the program never created its thread"},
      {"A:total A:total", "schedule: step 2 was not taken"},
      {"a:total", "schedule step 1 (a:total): say the thread as main, or A, B"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    struct run_result r = {0};
    run_scheduled(NULL, tsan, cases[i].schedule, &r);
    if (!CHECK(!r.error && r.findings.end == CHILD_EXITED && has_note(&r, cases[i].said)))
      printf("  \"%s\": %s\n", cases[i].schedule, r.error ? r.error : r.summary);
    run_result_free(&r);
  }
  free(tsan);
}

int main(void) {
  tmp = test_folder_make("schedule");
  test_no_ordering_added();
  test_schedule_followed();
  test_unfollowable_is_said();
  test_folder_remove(tmp);
  return test_summary("schedule");
}
