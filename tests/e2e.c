/* End-to-end tests of the racecheck binary (its ASan+UBSan build): the check passes on the
 * real cases, and fails, with a diff, when a fix is undone or an expected file is edited. */
#include "../src/child.h"
#include "../src/text.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char RACECHECK[] = "build/asan/racecheck";
static const char *const CASES[] = {
    "bank_mutex",
    "bank_racy",
    "copied_mutex_fixed",
    "copied_mutex_racy",
    "counter_atomic",
    "counter_mutex",
    "counter_racy",
    "forgotten_unlock_buggy",
    "forgotten_unlock_fixed",
};
enum { NCASES = sizeof CASES / sizeof CASES[0] };

static char *tmp; /* build/e2e.XXXXXX, removed at the end */

extern char **environ;

struct result {
  int code; /* exit code, or -1 if it did not exit normally */
  char *out;
};

static struct result run(char **argv) {
  struct child c = {
      .argv = argv, .search_path = 1, .envp = environ, .timeout_s = 120, .keep_bytes = 1 << 24};
  child_run(&c);
  struct result r = {c.end == CHILD_EXITED ? c.status : -1,
                     xasprintf("%s%s", buf_str(&c.out), buf_str(&c.err))};
  child_free(&c);
  return r;
}

static int contains(const struct result *r, const char *text) {
  if (strstr(r->out, text))
    return 1;
  printf("expected to find \"%s\" in:\n%s\n", text, r->out);
  return 0;
}

static void compile(const char *src, const char *out) {
  char *argv[] = {"clang", "-std=c17", "-g",        "-O1", "-pthread",  "-fsanitize=thread",
                  "-w",    "-Icases",  (char *)src, "-o",  (char *)out, NULL};
  struct result r = run(argv);
  if (!CHECK(r.code == 0))
    printf("compiling %s failed:\n%s\n", src, r.out);
  free(r.out);
}

static char *slurp(const char *path) {
  struct buf b = {0};
  if (!read_file(path, &b)) {
    printf("cannot read %s\n", path);
    exit(1);
  }
  return b.data;
}

static void spill(const char *path, const char *text) {
  if (!write_file(path, text, strlen(text))) {
    printf("cannot write %s\n", path);
    exit(1);
  }
}

/* Ways to undo a fix, applied line by line to a fixed case's source. */
static int calls_the_mutex(const char *line) {
  return strstr(line, "pthread_mutex_lock(") || strstr(line, "pthread_mutex_unlock(");
}
static int is_marked_fix(const char *line) {
  return strstr(line, "/* FIX") != NULL;
}

static char *undo_fix(const char *source, int (*drop)(const char *), const char *from,
                      const char *to) {
  struct strlist lines = {0};
  split_lines(source, strlen(source), &lines);
  struct buf out = {0};
  for (size_t i = 0; i < lines.len; i++) {
    const char *line = lines.items[i];
    if (drop && drop(line)) {
      buf_adds(&out, "\n"); /* keep the line numbers of the rest */
      continue;
    }
    const char *hit = from ? strstr(line, from) : NULL;
    if (hit)
      buf_printf(&out, "%.*s%s%s\n", (int)(hit - line), line, to, hit + strlen(from));
    else
      buf_printf(&out, "%s\n", line);
  }
  strlist_free(&lines);
  return out.data;
}

static struct result check(const char *build, const char *expected, const char *name) {
  char *argv[] = {(char *)RACECHECK, "check",          "--build",    (char *)build,
                  "--expected",      (char *)expected, (char *)name, NULL};
  return run(argv);
}

static void test_real_cases_pass(void) {
  char *argv[NCASES + 3] = {(char *)RACECHECK, "check"};
  for (size_t i = 0; i < NCASES; i++)
    argv[i + 2] = (char *)CASES[i];
  struct result r = run(argv);
  CHECK(r.code == 0);
  CHECK(contains(&r, "9 passed, 0 failed\n"));
  free(r.out);
}

/* A fixed case with its fix undone must fail against its own expected file; the same
 * source compiled the same way but left alone must pass, so the build is not the cause. */
static void test_undone_fix_fails(const char *name, int (*drop)(const char *), const char *from,
                                  const char *to) {
  char *src = xasprintf("cases/%s.c", name);
  char *original = slurp(src);
  char *broken = undo_fix(original, drop, from, to);
  CHECK(strcmp(broken, original) != 0);
  char *dir = xasprintf("%s/%s", tmp, name);
  char *cases_dir = xasprintf("%s/cases", dir);
  char *copy = xasprintf("%s/%s.c", dir, name);
  char *binary = xasprintf("%s/%s", cases_dir, name);
  make_dirs(cases_dir);

  spill(copy, original);
  compile(copy, binary);
  struct result same = check(dir, "expected", name);
  CHECK(same.code == 0 && contains(&same, "PASS  "));

  spill(copy, broken);
  compile(copy, binary);
  struct result r = check(dir, "expected", name);
  char *diff_header = xasprintf("--- expected/%s.txt\n+++ actual run\n", name);
  CHECK(r.code == 1);
  CHECK(contains(&r, "FAIL  "));
  CHECK(contains(&r, diff_header));
  CHECK(contains(&r, "0 passed, 1 failed\n"));
  free(diff_header);
  free(same.out);
  free(r.out);
  free(src), free(original), free(broken), free(dir), free(cases_dir), free(copy), free(binary);
}

