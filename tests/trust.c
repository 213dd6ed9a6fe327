/* A verdict comes from the detector alone, on a machine where it works: what a program
 * prints cannot pass for a report, the caller's detector options cannot change a verdict,
 * and bless keeps no run that the machine, not the case, decided. */
#include "build_program.h"
#include "fork_server.h"
#include "ledger_vouch.h"
#include "run_case.h"
#include "runlib.h"

static const char RACECHECK[] = "build/asan/racecheck";
static char *tmp;

/* A folder laid out like the project's: DIR/build/cases/NAME built from SOURCE, and
 * DIR/expected/ for what bless writes. Returns DIR. */
static char *case_folder(const char *name, const char *source) {
  char *dir = xasprintf("%s/%s", tmp, name);
  char *cases = xasprintf("%s/build/cases", dir), *expected = xasprintf("%s/expected", dir);
  char *binary = xasprintf("%s/%s", cases, name);
  make_dirs(cases), make_dirs(expected);
  CHECK(build_with_tsan(source, binary));
  free(cases), free(expected), free(binary);
  return dir;
}

static void test_printed_report_is_no_finding(void) {
  char *binary = xasprintf("%s/fake_report", tmp);
  CHECK(build_with_tsan("tests/data/fake_report.c", binary));
  char *show[] = {(char *)RACECHECK, "show", "--brief", binary, NULL};
  struct result r = run(show);
  CHECK(r.code == 0);
  CHECK(strcmp(r.out, "exit 0\n") == 0);
  if (r.code != 0)
    printf("show of a program that prints a report said:\n%s%s", r.out, r.err);
  result_free(&r);
  free(binary);
}

/* report_bugs=0 and exitcode=0 would make a racy case look clean, if they reached it. */
static void test_caller_options_cannot_change_a_verdict(void) {
  char *env[] = {"TSAN_OPTIONS=report_bugs=0:exitcode=0", "VALGRIND_OPTS=--tool=none",
                 "PATH=/usr/bin:/bin", NULL};
  char *check[] = {(char *)RACECHECK, "check", "counter_racy", "keep_small_buggy", NULL};
  struct result r = run_in(check, env);
  CHECK(r.code == 0 && says(r.out, "2 passed, 0 failed"));
  CHECK(says(r.err, "TSAN_OPTIONS is ignored here"));
  result_free(&r);
}

static void test_bless_refuses(const char *name, const char *source, const char *option,
                               const char *value, const char *why) {
  char *dir = case_folder(name, source);
  char *build = xasprintf("%s/build", dir), *expected = xasprintf("%s/expected", dir);
  char *bless[] = {(char *)RACECHECK, "bless",        "--build",     build,        "--expected",
                   expected,          (char *)option, (char *)value, (char *)name, NULL};
  struct result r = run(bless);
  CHECK(r.code == 1 && says(r.err, "not blessing") && says(r.err, why));
  char *written = xasprintf("%s/%s.txt", expected, name);
  CHECK(access(written, F_OK) != 0);
  result_free(&r);
  free(dir), free(build), free(expected), free(written);
}

/* Without gdb a hang the lock ledger cannot explain (a barrier) is still diagnosed, but its
 * verdict is the machine's: ENV, not FAIL. */
static void test_missing_gdb_is_env(void) {
  char *dir = case_folder("hang", "tests/data/barrier_alone.c");
  char *build = xasprintf("%s/build", dir), *expected = xasprintf("%s/expected", dir);
  char *check[] = {(char *)RACECHECK, "check", "--build",          build,  "--expected",
                   expected,          "--gdb", "/nonexistent/gdb", "hang", NULL};
  struct result r = run(check);
  CHECK(r.code == 2 && says(r.out, "ENV   hang: the hung program's stacks could not be read"));
  CHECK(says(r.out, "0 passed, 0 failed, 1 skipped"));
  result_free(&r);
  free(dir), free(build), free(expected);
}

/* The ledger's file must hold exactly what racecheck wrote for the shim. */
static void test_ledger_compared_to_the_shims(void) {
  struct ledger_vouch v = {.fd = 1013, .keep = 4};
  buf_add(&v.bytes, "ab\n", 3);
  v.written = 3;
  CHECK(ledger_vouch_matches(&v, "ab\n", 3, 0));
  CHECK(!ledger_vouch_matches(&v, "ab\nx", 4, 0) && !ledger_vouch_matches(&v, "ab\n", 3, 1));
  CHECK(!ledger_vouch_matches(&v, "ax\n", 3, 0) && !ledger_vouch_matches(&v, "", 0, 0));
  v.written = 9; /* the first `keep` bytes kept, and how many were written */
  buf_add(&v.bytes, "c", 1);
  CHECK(ledger_vouch_matches(&v, "ab\nc", 4, 5) && !ledger_vouch_matches(&v, "ab\nc", 4, 4));
  ledger_vouch_free(&v);
  /* an executable without the shim's write instruction: its ledger is not watched */
  CHECK(ledger_vouch_open(&v, "/bin/true", 1013, -1, 16) == -1 && v.fd == 0);
}

/* Run as try runs a submission, threads counted: a right fix's ledger is all the shim's, each
 * way of writing it otherwise is refused at its descriptor or found in its file. */
