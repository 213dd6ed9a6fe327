/* End-to-end tests of the racecheck binary (its ASan+UBSan build): the check passes on the
 * real cases, and fails, with a diff, when a fix is undone or an expected file is edited.
 * The programs in tests/data/ (built by ninja into build/data/cases/) try its bad paths;
 * where what racecheck must say about one is a list of findings, that list is its expected
 * file beside it, tests/data/NAME.txt, checked by racecheck's own check. */
#include "case_info.h"
#include "child.h"
#include "testlib.h"
#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char RACECHECK[] = "build/asan/racecheck";
static const char DATA[] = "tests/data", DATA_BUILD[] = "build/data";

static char *tmp;            /* build/e2e.XXXXXX, removed at the end */
static char *data_build;     /* DATA_BUILD's full path, which no other checkout's runs share */
static struct strlist cases; /* every case in cases/ */

extern char **environ;

struct result {
  int code; /* exit code, or -1 if it did not exit normally */
  char *out;
};

/* Long enough for a copy of the project to build and check every case while ninja runs
 * the other tests beside it on two cores. */
static struct result run(char **argv) {
  struct child c = {
      .argv = argv, .search_path = 1, .envp = environ, .timeout_s = 1500, .keep_bytes = 1 << 24};
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

/* Builds src as a case is built, with the shim (the thread origins, the lock ledger and the
 * scheduler); the sanitizer flag says with or without TSan. */
static void compile_with(const char *sanitizer, const char *src, const char *out) {
  char *head[] = {"clang",
                  "-std=c17",
                  "-g",
                  "-O1",
                  "-pthread",
                  "-w",
                  "-Icases",
                  (char *)src,
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
  tail[0] = "-o", tail[1] = (char *)out, tail[2] = (char *)sanitizer, tail[3] = NULL;
  struct result r = run(argv);
  if (!CHECK(r.code == 0 && flags.len > 0))
    printf("compiling %s failed:\n%s\n", src, r.out);
  free(r.out), free(argv);
  strlist_free(&flags);
}

static void compile(const char *src, const char *out) {
  compile_with("-fsanitize=thread", src, out);
}

/* argv's fixed words, then each of the names, then NULL; free the array only. */
static char **with_names(char *const *words, size_t nwords, const struct strlist *names) {
  char **argv = xmalloc((nwords + names->len + 1) * sizeof *argv);
  memcpy(argv, words, nwords * sizeof *argv);
  memcpy(argv + nwords, names->items, names->len * sizeof *argv);
  argv[nwords + names->len] = NULL;
  return argv;
}

/* A build folder tmp/LABEL whose cases/NAME is built from SOURCE with the given sanitizer
 * flag; returns the folder. */
static char *case_build(const char *label, const char *source, const char *name,
                        const char *sanitizer) {
  char *build = xasprintf("%s/%s", tmp, label);
  char *cases_dir = xasprintf("%s/cases", build);
  char *binary = xasprintf("%s/%s", cases_dir, name);
  make_dirs(cases_dir);
  compile_with(sanitizer, source, binary);
  free(cases_dir), free(binary);
  return build;
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
  char *words[] = {(char *)RACECHECK, "check"};
  char **argv = with_names(words, 2, &cases);
  struct result r = run(argv);
  char *totals = xasprintf("%zu passed, 0 failed\n", cases.len);
  CHECK(cases.len > 0 && r.code == 0);
  CHECK(contains(&r, totals));
  free(r.out), free(argv), free(totals);
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
  for (size_t i = 0; i < cases.len; i++) {
    char *from = xasprintf("expected/%s.txt", cases.items[i]);
    char *to = xasprintf("%s/%s.txt", dir, cases.items[i]);
    char *text = slurp(from);
    char *edited = xasprintf("%s%s", text, edit(text));
    if (strcmp(how, "line-dropped") == 0) {
      edited[strlen(text) - 1] = '\0';
      char *last = strrchr(edited, '\n');
      last[1] = '\0';
    }
    spill(to, edited);
    free(from), free(to), free(text), free(edited);
  }
  char *words[] = {(char *)RACECHECK, "check", "--expected", dir};
  char **argv = with_names(words, 4, &cases);
  struct result r = run(argv);
  char *totals = xasprintf("0 passed, %zu failed\n", cases.len);
  CHECK(r.code == 1);
  CHECK(contains(&r, totals));
  CHECK(contains(&r, "\n@@ "));
  free(r.out), free(argv), free(totals);
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

/* `verdict` keeps what `check` would print, and prints nothing; `summary` prints the kept
 * verdicts and the totals, and removes a verdict that did not pass so its case runs again. */
static void test_verdicts_are_kept_and_summarized(void) {
  char *kept = xasprintf("%s/verdicts", tmp), *exp = xasprintf("%s/verdict-expected", tmp);
  make_dirs(exp);
  const char *names[] = {"counter_mutex", "bank_mutex"};
  for (int i = 0; i < 2; i++) {
    char *from = xasprintf("expected/%s.txt", names[i]),
         *to = xasprintf("%s/%s.txt", exp, names[i]);
    char *text = slurp(from);
    char *edited = xasprintf("%s%s", text, i == 1 ? extra_finding(text) : "");
    spill(to, edited);
    free(from), free(to), free(text), free(edited);
  }
  char *verdict[] = {(char *)RACECHECK, "verdict",    "--verdicts", kept, "--expected", exp,
                     "counter_mutex",   "bank_mutex", NULL};
  struct result r = run(verdict);
  CHECK(r.code == 0 && strcmp(r.out, "") == 0);
  free(r.out);
  char *pass_path = xasprintf("%s/counter_mutex", kept),
       *fail_path = xasprintf("%s/bank_mutex", kept);
  char *pass = slurp(pass_path), *fail = slurp(fail_path);
  CHECK(starts_with(pass, "racecheck verdict: PASS\nPASS  counter_mutex: "));
  CHECK(starts_with(fail, "racecheck verdict: FAIL\nFAIL  bank_mutex: ") && strstr(fail, "\n@@ "));
  char *summary[] = {(char *)RACECHECK, "summary",    "--verdicts", kept,
                     "counter_mutex",   "bank_mutex", "dry_run",    NULL};
  r = run(summary);
  CHECK(r.code == 1);
  CHECK(contains(&r, strchr(pass, '\n') + 1) && contains(&r, strchr(fail, '\n') + 1));
  CHECK(contains(&r, "FAIL  dry_run: no verdict in "));
  CHECK(contains(&r, "1 passed, 2 failed\n"));
  CHECK(access(pass_path, F_OK) == 0 && access(fail_path, F_OK) != 0);
  free(r.out);
  char *blocked = xasprintf("%s/a-file", tmp);
  spill(blocked, "not a folder\n");
  verdict[3] = blocked;
  verdict[7] = NULL;
  r = run(verdict);
  CHECK(r.code == 2 && contains(&r, "cannot keep the verdict"));
  free(r.out);
  verdict[6] = "../counter_mutex";
  r = run(verdict);
  CHECK(r.code == 2 && contains(&r, "not a case name"));
  free(r.out);
  free(kept), free(exp), free(pass_path), free(fail_path), free(pass), free(fail), free(blocked);
}

static int count_of(const char *text, const char *what) {
  int n = 0;
  for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
    n++;
  return n;
}

static struct result ninja_in(const char *dir, const char *target) {
  char *argv[] = {"ninja", "-C", (char *)dir, (char *)target, NULL};
  return run(argv);
}

/* Appends a comment line, as an edit would, to dir/path. */
static void edit(const char *dir, const char *path, const char *comment) {
  char *full = xasprintf("%s/%s", dir, path);
  char *text = slurp(full);
  char *edited = xasprintf("%s%s\n", text, comment);
  spill(full, edited);
  free(full), free(text), free(edited);
}

/* ninja keeps each case's verdict: a check with nothing changed runs no case, an edited case
 * or expected file reruns that case alone, and so does a missing expected file; an edited
 * runner reruns them all. */
static void test_ninja_reruns_only_what_changed(void) {
  char *dir = xasprintf("%s/repo", tmp);
  make_dirs(dir);
  char *copy[] = {"cp",    "-r",    "cases",       "expected",    "src", "shim",
                  "tools", "tests", "build.ninja", "rules.ninja", dir,   NULL};
  free(run(copy).out);
  struct result r = ninja_in(dir, "check");
  if (!CHECK(r.code == 0 && count_of(r.out, "] CHECK ") == (int)cases.len))
    printf("ninja check in a copy (exit %d) said:\n%s\n", r.code, r.out);
  free(r.out);
  r = ninja_in(dir, "check");
  CHECK(r.code == 0 && count_of(r.out, "] CHECK ") == 0 && contains(&r, " passed, 0 failed\n"));
  CHECK(count_of(r.out, "PASS  ") == (int)cases.len);
  free(r.out);
  edit(dir, "cases/dry_run.c", "/* edited */");
  r = ninja_in(dir, "check");
  CHECK(r.code == 0 && count_of(r.out, "] CHECK ") == 1 && contains(&r, "] CHECK dry_run\n"));
  CHECK(count_of(r.out, "] CC ") == 1);
  free(r.out);
  edit(dir, "expected/bank_racy.txt", "# edited");
  r = ninja_in(dir, "check");
  CHECK(r.code == 0 && count_of(r.out, "] CHECK ") == 1 && contains(&r, "] CHECK bank_racy\n"));
  free(r.out);
  char *expected = xasprintf("%s/expected/dry_run.txt", dir),
       *aside = xasprintf("%s.aside", expected);
  CHECK(rename(expected, aside) == 0);
  r = ninja_in(dir, "check");
  CHECK(r.code == 1 && count_of(r.out, "] CHECK ") == 1 && contains(&r, "] CHECK dry_run\n"));
  CHECK(contains(&r, "racecheck bless dry_run"));
  free(r.out);
  CHECK(rename(aside, expected) == 0);
  free(expected), free(aside);
  edit(dir, "src/base/text.c", "/* edited */");
  r = ninja_in(dir, "check");
  if (!CHECK(r.code == 0 && count_of(r.out, "] CHECK ") == (int)cases.len))
    printf("ninja check after the runner was edited said:\n%s\n", r.out);
  free(r.out);
  r = ninja_in(dir, "recheck");
  if (!CHECK(r.code == 0 && count_of(r.out, "PASS  ") == (int)cases.len))
    printf("ninja recheck said:\n%s\n", r.out);
  free(r.out);
  free(dir);
}

/* Processes still running from this test's programs: there must never be any. */
static int leftovers(void) {
  DIR *proc = opendir("/proc");
  int found = 0;
  for (struct dirent *e; proc && (e = readdir(proc));) {
    char path[300];
    snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
    struct buf cmdline = {0};
    if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && read_file(path, &cmdline) && cmdline.len &&
        (strstr(cmdline.data, tmp) || strstr(cmdline.data, data_build))) {
      printf("left running: pid %s, %s\n", e->d_name, cmdline.data);
      found++;
    }
    buf_free(&cmdline);
  }
  if (proc)
    closedir(proc);
  return found;
}

/* `racecheck check` of tests/data/NAME against tests/data/NAME.txt; the runner itself takes
 * the deadline the header's Options: line gives. */
static struct result check_data(const char *name) {
  char *argv[] = {(char *)RACECHECK, "check",      "--cases",    (char *)DATA, "--build",
                  data_build,        "--expected", (char *)DATA, (char *)name, NULL};
  return run(argv);
}

/* The peak memory, in KiB, of the largest process that one check of a data program made:
 * the check runs again in a child of the test, whose only children are that check's, so
 * what earlier tests ran (the ASan runner's quarantine grows with every case) is not
 * counted. -1 if it could not be measured. */
static long peak_kib_of_check(const char *name) {
  int report[2];
  if (pipe(report) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    struct result r = check_data(name);
    struct rusage children;
    getrusage(RUSAGE_CHILDREN, &children);
    long kib = r.code == 0 ? children.ru_maxrss : -1;
    _exit(write(report[1], &kib, sizeof kib) == sizeof kib ? 0 : 1);
  }
  close(report[1]);
  long kib = -1;
  if (pid < 0 || read(report[0], &kib, sizeof kib) != sizeof kib)
    kib = -1;
  close(report[0]);
  if (pid > 0)
    waitpid(pid, NULL, 0);
  return kib;
}

/* 200 MB on stderr: the verdict still comes, and memory stays bounded. */
static void memory_stayed_bounded(const struct result *r) {
  (void)r;
  long kib = peak_kib_of_check("floods_stderr");
  if (!CHECK(kib > 0 && kib < 200 * 1024)) /* KiB: far below the 200 MB written */
    printf("floods_stderr: the largest process of its check peaked at %ld KiB\n", kib);
}

/* Where TSan starts only with address randomization off, racecheck runs it so, and says so. */
static void says_it_ran_without_aslr(const struct result *r) {
  CHECK(contains(r, "note: TSan could not start with address randomization on"));
}

/* What a data program's run must also show, besides what its expected file holds. */
static const struct {
  const char *name;
  void (*also)(const struct result *r);
} ALSO_CHECK[] = {
    {"floods_stderr", memory_stayed_bounded},
    {"tsan_needs_no_aslr", says_it_ran_without_aslr},
};

static void also_check(const char *name, const struct result *r) {
  for (size_t i = 0; i < sizeof ALSO_CHECK / sizeof ALSO_CHECK[0]; i++)
    if (strcmp(ALSO_CHECK[i].name, name) == 0)
      ALSO_CHECK[i].also(r);
}

/* Every tests/data program with an expected file beside it passes against that file, and
 * leaves no process behind. */
static void test_data_programs_meet_their_expected_files(void) {
  struct strlist names = {0};
  list_cases(DATA, &names);
  size_t checked = 0;
  for (size_t i = 0; i < names.len; i++) {
    char *expected = xasprintf("%s/%s.txt", DATA, names.items[i]);
    if (access(expected, F_OK) == 0) {
      struct result r = check_data(names.items[i]);
      CHECK(contains(&r, "1 passed, 0 failed\n") && r.code == 0);
      CHECK(leftovers() == 0);
      also_check(names.items[i], &r);
      checked++;
      free(r.out);
    }
    free(expected);
  }
  CHECK(checked > 0);
  strlist_free(&names);
}

/* A header's Options: line that is not "--timeout S" is refused, not half read. */
static void test_a_bad_options_line_is_refused(void) {
  static const char *const LINES[] = {"--timeout soon", "--timeout 0", "--timeout", "--repeat 2"};
  char *path = xasprintf("%s/options.c", tmp);
  for (size_t i = 0; i < sizeof LINES / sizeof LINES[0]; i++) {
    char *source = xasprintf("/* A program.\n * Options: %s */\nint main(void) {}\n", LINES[i]);
    spill(path, source);
    struct case_info info;
    if (!CHECK(case_info_read(path, &info) == -1 && errno == EINVAL))
      printf("  with Options: %s\n", LINES[i]);
    case_info_free(&info);
    free(source);
  }
  free(path);
}

/* Runs `racecheck show [OPTION VALUE] build/data/cases/NAME [ARG]`. */
static struct result show(const char *name, const char *option, const char *value,
                          const char *arg) {
  char *binary = xasprintf("%s/cases/%s", data_build, name);
  char *argv[7] = {(char *)RACECHECK, "show"};
  int n = 2;
  if (option) {
    argv[n++] = (char *)option;
    argv[n++] = (char *)value;
  }
  argv[n++] = binary;
  argv[n++] = (char *)arg;
  struct result r = run(argv);
  CHECK(leftovers() == 0);
  free(binary);
  return r;
}

/* `show` runs any TSan-built program, and says by its exit code that it found something. */
static void test_show_on_a_program_outside_cases(void) {
  struct result r = show("outside_race", NULL, NULL, NULL);
  CHECK(r.code == 1);
  CHECK(contains(&r, "data race on global 'hits' of size 4\n"));
  free(r.out);
}

/* PROGRAM forks a child that would run forever and names its pid in a file: whether the
 * child stays in the group (fork_outlives) or leaves it (escapes_group), it must be gone. */
static void test_a_forked_child_is_killed(const char *program) {
  char *pid_file = xasprintf("%s/%s.pid", tmp, program);
  struct result r = show(program, NULL, NULL, pid_file);
  char *pid_text = slurp(pid_file);
  int child = atoi(pid_text);
  CHECK(contains(&r, "exit 0\n"));
  CHECK(contains(&r, "output: a process it forked outlived it; racecheck killed that process\n"));
  CHECK(child > 0 && kill(child, 0) != 0 && errno == ESRCH);
  free(r.out), free(pid_file), free(pid_text);
}

/* Where the lock ledger does not know a thread's wait, gdb is asked; without gdb the
 * diagnosis still says deadlock. Where the ledger knows every wait, gdb is not needed. */
static void test_a_missing_gdb_falls_back(void) {
  struct result r = show("barrier_alone", "--gdb", "/nonexistent/gdb", NULL);
  CHECK(contains(&r, "deadlock: the only thread is asleep\n  main thread blocked in a futex "
                     "wait\n"));
  CHECK(contains(&r, "no stacks: /nonexistent/gdb could not be started: No such file or "
                     "directory\n      (run ./bootstrap to install gdb)\n"));
  free(r.out);
  r = show("closes_stderr", "--gdb", "/nonexistent/gdb", NULL);
  CHECK(contains(&r, "main thread blocked in pthread_mutex_lock(&mu) in main at "
                     "closes_stderr.c:12;\n      owner: this same thread, locked it in main at "
                     "closes_stderr.c:11\n"));
  CHECK(strstr(r.out, "no stacks") == NULL);
  free(r.out);
}

/* A binary without TSan would pass a fixed case for nothing: it must fail, and say why. */
static void test_a_binary_without_tsan_is_refused(void) {
  char *build =
      case_build("no-tsan", "cases/counter_mutex.c", "counter_mutex", "-fno-sanitize=all");
  struct result r = check(build, "expected", "counter_mutex");
  CHECK(r.code == 1);
  CHECK(contains(&r, "was built without ThreadSanitizer"));
  free(r.out), free(build);
}

/* Names go to no shell, so spaces and shell syntax are only characters. */
static void test_a_name_full_of_shell_syntax(void) {
  static const char name[] = "it's a $(case); `rm -rf x` | & > y";
  char *build = case_build("odd", "cases/counter_mutex.c", name, "-fsanitize=thread");
  char *expected_dir = xasprintf("%s/expected", build);
  char *expected = xasprintf("%s/%s.txt", expected_dir, name);
  make_dirs(expected_dir);
  spill(expected, "exit 0\nstdout: counter = 1000\n");
  struct result r = check(build, expected_dir, name);
  CHECK(r.code == 0 && contains(&r, "1 passed, 0 failed\n"));
  CHECK(access("y", F_OK) != 0);
  free(r.out), free(build), free(expected_dir), free(expected);
}

/* Logs and diffs cannot be written (files stand where their folders should be): the
 * verdict still comes, with the reasons, and nothing is overwritten. */
static void test_an_unwritable_build_folder(void) {
  char *build =
      case_build("unwritable", "cases/counter_mutex.c", "counter_mutex", "-fsanitize=thread");
  char *logs = xasprintf("%s/logs", build);
  char *out = xasprintf("%s/out", build);
  char *dir = xasprintf("%s/expected", build);
  char *wrong = xasprintf("%s/counter_mutex.txt", dir);
  spill(logs, "a file, not a folder\n");
  spill(out, "a file, not a folder\n");
  make_dirs(dir);
  spill(wrong, "exit 0\nstdout: counter = 999\n");
  struct result r = check(build, dir, "counter_mutex");
  char *logs_text = slurp(logs), *out_text = slurp(out);
  CHECK(r.code == 1);
  CHECK(contains(&r, "FAIL  counter_mutex"));
  CHECK(contains(&r, "cannot keep the raw log"));
  CHECK(contains(&r, "cannot create"));
  CHECK(strcmp(logs_text, "a file, not a folder\n") == 0 &&
        strcmp(out_text, "a file, not a folder\n") == 0);
  free(r.out), free(build), free(logs), free(out), free(dir), free(wrong);
  free(logs_text), free(out_text);
}

/* Where TSan cannot start at all, the case is an ENV error with the fix, never a FAIL. */
static void test_tsan_that_cannot_start_is_an_env_error(void) {
  struct result r = check_data("tsan_cannot_start");
  CHECK(r.code == 2);
  CHECK(contains(&r, "ENV   tsan_cannot_start: TSan cannot start on this machine"));
  CHECK(contains(&r, "vm.mmap_rnd_bits=28"));
  CHECK(contains(&r, "0 passed, 0 failed, 1 skipped\n"));
  CHECK(strstr(r.out, "FAIL") == NULL);
  free(r.out);
}

static void test_bless_refuses_what_changes_between_runs(void) {
  char *dir = xasprintf("%s/bless", tmp);
  make_dirs(dir);
  char *argv[] = {(char *)RACECHECK, "bless",      "--cases", (char *)DATA, "--build",
                  data_build,        "--expected", dir,       "varies",     NULL};
  struct result r = run(argv);
  char *expected = xasprintf("%s/varies.txt", dir);
  CHECK(r.code == 1);
  CHECK(contains(&r, "not blessing varies: two runs disagree"));
  CHECK(access(expected, F_OK) != 0);
  free(r.out);

  char *bless[] = {(char *)RACECHECK, "bless", "--expected", dir, "counter_mutex", NULL};
  r = run(bless);
  CHECK(r.code == 0);
  free(r.out);
  r = check("build", dir, "counter_mutex");
  CHECK(r.code == 0 && contains(&r, "1 passed, 0 failed\n"));
  free(r.out);
  free(dir), free(expected);
}

int main(void) {
  char template[] = "build/e2e.XXXXXX";
  tmp = mkdtemp(template);
  data_build = realpath(DATA_BUILD, NULL);
  if (!tmp || !data_build || list_cases("cases", &cases) != 0) {
    perror("e2e: build/e2e.XXXXXX, build/data or cases/");
    return 1;
  }
  test_real_cases_pass();
  test_undone_fix_fails("counter_mutex", calls_the_mutex, NULL, NULL);
  test_undone_fix_fails("bank_mutex", calls_the_mutex, NULL, NULL);
  test_undone_fix_fails("copied_mutex_fixed", calls_the_mutex, NULL, NULL);
  test_undone_fix_fails("forgotten_unlock_fixed", is_marked_fix, NULL, NULL);
  test_undone_fix_fails("counter_atomic", NULL, "atomic_int", "int");
  test_undone_fix_fails("double_lock_fixed", NULL, "balance += balance / 100;",
                        "pthread_mutex_lock(&balance_mu); balance += balance / 100; "
                        "pthread_mutex_unlock(&balance_mu);");
  test_undone_fix_fails("copied_locked_mutex_fixed", NULL, "snapshot.balance = acct.balance;",
                        "snapshot = acct;");
  test_undone_fix_fails("lock_order_fixed", NULL, "t->from->id < t->to->id", "1");
  test_undone_fix_fails("copied_struct_fixed", calls_the_mutex, NULL, NULL);
  test_undone_fix_fails("forgotten_unlock_loop_fixed", NULL,
                        "__attribute__((cleanup(unlock_at_end_of_turn), unused))",
                        "__attribute__((unused))");
  test_edited_expected_fails("line-added", extra_finding);
  test_edited_expected_fails("line-dropped", nothing);
  test_missing_expected_says_bless();
  test_missing_binary_fails_cleanly();
  test_verdicts_are_kept_and_summarized();
  test_ninja_reruns_only_what_changed();
  test_data_programs_meet_their_expected_files();
  test_a_bad_options_line_is_refused();
  test_show_on_a_program_outside_cases();
  test_bless_refuses_what_changes_between_runs();
  test_a_forked_child_is_killed("fork_outlives");
  test_a_forked_child_is_killed("escapes_group");
  test_a_missing_gdb_falls_back();
  test_a_binary_without_tsan_is_refused();
  test_a_name_full_of_shell_syntax();
  test_an_unwritable_build_folder();
  test_tsan_that_cannot_start_is_an_env_error();
  char *argv[] = {"rm", "-rf", "--", tmp, NULL};
  free(run(argv).out);
  strlist_free(&cases);
  free(data_build);
  return test_summary("e2e");
}