/* Every expected file, edited two ways, makes its case fail. */
static void test_edited_expected_fails(const char *how, const char *(*edit)(const char *)) {
  char *dir = xasprintf("%s/expected-%s", tmp, how);
  make_dirs(dir);
  char *argv[NCASES + 5] = {(char *)RACECHECK, "check", "--expected", dir};
  for (size_t i = 0; i < NCASES; i++) {
    char *from = xasprintf("expected/%s.txt", CASES[i]);
    char *to = xasprintf("%s/%s.txt", dir, CASES[i]);
    char *text = slurp(from);
    char *edited = xasprintf("%s%s", text, edit(text));
    if (strcmp(how, "line-dropped") == 0) {
      edited[strlen(text) - 1] = '\0';
      char *last = strrchr(edited, '\n');
      last[1] = '\0';
    }
    spill(to, edited);
    argv[i + 4] = (char *)CASES[i];
    free(from), free(to), free(text), free(edited);
  }
  struct result r = run(argv);
  CHECK(r.code == 1);
  CHECK(contains(&r, "0 passed, 9 failed\n"));
  CHECK(contains(&r, "\n@@ "));
  free(r.out);
  free(dir);
}
static const char *extra_finding(const char *text) {
  (void)text;
  return "data race on global 'nothing' of size 4\n";
}
static const char *nothing(const char *text) {
  (void)text;
  return "";
}

static void test_missing_expected_says_bless(void) {
  char *empty = xasprintf("%s/no-expected", tmp);
  make_dirs(empty);
  struct result r = check("build", empty, "counter_mutex");
  CHECK(r.code == 1);
  CHECK(contains(&r, "FAIL  counter_mutex"));
  CHECK(contains(&r, "racecheck bless counter_mutex"));
  free(r.out);
  free(empty);
}

static void test_missing_binary_fails_cleanly(void) {
  struct result r = check(tmp, "expected", "counter_mutex");
  CHECK(r.code == 1);
  CHECK(contains(&r, "cannot run"));
  CHECK(contains(&r, "0 passed, 1 failed\n"));
  free(r.out);
  r = check("build", "expected", "../cases/counter_mutex");
  CHECK(r.code == 1 && contains(&r, "not a case name"));
  free(r.out);
}

static int line_of(const char *source, const char *marker) {
  int line = 1;
  for (const char *p = source; *p && !starts_with(p, marker); p++)
    line += *p == '\n';
  return line;
}

static void test_show_on_a_program_outside_cases(void) {
  char *binary = xasprintf("%s/outside_race", tmp);
  compile("tests/data/outside_race.c", binary);
  char *argv[] = {(char *)RACECHECK, "show", binary, NULL};
  struct result r = run(argv);
  char *source = slurp("tests/data/outside_race.c");
  char *read =
      xasprintf("  read 4 in reader at outside_race.c:%d\n", line_of(source, "RACE: read"));
  char *write =
      xasprintf("  write 4 in writer at outside_race.c:%d\n", line_of(source, "RACE: write"));
  CHECK(r.code == 1);
  CHECK(contains(&r, "exit 66\n"));
  CHECK(contains(&r, "data race on global 'hits' of size 4\n"));
  CHECK(contains(&r, read));
  CHECK(contains(&r, write));
  free(r.out), free(binary), free(source), free(read), free(write);
}

static void test_bless_refuses_what_changes_between_runs(void) {
  char *dir = xasprintf("%s/bless", tmp);
  char *cases_dir = xasprintf("%s/cases", dir);
  char *binary = xasprintf("%s/varies", cases_dir);
  make_dirs(cases_dir);
  compile("tests/data/varies.c", binary);
  char *argv[] = {(char *)RACECHECK, "bless", "--build", dir, "--expected", dir, "varies", NULL};
  struct result r = run(argv);
  char *expected = xasprintf("%s/varies.txt", dir);
  CHECK(r.code == 1);
  CHECK(contains(&r, "not blessing varies: two runs disagree"));
  CHECK(access(expected, F_OK) != 0);
  free(r.out);

  char *counter = xasprintf("%s/counter_mutex", cases_dir);
  compile("cases/counter_mutex.c", counter);
  char *bless[] = {(char *)RACECHECK, "bless", "--build",       dir,
                   "--expected",      dir,     "counter_mutex", NULL};
  r = run(bless);
  CHECK(r.code == 0);
  free(r.out);
  r = check(dir, dir, "counter_mutex");
  CHECK(r.code == 0 && contains(&r, "1 passed, 0 failed\n"));
  free(r.out);
  free(dir), free(cases_dir), free(binary), free(expected), free(counter);
}

int main(void) {
  char template[] = "build/e2e.XXXXXX";
  tmp = mkdtemp(template);
  if (!tmp) {
    perror("mkdtemp");
    return 1;
  }
  test_real_cases_pass();
  test_undone_fix_fails("counter_mutex", calls_the_mutex, NULL, NULL);
  test_undone_fix_fails("bank_mutex", calls_the_mutex, NULL, NULL);
  test_undone_fix_fails("copied_mutex_fixed", calls_the_mutex, NULL, NULL);
  test_undone_fix_fails("forgotten_unlock_fixed", is_marked_fix, NULL, NULL);
  test_undone_fix_fails("counter_atomic", NULL, "atomic_int", "int");
  test_edited_expected_fails("line-added", extra_finding);
  test_edited_expected_fails("line-dropped", nothing);
  test_missing_expected_says_bless();
  test_missing_binary_fails_cleanly();
  test_show_on_a_program_outside_cases();
  test_bless_refuses_what_changes_between_runs();
  char *argv[] = {"rm", "-rf", "--", tmp, NULL};
  free(run(argv).out);
  return test_summary("e2e");
}