static void test_ledger_vouched_from_outside(void) {
  static const struct {
    const char *source;
    unsigned long long refused;
    int altered;
  } RUNS[] = {
      {"cases/counter_mutex.c", 0, 0},
      {"tests/data/hostile/ledger_syscall.c", 2, 0},
      {"tests/data/hostile/ledger_splice.c", 4, 0},
      {"tests/data/hostile/self_written_ledger.c", 0, 1},
      {"tests/data/hostile/ledger_by_proc_fd.c", 0, 1},
  };
  for (size_t i = 0; i < sizeof RUNS / sizeof *RUNS; i++) {
    char *binary = xasprintf("%s/vouched%zu", tmp, i);
    CHECK(build_with_tsan(RUNS[i].source, binary));
    struct run_options o = {.timeout_s = 60, .program = binary, .count_threads = 1};
    char *argv[] = {binary, NULL};
    struct run_result r = {0};
    run_program(&o, "vouched", argv, &r);
    if (!CHECK(!r.error && r.threads_made >= 0 && r.ledger_writes_refused == RUNS[i].refused &&
               r.ledger_altered == RUNS[i].altered))
      printf("  %s: %s, %llu refused, altered %d\n", RUNS[i].source, r.error ? r.error : "run",
             r.ledger_writes_refused, r.ledger_altered);
    CHECK(RUNS[i].refused || RUNS[i].altered || r.findings.tally.counted);
    run_result_free(&r);
    free(binary);
  }
}

/* The same programs forked from a server started once (fork_server.h), as try forks its runs:
 * each run installs the watch's filter on itself before the program's code and is watched as
 * one started alone: its threads counted, an exec of its own refused, its ledger's writes
 * vouched for; and so is the next run, after one refused. Watched as an explored run is,
 * only its execs are. */
static void test_served_runs_watched_as_alone(void) {
  static const struct {
    const char *source;
    unsigned long long refused;
    int altered, execs;
  } RUNS[] = {
      {"cases/counter_mutex.c", 0, 0, 0},
      {"tests/data/hostile/ledger_syscall.c", 2, 0, 0},
      {"tests/data/hostile/self_written_ledger.c", 0, 1, 0},
      {"tests/data/hostile/reexec_options.c", 0, 0, 1},
  };
  for (size_t i = 0; i < sizeof RUNS / sizeof *RUNS; i++) {
    char *binary = xasprintf("%s/served%zu", tmp, i);
    CHECK(build_with_tsan(RUNS[i].source, binary));
    struct run_options o = {.timeout_s = 60, .program = binary};
    char *argv[] = {binary, NULL};
    struct fork_server server;
    if (!CHECK(run_server_start(&server, &o, argv) == 0)) {
      free(binary);
      continue;
    }
    o.server = &server;
    for (int run = 0; run < 4; run++) {
      o.count_threads = run < 2, o.watch_execs = run >= 2;
      struct run_result r = {0};
      run_program(&o, "served", argv, &r);
      long long threads = o.count_threads ? (RUNS[i].execs ? 0 : 2) : -1;
      if (!CHECK(!r.error && !server.failed &&
                 (o.count_threads ? r.threads_made >= threads : r.threads_made == -1) &&
                 r.ledger_writes_refused == (o.count_threads ? RUNS[i].refused : 0) &&
                 r.ledger_altered == (o.count_threads ? RUNS[i].altered : 0) &&
                 (r.execs_refused > 0) == (RUNS[i].execs > 0)))
        printf("  %s, run %d: %s, %lld threads, %llu refused, altered %d, %llu execs refused\n",
               RUNS[i].source, run, r.error ? r.error : "run", r.threads_made,
               r.ledger_writes_refused, r.ledger_altered, r.execs_refused);
      run_result_free(&r);
    }
    fork_server_stop(&server);
    free(binary);
  }
}

/* Every function of the C library the shim's objects call (nm -u; a wrapped one as its
 * __real_ name) is one a submission may not define: SHIM_CALLS holds them all. */
static void test_shim_calls_are_all_refused(void) {
  char *nm[] = {"nm",
                "-u",
                "--format=just-symbols",
                "build/shim/thread_origins.o",
                "build/shim/lock_ledger.o",
                "build/shim/scheduler.o",
                "build/shim/sched_points.o",
                "build/shim/fork_server.o",
                NULL};
  struct result r = run(nm);
  CHECK(r.code == 0);
  struct strlist names = {0};
  split_lines(r.out, strlen(r.out), &names);
  static const char *const OWN[] = {"racecheck_",     "__tsan_", "__sanitizer_", "Annotate",
                                    "__real___tsan_", "_end",    "__ehdr_start", "__real_main"};
  size_t checked = 0;
  for (size_t i = 0; i < names.len; i++) {
    int own = 0;
    for (size_t k = 0; k < sizeof OWN / sizeof *OWN && !own; k++)
      own = starts_with(names.items[i], OWN[k]);
    const char *name = starts_with(names.items[i], "__real_") ? names.items[i] + strlen("__real_")
                                                              : names.items[i];
    int listed = 0;
    for (size_t k = 0; SHIM_CALLS[k] && !listed; k++)
      listed = strcmp(SHIM_CALLS[k], name) == 0;
    if (!own && !CHECK(listed))
      printf("  the shim calls %s, which SHIM_CALLS does not list\n", name);
    checked += !own;
  }
  CHECK(checked > 40);
  strlist_free(&names);
  result_free(&r);
}

int main(void) {
  tmp = test_folder_make("trust");
  test_shim_calls_are_all_refused();
  test_printed_report_is_no_finding();
  test_caller_options_cannot_change_a_verdict();
  test_bless_refuses("spin", "tests/data/spin_forever.c", "--timeout", "1", "ran out of time");
  test_bless_refuses("nogdb", "tests/data/barrier_alone.c", "--gdb", "/nonexistent/gdb",
                     "stacks could not be read");
  test_missing_gdb_is_env();
  test_ledger_compared_to_the_shims();
  test_ledger_vouched_from_outside();
  test_served_runs_watched_as_alone();
  test_folder_remove(tmp);
  return test_summary("trust");
}
