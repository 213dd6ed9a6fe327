/* A verdict comes from the detector alone, on a machine where it works: what a program
 * prints cannot pass for a report, the caller's detector options cannot change a verdict,
 * and bless keeps no run that the machine, not the case, decided. */
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

int main(void) {
  tmp = test_folder_make("trust");
  test_printed_report_is_no_finding();
  test_caller_options_cannot_change_a_verdict();
  test_bless_refuses("spin", "tests/data/spin_forever.c", "--timeout", "1", "ran out of time");
  test_bless_refuses("nogdb", "tests/data/barrier_alone.c", "--gdb", "/nonexistent/gdb",
                     "stacks could not be read");
  test_missing_gdb_is_env();
  test_folder_remove(tmp);
  return test_summary("trust");
}
