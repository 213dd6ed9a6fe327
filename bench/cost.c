/* What checking costs, measured as ratios taken side by side in one run: the machine is
 * shared and noisy, and a ratio of medians survives that where a time in seconds does not.
 *
 *   build/bench/cost check [REPS]      `ninja check` from a clean clone against the work it
 *                                      cannot avoid; a check with nothing changed; one case
 *                                      edited; the runner edited; `ninja recheck`
 *   build/bench/cost detectors [REPS]  each detector against a plain build: time and memory,
 *                                      the analysers against a plain compile; writes
 *                                      bench/detector_costs.txt for the matrix
 *   build/bench/cost runner [REPS]     racecheck's own CPU to parse, normalize and compare
 *   build/bench/cost ledger [REPS]     the shim's lock ledger: a case as racecheck builds and
 *                                      runs it against the same built with TSan alone
 *   build/bench/cost scheduler [REPS]  a lesson's schedule against the same case run without;
 *                                      and with no schedule given, a program as racecheck
 *                                      builds it against one without the scheduler's access
 *                                      points (bench/access_loop.c is all accesses)
 *   build/bench/cost grade [REPS]      a class of 30 submissions graded with -j 1 and -j 2,
 *                                      alternated; a sandboxed try against a plain one, both
 *                                      with their builds kept (needs bubblewrap, as grade)
 *   build/bench/cost try [REPS]        try of every lesson's known right fixes, with its
 *                                      exploration, plain and --sandbox
 *   build/bench/cost all               all of them, as `ninja bench` runs them (3, 5, 51 and
 *                                      11 repetitions unless REPS says otherwise)
 *
 * Run from the top of the repository after `ninja bench-builds`; `check` clones the
 * committed HEAD, so it measures what a fresh clone gets. */
#include "../shim/lock_ledger.h"
#include "build_program.h"
#include "case_info.h"
#include "detectors.h"
#include "exercise.h"
#include "expect.h"
#include "fork_server.h"
#include "lessons.h"
#include "pipeline.h"
#include "run_case.h"
#include "schedule.h"
#include "static_run.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { MAX_REPS = 101, PARALLEL_RUNS = 2 };

static double now_s(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(const double *values, int n) {
  double sorted[MAX_REPS];
  memcpy(sorted, values, (size_t)n * sizeof *values);
  qsort(sorted, (size_t)n, sizeof *sorted, compare_doubles);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static _Noreturn void die(const char *what) {
  fprintf(stderr, "bench: %s\n", what);
  exit(1);
}

/* Starts argv in dir (NULL: here) with its output in out_path (NULL: /dev/null). */
static pid_t start(char *const argv[], char *const envp[], const char *dir, const char *out_path) {
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || (dir && chdir(dir) != 0))
    _exit(127);
  dup2(fd, STDOUT_FILENO);
  dup2(fd, STDERR_FILENO);
  execvpe(argv[0], argv, envp ? envp : environ);
  _exit(127);
}

struct usage {
  double wall_s;
  double maxrss_kib;
  int exit_code; /* -1: killed by a signal */
};

static struct usage run(char *const argv[], char *const envp[], const char *dir,
                        const char *out_path) {
  double t0 = now_s(CLOCK_MONOTONIC);
  pid_t pid = start(argv, envp, dir, out_path);
  int status = 0;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
    die("cannot run a command");
  return (struct usage){.wall_s = now_s(CLOCK_MONOTONIC) - t0,
                        .maxrss_kib = (double)ru.ru_maxrss,
                        .exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

/* A command's own wall time and peak memory, as build/bench/spawn measures them (see
 * there why not from here). */
static struct usage measure(char *const argv[], char *const envp[]) {
  static const char report[] = "build/bench/spawn.out";
  size_t n = 0;
  while (argv[n])
    n++;
  char **spawn = xmalloc((n + 3) * sizeof *spawn);
  spawn[0] = "build/bench/spawn";
  spawn[1] = (char *)report;
  memcpy(spawn + 2, argv, (n + 1) * sizeof *argv);
  struct usage u = run(spawn, envp, NULL, NULL);
  free(spawn);
  struct buf text = {0};
  if (u.exit_code >= 125 || !read_file(report, &text) ||
      sscanf(buf_str(&text), "%lf %lf", &u.wall_s, &u.maxrss_kib) != 2)
    die("build/bench/spawn could not measure a command: ninja bench-builds builds it");
  buf_free(&text);
  return u;
}

static void run_or_die(char *const argv[], const char *dir, const char *out_path) {
  if (run(argv, NULL, dir, out_path).exit_code != 0) {
    fprintf(stderr, "bench: %s failed%s%s\n", argv[0], out_path ? "; its output: " : "",
            out_path ? out_path : "");
    exit(1);
  }
}

/* The environment racecheck gives a case, made once; TSan reports to stderr here, since the
 * bench reads no report. */
static char **tsan_environment(void) {
  static char **env;
  if (!env)
    env = case_environment(0, NULL, NULL);
  return env;
}

/* ---- check: ninja check against the work it cannot avoid ---- */

static int expected_to_hang(const char *repo, const char *name) {
  char *path = xasprintf("%s/expected/%s.txt", repo, name);
  struct expected e = {0};
  char *error = NULL;
  int hangs = expect_load(path, &e, &error) == 0 && e.lines.len > 0 &&
              starts_with(e.lines.items[0], "hung");
  expect_free(&e);
  free(error);
  free(path);
  return hangs;
}

/* A case run directly: the command racecheck would run, under the lesson's schedule as
 * racecheck imposes it (without it, a case such as channel_racy need not end), without
 * racecheck. */
struct direct_run {
  struct case_info info;
  char *binary;
  char **argv;
  char **envp;
};

static char **scheduled_environment(const char *repo, const char *name) {
  char *cases = xasprintf("%s/cases", repo), *text = lesson_schedule(cases, name);
  char *binary = xasprintf("%s/build/cases/%s", repo, name), *schedule = NULL, *error = NULL;
  if (text && (schedule_compile(text, binary, 0, &schedule, &error) != 0 || error))
    die("a lesson's schedule does not compile");
  char **envp = case_environment(0, NULL, schedule);
  free(cases), free(text), free(binary), free(schedule), free(error);
  return envp;
}

static void direct_run_make(const char *repo, const char *name, struct direct_run *out) {
  char *source = xasprintf("%s/cases/%s.c", repo, name);
  if (case_info_read(source, &out->info) != 0)
    die("cannot read a case's header");
  out->binary = xasprintf("build/cases/%s", name);
  out->argv = case_command(&out->info, out->binary);
  out->envp = scheduled_environment(repo, name);
  free(source);
}

static void direct_run_free(struct direct_run *r) {
  case_info_free(&r->info);
  free(r->binary);
  free(r->argv);
  for (size_t i = 0; r->envp[i]; i++)
    free(r->envp[i]);
  free(r->envp);
}

/* Runs every case binary that ends on its own once, directly under its detector, two at a
 * time. A case that hangs never ends on its own, so it adds nothing here: what racecheck
 * spends deciding that it hangs counts against racecheck. */
static double run_cases_directly(const char *repo, const struct strlist *names, int *skipped) {
  struct direct_run runs[512];
  size_t n = 0;
  *skipped = 0;
  for (size_t i = 0; i < names->len && n < 512; i++) {
    if (expected_to_hang(repo, names->items[i])) {
      (*skipped)++;
      continue;
    }
    direct_run_make(repo, names->items[i], &runs[n++]);
  }
  double t0 = now_s(CLOCK_MONOTONIC);
  size_t next = 0, running = 0;
  while (next < n || running > 0) {
    if (next < n && running < PARALLEL_RUNS) {
      if (start(runs[next].argv, runs[next].envp, repo, NULL) < 0)
        die("cannot start a case");
      next++;
      running++;
      continue;
    }
    int status;
    if (wait(&status) < 0)
      die("lost a case");
    running--;
  }
  double wall = now_s(CLOCK_MONOTONIC) - t0;
  for (size_t i = 0; i < n; i++)
    direct_run_free(&runs[i]);
  return wall;
}

static void clone_repo(const char *repo, const char *into) {
  char *argv[] = {"git", "clone", "-q", (char *)repo, (char *)into, NULL};
  run_or_die(argv, NULL, NULL);
}

static double ninja(const char *dir, const char *target, const char *log) {
  char *argv[] = {"ninja", (char *)target, NULL};
  double t0 = now_s(CLOCK_MONOTONIC);
  run_or_die(argv, dir, log);
  return now_s(CLOCK_MONOTONIC) - t0;
}

/* The case binaries and the runner, alone: what a check must build. */
static double build_alone(const char *dir, const struct strlist *names, const char *log) {
  struct strlist argv = {0};
  strlist_push(&argv, xstrdup("ninja"));
  strlist_push(&argv, xstrdup("build/racecheck"));
  for (size_t i = 0; i < names->len; i++)
    strlist_push(&argv, xasprintf("build/cases/%s", names->items[i]));
  strlist_push(&argv, NULL);
  double t0 = now_s(CLOCK_MONOTONIC);
  run_or_die(argv.items, dir, log);
  double wall = now_s(CLOCK_MONOTONIC) - t0;
  strlist_free(&argv);
  return wall;
}

/* Modification times of dir/NAME for each case, to count what a check rewrote. */
static void stamp_times(const char *dir, const struct strlist *names, struct timespec *out) {
  for (size_t i = 0; i < names->len; i++) {
    char *path = xasprintf("%s/%s", dir, names->items[i]);
    struct stat st;
    out[i] = stat(path, &st) == 0 ? st.st_mtim : (struct timespec){0};
    free(path);
  }
}

static int count_changed(const char *dir, const struct strlist *names,
                         const struct timespec *before) {
  struct timespec after[512];
  stamp_times(dir, names, after);
  int changed = 0;
  for (size_t i = 0; i < names->len; i++)
    changed += after[i].tv_sec != before[i].tv_sec || after[i].tv_nsec != before[i].tv_nsec;
  return changed;
}

static void append_to(const char *path, const char *text) {
  FILE *f = fopen(path, "a");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0)
    die("cannot edit a file in the clone");
}

/* One incremental step: edit (or nothing), check, and count the rebuilt and rerun cases. */
static void incremental(const char *dir, const char *what, const char *edit_path,
                        const char *target, const struct strlist *names, const char *log) {
  struct timespec verdicts[512], binaries[512];
  char *vdir = xasprintf("%s/build/verdicts", dir), *bdir = xasprintf("%s/build/cases", dir);
  stamp_times(vdir, names, verdicts);
  stamp_times(bdir, names, binaries);
  if (edit_path) {
    char *path = xasprintf("%s/%s", dir, edit_path);
    append_to(path, "/* edited by bench/cost.c */\n");
    free(path);
  }
  double wall = ninja(dir, target, log);
  printf("  %-34s %7.3f s   %2d of %zu cases rebuilt, %2d of %zu rerun\n", what, wall,
         count_changed(bdir, names, binaries), names->len, count_changed(vdir, names, verdicts),
         names->len);
  free(vdir);
  free(bdir);
}

static void bench_check(int reps) {
  char repo[4096], base[] = "/tmp/racecheck-bench-XXXXXX";
  if (!getcwd(repo, sizeof repo) || !mkdtemp(base))
    die("cannot make a scratch folder");
  struct strlist names = {0};
  if (list_cases("cases", &names) != 0)
    die("run from the top of the repository");
  char *log = xasprintf("%s/ninja.log", base);
  double ratios[MAX_REPS];
  int hung = 0;
  printf("== ninja check from a clean clone, against the work it cannot avoid, %d round(s)\n"
         "   unavoidable = build the runner and every case (ninja, 2 cores), then run each\n"
         "   case that ends on its own once, directly under its detector, 2 at a time\n",
         reps);
  printf("  %-5s %10s %10s %12s %8s\n", "round", "check s", "build s", "run cases s", "ratio");
  for (int r = 0; r < reps; r++) {
    char *check_dir = xasprintf("%s/check-%d", base, r),
         *parts_dir = xasprintf("%s/parts-%d", base, r);
    clone_repo(repo, check_dir);
    clone_repo(repo, parts_dir);
    double check = 0, build = 0, direct = 0;
    for (int half = 0; half < 2; half++) {
      if ((half + r) % 2 == 0) {
        check = ninja(check_dir, "check", log);
      } else {
        build = build_alone(parts_dir, &names, log);
        direct = run_cases_directly(parts_dir, &names, &hung);
      }
    }
    ratios[r] = check / (build + direct);
    printf("  %-5d %10.2f %10.2f %12.2f %7.2fx\n", r + 1, check, build, direct, ratios[r]);
    free(check_dir);
    free(parts_dir);
  }
  printf("  median check-time ratio: %.2fx (the bound is 1.30x); %d hanging cases counted as 0 s\n",
         median(ratios, reps), hung);

  char *dir = xasprintf("%s/check-%d", base, reps - 1);
  double noop[MAX_REPS];
  for (int i = 0; i < 11; i++)
    noop[i] = ninja(dir, "check", log);
  printf("== incremental, in the last clone\n  %-34s %7.3f s   (median of 11)\n", "nothing changed",
         median(noop, 11));
  incremental(dir, "one case edited (counter_mutex.c)", "cases/counter_mutex.c", "check", &names,
              log);
  incremental(dir, "the runner edited (src/base/text.c)", "src/base/text.c", "check", &names, log);
  incremental(dir, "ninja recheck", NULL, "recheck", &names, log);
  char *rm[] = {"rm", "-rf", base, NULL};
  run_or_die(rm, NULL, NULL);
  free(dir);
  free(log);
  strlist_free(&names);
}

/* ---- detectors: each way of running a case, against the plain build ---- */

struct detector_case {
  const char *name;
  int threads_over_500; /* DRD stops at 500 threads unless --max-threads says more */
};

/* The fixed twins that end on their own: what a detector costs on a correct program. */
static const struct detector_case DETECTOR_CASES[] = {
    {"counter_mutex", 1},      {"counter_atomic", 1},  {"bank_mutex", 0},
    {"channel_fixed", 0},      {"waitgroup_fixed", 0}, {"keep_small_fixed", 0},
    {"copied_mutex_fixed", 0},
};
enum { N_CASES = sizeof DETECTOR_CASES / sizeof DETECTOR_CASES[0] };

/* VALGRIND_ALONE is valgrind with no tool: what Helgrind and DRD cost before they analyse
 * anything. */
enum mode { PLAIN, CLANG_TSAN, CLANG19_TSAN, GCC_TSAN, VALGRIND_ALONE, HELGRIND, DRD, N_MODES };
static const char *const MODE_NAMES[N_MODES] = {
    "plain", "clang TSan", "clang 19 TSan", "GCC TSan", "valgrind only", "Helgrind", "DRD"};
/* The matrix's detector each mode is (src/model/detectors.c), for bench/detector_costs.txt. */
static const char *const MODE_DETECTORS[N_MODES] = {[CLANG_TSAN] = "tsan-clang14",
                                                    [CLANG19_TSAN] = "tsan-clang19",
                                                    [GCC_TSAN] = "tsan-gcc",
                                                    [HELGRIND] = "helgrind",
                                                    [DRD] = "drd"};

/* What each detector of the matrix costs, as the bench measured it: medians over the cases
 * of its time and memory against a plain build; negative when not measured. */
static struct { double time, memory; } detector_cost[32];

static void keep_cost(const char *id, double time, double memory) {
  for (size_t i = 0; i < N_DETECTORS && i < 32; i++)
    if (strcmp(DETECTORS[i].id, id) == 0) {
      detector_cost[i].time = time;
      detector_cost[i].memory = memory;
    }
}

/* Where each mode's build is: valgrind's tools run the plain one. */
static char *mode_binary(enum mode m, const char *name) {
  static const char *const DIRS[N_MODES] = {"plain", "tsan",  "clang19", "gcc",
                                            "plain", "plain", "plain"};
  return xasprintf("build/bench/%s/%s", DIRS[m], name);
}

static void mode_argv(enum mode m, const struct detector_case *c, struct strlist *argv) {
  static const char *const TOOLS[N_MODES] = {
      [VALGRIND_ALONE] = "--tool=none", [HELGRIND] = "--tool=helgrind", [DRD] = "--tool=drd"};
  if (TOOLS[m]) {
    strlist_push(argv, xstrdup("valgrind"));
    strlist_push(argv, xstrdup("-q"));
    strlist_push(argv, xstrdup(TOOLS[m]));
    if (m == DRD && c->threads_over_500)
      strlist_push(argv, xstrdup("--max-threads=1100"));
  }
  strlist_push(argv, mode_binary(m, c->name));
  strlist_push(argv, NULL);
}

static int mode_available(enum mode m) {
  char *path = mode_binary(m, DETECTOR_CASES[0].name);
  int ok = access(path, X_OK) == 0;
  free(path);
  return ok;
}

static void bench_detectors(int reps) {
  static double wall[N_CASES][N_MODES][MAX_REPS], rss[N_CASES][N_MODES][MAX_REPS];
  int have[N_MODES];
  for (int m = 0; m < N_MODES; m++)
    have[m] = mode_available((enum mode)m);
  if (!have[PLAIN] || !have[CLANG_TSAN])
    die("build the benchmark's programs first: ninja bench-builds");
  printf("\n== what each detector costs, against a plain build (median of %d, interleaved)\n"
         "   time = wall-time ratio, mem = peak-RSS ratio; plain is clang -O1 without a detector\n",
         reps);
  for (int r = 0; r < reps; r++)
    for (int c = 0; c < N_CASES; c++)
      for (int m = 0; m < N_MODES; m++) {
        if (!have[m])
          continue;
        struct strlist argv = {0};
        mode_argv((enum mode)m, &DETECTOR_CASES[c], &argv);
        struct usage u = measure(argv.items, tsan_environment());
        if (u.exit_code != 0)
          printf("  note: %s under %s ended with %d\n", DETECTOR_CASES[c].name, MODE_NAMES[m],
                 u.exit_code);
        wall[c][m][r] = u.wall_s;
        rss[c][m][r] = u.maxrss_kib;
        strlist_free(&argv);
      }
  printf("  %-20s %9s %9s", "case", "plain ms", "plain MiB");
  for (int m = 1; m < N_MODES; m++)
    printf(" %17s", MODE_NAMES[m]);
  printf("\n  %-40s", "");
  for (int m = 1; m < N_MODES; m++)
    printf(" %8s %8s", "time", "mem");
  printf("\n");
  double time_ratio[N_MODES][N_CASES], mem_ratio[N_MODES][N_CASES];
  for (int c = 0; c < N_CASES; c++) {
    double base_wall = median(wall[c][PLAIN], reps), base_rss = median(rss[c][PLAIN], reps);
    printf("  %-20s %9.1f %9.1f", DETECTOR_CASES[c].name, base_wall * 1e3, base_rss / 1024);
    for (int m = 1; m < N_MODES; m++) {
      time_ratio[m][c] = median(wall[c][m], reps) / base_wall;
      mem_ratio[m][c] = median(rss[c][m], reps) / base_rss;
      if (have[m])
        printf(" %7.1fx %7.1fx", time_ratio[m][c], mem_ratio[m][c]);
      else
        printf(" %17s", "not installed");
    }
    printf("\n");
  }
  printf("  %-40s", "median over the cases");
  for (int m = 1; m < N_MODES; m++)
    if (have[m]) {
      double time = median(time_ratio[m], N_CASES), memory = median(mem_ratio[m], N_CASES);
      printf(" %7.1fx %7.1fx", time, memory);
      if (MODE_DETECTORS[m])
        keep_cost(MODE_DETECTORS[m], time, memory);
    }
  printf("\n  DRD ran counter_mutex and counter_atomic (1000 threads) with --max-threads=1100.\n");
}

/* ---- analysers: each static detector of the matrix, against a plain compile ---- */

/* The plain build's compile, as rules.ninja's bench_plain makes it, into /dev/null. */
static void compile_argv(const char *source, struct strlist *argv) {
  const char *words[] = {"clang",    "-std=c17", "-g", "-gdwarf-4", "-O1",
                         "-pthread", "-c",       "-o", "/dev/null"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    strlist_push(argv, xstrdup(words[i]));
  strlist_push(argv, xstrdup(source));
  strlist_push(argv, NULL);
}

static void analyser_argv(const struct detector *d, const char *source, struct strlist *argv) {
  if (d->tool != TOOL_VET) {
    static_run_argv(d, "cases", source, argv);
    return;
  }
  const char *words[] = {"build/racecheck", "vet", "--", "-Icases"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    strlist_push(argv, xstrdup(words[i]));
  strlist_push(argv, xstrdup(source));
  strlist_push(argv, NULL);
}

/* The analysers read the same cases as the detectors' runs, interleaved with a plain compile
 * of each, reps times; medians of the ratios, as for the runs. */
static void bench_analysers(int reps) {
  static double wall[N_CASES][32][MAX_REPS], rss[N_CASES][32][MAX_REPS];
  size_t columns[32], n = 0; /* the static detectors' indices in DETECTORS */
  if (N_DETECTORS > 32)
    die("more detectors than the bench has room for");
  for (size_t i = 0; i < N_DETECTORS; i++)
    if (!detector_runs_program(&DETECTORS[i]))
      columns[n++] = i;
  printf("\n== what each analyser costs, against a plain compile (clang -c -O1 -g), median of %d\n",
         reps);
  for (int r = 0; r < reps; r++)
    for (int c = 0; c < N_CASES; c++) {
      char *source = xasprintf("cases/%s.c", DETECTOR_CASES[c].name);
      for (size_t k = 0; k <= n; k++) { /* k == n: the plain compile */
        struct strlist argv = {0};
        if (k == n)
          compile_argv(source, &argv);
        else
          analyser_argv(&DETECTORS[columns[k]], source, &argv);
        struct usage u = measure(argv.items, environ);
        wall[c][k][r] = u.wall_s;
        rss[c][k][r] = u.maxrss_kib;
        strlist_free(&argv);
      }
      free(source);
    }
  printf("  %-20s %9s %9s", "case", "plain ms", "plain MiB");
  for (size_t k = 0; k < n; k++)
    printf(" %17s", DETECTORS[columns[k]].heading);
  printf("\n");
  double time_ratio[32][N_CASES], mem_ratio[32][N_CASES];
  for (int c = 0; c < N_CASES; c++) {
    double base_wall = median(wall[c][n], reps), base_rss = median(rss[c][n], reps);
    printf("  %-20s %9.1f %9.1f", DETECTOR_CASES[c].name, base_wall * 1e3, base_rss / 1024);
    for (size_t k = 0; k < n; k++) {
      time_ratio[k][c] = median(wall[c][k], reps) / base_wall;
      mem_ratio[k][c] = median(rss[c][k], reps) / base_rss;
      printf(" %7.1fx %7.1fx", time_ratio[k][c], mem_ratio[k][c]);
    }
    printf("\n");
  }
  printf("  %-40s", "median over the cases");
  for (size_t k = 0; k < n; k++) {
    double time = median(time_ratio[k], N_CASES), memory = median(mem_ratio[k], N_CASES);
    printf(" %7.1fx %7.1fx", time, memory);
    keep_cost(DETECTORS[columns[k]].id, time, memory);
  }
  printf("\n");
}

/* bench/detector_costs.txt, which `racecheck matrix` shows under its table. */
static void write_costs(void) {
  static const char path[] = "bench/detector_costs.txt";
  struct buf text = {0};
  buf_adds(&text,
           "# What each detector of the matrix costs, written by `ninja bench` (bench/cost.c):\n"
           "# DETECTOR TIME MEMORY, the medians over its cases of the wall-time and the\n"
           "# peak-memory ratio to a plain build: a run against the plain program's run,\n"
           "# an analysis against a plain compile.\n");
  for (size_t i = 0; i < N_DETECTORS; i++)
    if (detector_cost[i].time > 0)
      buf_printf(&text, "%s %.1f %.1f\n", DETECTORS[i].id, detector_cost[i].time,
                 detector_cost[i].memory);
  if (!write_file(path, text.data, text.len))
    die("cannot write bench/detector_costs.txt");
  printf("\n  wrote %s; build/racecheck matrix --readme README.md puts it in the README\n", path);
  buf_free(&text);
}

/* ---- runner: racecheck's own CPU per case ---- */

/* What run_case does with a finished case's output: the runner's own pipeline from what
 * the run printed to findings and lines, then the comparison with the expected file. */
static int parse_normalize_compare(const struct buf *log, const char *stdout_text,
                                   const char *expected_path) {
  struct run_capture capture = {.end = CHILD_EXITED,
                                .status = 66,
                                .out = stdout_text,
                                .out_len = strlen(stdout_text),
                                .err = log->data,
                                .err_len = log->len};
  struct run_findings found = {0};
  struct strlist lines = {0}, seen = {0};
  run_findings_make(&capture, &found);
  run_findings_lines(&found, &lines);
  struct expected want = {0};
  char *error = NULL;
  int match = expect_load(expected_path, &want, &error) == 0 && expect_match(&want, &lines, &seen);
  free(error);
  expect_free(&want);
  strlist_free(&seen);
  strlist_free(&lines);
  run_findings_free(&found);
  return match;
}

/* Returns whether the log still matches the case's expected file: a figure for a parse
 * that went wrong would measure nothing. */
static int runner_cost_on(const char *what, const char *tsan_options, const char *expected,
                          int reps) {
  char *env[] = {xasprintf("TSAN_OPTIONS=%s:%s", PINNED_TSAN_OPTIONS, tsan_options), NULL};
  char *argv[] = {"build/bench/tsan/counter_racy", NULL};
  const char *log_path = "build/bench/counter_racy.log";
  run(argv, env, NULL, log_path);
  struct buf log = {0};
  if (!read_file(log_path, &log))
    die("cannot read the log just written");
  const char *counter = strstr(buf_str(&log), "counter = ");
  char *stdout_text = counter ? xstrndup(counter, strcspn(counter, "\n")) : xstrdup("");
  double cpu_ms[MAX_REPS];
  int matched = 1;
  for (int r = 0; r < reps; r++) {
    double t0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    matched &= parse_normalize_compare(&log, stdout_text, expected);
    cpu_ms[r] = (now_s(CLOCK_PROCESS_CPUTIME_ID) - t0) * 1e3;
  }
  printf("  %-44s %8zu bytes %8.2f ms  %s %s\n", what, log.len, median(cpu_ms, reps),
         matched ? "matches" : "DOES NOT MATCH", expected);
  buf_free(&log);
  free(stdout_text);
  free(env[0]);
  return matched;
}

static void bench_runner(int reps) {
  if (access("build/bench/tsan/counter_racy", X_OK) != 0)
    die("build the benchmark's programs first: ninja bench-builds");
  printf("\n== racecheck's own CPU to parse, normalize and compare one case (median of %d;\n"
         "   the bound is 5 ms), on logs of counter_racy's 1000 threads\n",
         reps);
  int matched =
      runner_cost_on("counter_racy as racecheck runs it", "", "expected/counter_racy.txt", reps);
  matched &= runner_cost_on("every race TSan sees (suppress_equal_*=0)",
                            "suppress_equal_stacks=0:suppress_equal_addresses=0",
                            "bench/expected/counter_racy_every_race.txt", reps);
  if (!matched)
    die("a log did not match its expected file");
}

/* ---- ledger: what the shim's lock ledger costs a case ---- */

static const char *const LEDGER_CASES[] = {"counter_mutex", "counter_atomic", "bank_mutex",
                                           "waitgroup_fixed"};

/* One case, both ways, interleaved: build/bench/tsan/CASE, TSan alone, and build/cases/CASE,
 * with the shim and its ledger writing to a file, as under racecheck. */
static void ledger_case(const char *name, char **plain_env, char **ledger_env, int reps) {
  char *plain = xasprintf("build/bench/tsan/%s", name), *shim = xasprintf("build/cases/%s", name);
  char *plain_argv[] = {plain, NULL}, *shim_argv[] = {shim, NULL};
  double without[MAX_REPS], with[MAX_REPS];
  for (int r = 0; r < reps; r++) {
    without[r] = run(plain_argv, plain_env, NULL, NULL).wall_s;
    with[r] = run(shim_argv, ledger_env, NULL, NULL).wall_s;
  }
  double a = median(without, reps), b = median(with, reps);
  printf("%-18s %10.1f ms %10.1f ms %7.2fx\n", name, a * 1000, b * 1000, b / a);
  free(plain), free(shim);
}

static void bench_ledger(int reps) {
  char path[] = "/tmp/racecheck-bench-ledger.XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    die("cannot make a file for the ledger");
  /* where the shim finds its channel, inherited by both runs; only the shim's writes */
  if (dup2(fd, RACECHECK_LEDGER_FD) < 0)
    die("cannot place the ledger's descriptor");
  close(fd);
  char **plain_env = case_environment(0, NULL, NULL);
  char **ledger_env = case_environment(0, NULL, NULL);
  printf("\nledger: TSan alone against TSan with the shim and its ledger, median of %d\n", reps);
  printf("%-18s %13s %13s %8s\n", "case", "TSan alone", "with ledger", "ratio");
  for (size_t i = 0; i < sizeof LEDGER_CASES / sizeof LEDGER_CASES[0]; i++)
    ledger_case(LEDGER_CASES[i], plain_env, ledger_env, reps);
  unlink(path);
  free_environment(plain_env);
  free_environment(ledger_env);
  close(RACECHECK_LEDGER_FD);
}

/* Start-up: a command that parses no C never maps libclang (c_parser.h), one that does
 * loads it; and a check with nothing to do, in this tree as built. Medians, and the ratio. */
static void bench_startup(int reps) {
  char *help[] = {"build/racecheck", "help", NULL};
  char *vet[] = {"build/racecheck", "vet", "cases/counter_mutex.c", NULL};
  char *noop[] = {"ninja", "check", NULL};
  double t_help[MAX_REPS], t_vet[MAX_REPS], t_noop[MAX_REPS];
  run_or_die(noop, NULL, "/dev/null"); /* whatever is not yet checked, once */
  for (int i = 0; i < reps; i++) {
    t_help[i] = measure(help, environ).wall_s;
    t_vet[i] = measure(vet, environ).wall_s;
    t_noop[i] = measure(noop, environ).wall_s;
  }
  double h = median(t_help, reps), v = median(t_vet, reps), n = median(t_noop, reps);
  printf("== start-up (median of %d)\n", reps);
  printf("  %-44s %8.1f ms\n", "racecheck help (no libclang)", h * 1e3);
  printf("  %-44s %8.1f ms  (%.1fx)\n", "racecheck vet on one case (loads libclang)", v * 1e3,
         v / h);
  printf("  %-44s %8.1f ms\n", "ninja check with nothing to do", n * 1e3);
}

/* ---- scheduler: what the lesson's schedule costs a case ---- */

static const char *const SCHEDULED_CASES[] = {"bank_racy",      "bank_mutex",
                                              "counter_racy",   "counter_mutex",
                                              "counter_atomic", "lock_order_potential"};

/* One case, interleaved: build/cases/CASE as racecheck runs it, without its lesson's schedule
 * and with it. TSan's reports go to a file, as under racecheck. */
static void scheduled_case(const char *name, const char *where, int reps) {
  char *binary = xasprintf("build/cases/%s", name), *text = lesson_schedule("cases", name);
  char *schedule = NULL, *error = NULL;
  if (!text || schedule_compile(text, binary, 0, &schedule, &error) != 0 || error)
    die("a case's schedule did not compile");
  char *log = xasprintf("log_path=%s", where);
  char **plain_env = case_environment(0, log, NULL);
  char **sched_env = case_environment(0, log, schedule);
  char *argv[] = {binary, NULL};
  double without[MAX_REPS], with[MAX_REPS];
  for (int r = 0; r < reps; r++) {
    without[r] = run(argv, plain_env, NULL, NULL).wall_s;
    with[r] = run(argv, sched_env, NULL, NULL).wall_s;
  }
  double a = median(without, reps), b = median(with, reps);
  printf("%-22s %10.1f ms %10.1f ms %7.2fx\n", name, a * 1000, b * 1000, b / a);
  free_environment(plain_env), free_environment(sched_env);
  free(binary), free(text), free(schedule), free(log);
}

/* The shim's link flags without the scheduler's access points: every --wrap of a TSan
 * read, write or atomic entry point but __tsan_func_exit, which is the ledger's. */
static char *flags_without_access_hooks(void) {
  struct buf kept = {0};
  struct strlist words = {0};
  split_words(SHIM_LINK_FLAGS + strlen("-Wl,"), ",", &words);
  buf_adds(&kept, "-Wl");
  for (size_t i = 0; i < words.len; i++)
    if (!starts_with(words.items[i], "--wrap=__tsan_") ||
        strcmp(words.items[i], "--wrap=__tsan_func_exit") == 0)
      buf_printf(&kept, ",%s", words.items[i]);
  strlist_free(&words);
  return kept.data;
}

/* source built as the cases are (clang, TSan, -O1, the shim's objects) into out, with the
 * given link flags. */
static void build_with_shim(const char *source, const char *link_flags, const char *out) {
  char *argv[] = {"clang",
                  "-std=c17",
                  "-g",
                  "-O1",
                  "-pthread",
                  "-fsanitize=thread",
                  (char *)source,
                  "build/shim/thread_origins.o",
                  "build/shim/lock_ledger.o",
                  "build/shim/scheduler.o",
                  "build/shim/sched_points.o",
                  (char *)link_flags,
                  "-o",
                  (char *)out,
                  NULL};
  run_or_die(argv, NULL, NULL);
}

/* Without a schedule: the program as racecheck builds it, against the same built without
 * the scheduler's access points, both run without RACECHECK_SCHEDULE, interleaved. */
static void unscheduled_cost(const char *source, const char *hookless_flags, char **env, int reps) {
  const char *name = path_basename(source);
  char *with = xasprintf("build/bench/sched_hooks_%.*s", (int)strcspn(name, "."), name);
  char *without = xasprintf("%s_none", with);
  build_with_shim(source, SHIM_LINK_FLAGS, with);
  build_with_shim(source, hookless_flags, without);
  char *with_argv[] = {with, NULL}, *without_argv[] = {without, NULL};
  double t_without[MAX_REPS], t_with[MAX_REPS];
  for (int r = 0; r < reps; r++) {
    t_without[r] = run(without_argv, env, NULL, NULL).wall_s;
    t_with[r] = run(with_argv, env, NULL, NULL).wall_s;
  }
  double a = median(t_without, reps), b = median(t_with, reps);
  printf("%-26s %10.1f ms %10.1f ms %7.2fx\n", name, a * 1000, b * 1000, b / a);
  free(with), free(without);
}

static const char *const UNSCHEDULED_SOURCES[] = {"bench/access_loop.c", "cases/counter_mutex.c",
                                                  "cases/counter_atomic.c", "cases/bank_mutex.c",
                                                  "cases/keep_small_fixed.c"};

static void bench_scheduler(int reps) {
  char *where = xasprintf("/tmp/racecheck-bench-sched.%ld", (long)getpid());
  printf("\nscheduler: each case without its lesson's schedule and with it, median of %d\n", reps);
  printf("%-22s %13s %13s %8s\n", "case", "unscheduled", "scheduled", "ratio");
  for (size_t i = 0; i < sizeof SCHEDULED_CASES / sizeof SCHEDULED_CASES[0]; i++)
    scheduled_case(SCHEDULED_CASES[i], where, reps);
  char *log = xasprintf("log_path=%s", where);
  char **env = case_environment(0, log, NULL);
  char *hookless = flags_without_access_hooks();
  printf("\nscheduler, no schedule given: built without the scheduler's access points, and as "
         "racecheck\nbuilds it (every instrumented access a call into shim/sched_points.c), "
         "median of %d\n",
         reps);
  printf("%-26s %13s %13s %8s\n", "program", "without", "with", "ratio");
  for (size_t i = 0; i < sizeof UNSCHEDULED_SOURCES / sizeof UNSCHEDULED_SOURCES[0]; i++)
    unscheduled_cost(UNSCHEDULED_SOURCES[i], hookless, env, reps);
  free(hookless), free(log);
  free_environment(env);
  free(where);
}

/* ---- explore: schedules per second, and how their count grows ---- */

/* How many distinct schedules explore's report (at out) says it ran. */
static long distinct_schedules(const char *out) {
  struct buf report = {0};
  long count = -1;
  if (!read_file(out, &report) || sscanf(buf_str(&report), "explore %*s %ld distinct", &count) != 1)
    die("explore did not say how many schedules it ran");
  buf_free(&report);
  return count;
}

/* `racecheck explore` on a lesson's two-thread cases, each schedule forked from the program
 * started once (the fork server) and, interleaved, each started anew (--exec-each):
 * schedules per second, and the ratio. */
static void explore_rate(int reps, const char *out) {
  enum { SCHEDULES = 30 };
  static const char *const CASES[] = {"bank_mutex", "counter_mutex", "lock_order_deadlock"};
  char budget[16];
  snprintf(budget, sizeof budget, "%d", SCHEDULES);
  printf("%d schedules a run, median of %d; forked: from the program started once; exec'd: "
         "--exec-each\n%-20s %9s %9s %11s %11s %9s\n",
         SCHEDULES, reps, "case", "distinct", "forked/s", "exec'd/s", "ms forked", "ratio");
  for (size_t c = 0; c < sizeof CASES / sizeof *CASES; c++) {
    char *forked[] = {"build/racecheck", "explore", "--budget", budget, (char *)CASES[c], NULL};
    char *alone[] = {"build/racecheck", "explore", "--exec-each", "--budget", budget,
                     (char *)CASES[c],  NULL};
    double fork_s[MAX_REPS], exec_s[MAX_REPS];
    long distinct = -1;
    for (int r = 0; r < reps; r++) {
      fork_s[r] = run(forked, environ, NULL, out).wall_s / SCHEDULES;
      distinct = distinct_schedules(out);
      exec_s[r] = run(alone, environ, NULL, out).wall_s / SCHEDULES;
      if (distinct_schedules(out) != distinct)
        die("explore ran other schedules forked than exec'd");
    }
    double a = median(fork_s, reps), b = median(exec_s, reps);
    printf("%-20s %9ld %9.1f %11.1f %11.1f %8.2fx\n", CASES[c], distinct, 1 / a, 1 / b, a * 1000,
           b / a);
  }
}

/* The floor under explore's rate: the program forked from its server (shim/fork_server.c)
 * `runs` times under explore's first schedule, each run only waited for: no watch for a
 * hang, no ledger or report read, no findings. Seconds a run. */
static double bare_forked_run_s(const char *binary, int runs) {
  char *argv[] = {(char *)binary, NULL}, *schedule = NULL, *error = NULL;
  struct fork_server server;
  if (schedule_compile(SCHEDULE_PICKS, binary, 0, &schedule, &error) != 0 ||
      fork_server_start(&server, 0, argv, NULL) != 0)
    die("cannot start the program as a fork server");
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  int ledger = open(server.channel.ledger_path, O_WRONLY | O_APPEND | O_CLOEXEC);
  double t0 = now_s(CLOCK_MONOTONIC);
  for (int i = 0; i < runs; i++) {
    struct served_run run;
    int status = 0;
    if (fork_server_run(&server, WATCH_NONE, schedule, null, null, ledger, &run) != 0 ||
        fork_server_reaped(&server, &status) != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      die("a run forked from the server failed");
    close(run.pidfd);
  }
  double each = (now_s(CLOCK_MONOTONIC) - t0) / runs;
  close(null), close(ledger);
  fork_server_stop(&server);
  free(schedule), free(error);
  return each;
}

/* The goal's measure, on a two-thread lesson: `racecheck explore --budget 200`, its server's
 * start included, against the floor of the same count of runs forked and only waited for. */
static void explore_goal(int reps, const char *out) {
  enum { SCHEDULES = 200 };
  static const char CASE[] = "bank_mutex";
  char budget[16];
  snprintf(budget, sizeof budget, "%d", SCHEDULES);
  char *argv[] = {"build/racecheck", "explore", "--budget", budget, (char *)CASE, NULL};
  double explore_s[MAX_REPS], bare_s[MAX_REPS];
  for (int r = 0; r < reps; r++) {
    explore_s[r] = run(argv, environ, NULL, out).wall_s / SCHEDULES;
    bare_s[r] = bare_forked_run_s("build/cases/bank_mutex", SCHEDULES);
  }
  double e = median(explore_s, reps), b = median(bare_s, reps);
  printf("\n%s, %d schedules, median of %d: explore --budget %d %.1f/s (%.1f ms a schedule, "
         "its\nserver's start included); the program forked alone, only waited for: %.1f/s "
         "(%.1f ms a run);\nratio %.2fx\n",
         CASE, SCHEDULES, reps, SCHEDULES, 1 / e, e * 1000, 1 / b, b * 1000, e / b);
}

/* How many schedules have at most K preemptions, for bench/lock_steps.c with N lock and
 * unlock pairs a thread: what explore reads in its report's second line. */
static void explore_counts(const char *out) {
  enum { MOST = 1000 };
  printf("\nschedules with at most K preemptions, two threads of N lock/unlock pairs each "
         "(bench/lock_steps.c; at most %d run)\n%-4s %8s %8s %8s\n",
         MOST, "N", "K=0", "K=1", "K=2");
  for (int n = 1; n <= 3; n++) {
    printf("%-4d", n);
    for (int k = 0; k <= 2; k++) {
      char most[16], preemptions[4], pairs[4];
      snprintf(most, sizeof most, "%d", MOST);
      snprintf(preemptions, sizeof preemptions, "%d", k);
      snprintf(pairs, sizeof pairs, "%d", n);
      char *argv[] = {"build/racecheck", "explore",   "--budget",           most, "--pct", "0",
                      "--preemptions",   preemptions, "bench/lock_steps.c", "--", pairs,   NULL};
      run(argv, environ, NULL, out);
      struct buf report = {0};
      long count = -1;
      const char *second = read_file(out, &report) ? strchr(buf_str(&report), '\n') : NULL;
      if (!second || sscanf(second + 1, " %ld with at most", &count) != 1)
        die("explore did not say how many schedules it ran");
      printf(" %7ld%s", count, strstr(second, "(every one)") ? " " : "+");
      buf_free(&report);
    }
    printf("\n");
  }
  printf("(+: the budget ran out first)\n");
}

static void bench_explore(int reps) {
  char *out = xasprintf("/tmp/racecheck-bench-explore.%ld", (long)getpid());
  printf("\nexplore: schedules per second, each a run under TSan with the ledger\n");
  explore_rate(reps, out);
  explore_goal(reps, out);
  explore_counts(out);
  unlink(out);
  free(out);
}

/* ---- grade: a class, one submission at a time and two at once ---- */

/* The sources a class hands in: each exercise's fixed twin and its broken case, and every
 * known right fix of tests/exercises/ (its first line says "expect: PASS"), as LESSON.c;
 * with `right_only`, the right fixes alone. */
struct submission {
  char *lesson, *source;
};

static int known_right_fix(const char *path) {
  struct buf text = {0};
  int yes = read_file(path, &text) && starts_with(buf_str(&text), "/* expect: PASS");
  buf_free(&text);
  return yes;
}

static size_t submissions(int right_only, struct submission **out) {
  struct options o = {.cases_dir = "cases",
                      .build_dir = "build",
                      .expected_dir = "expected",
                      .exercise_data_dir = "exercises-data"};
  struct exercise *all = NULL;
  size_t n = 0, len = 0;
  char *error = NULL;
  if (exercise_list(&o, &all, &n, &error) != 0)
    die(error);
  *out = xmalloc(4 * n * sizeof **out + 64 * sizeof **out);
  for (size_t i = 0; i < n; i++) {
    (*out)[len++] = (struct submission){xstrdup(all[i].name), xasprintf("cases/%s.c", all[i].twin)};
    if (!right_only)
      (*out)[len++] =
          (struct submission){xstrdup(all[i].name), xasprintf("cases/%s.c", all[i].name)};
    char *folder = xasprintf("tests/exercises/%s", all[i].name);
    struct strlist fixes = {0};
    list_cases(folder, &fixes);
    for (size_t k = 0; k < fixes.len && len < 4 * n + 64; k++) {
      char *path = xasprintf("%s/%s.c", folder, fixes.items[k]);
      if (known_right_fix(path))
        (*out)[len++] = (struct submission){xstrdup(all[i].name), path};
      else
        free(path);
    }
    strlist_free(&fixes);
    free(folder);
  }
  exercises_free(all, n);
  return len;
}

static void submissions_free(struct submission *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(s[i].lesson), free(s[i].source);
  free(s);
}

/* A class of CLASS_SIZE submissions, as issue 26's class was: two per student folder. */
enum { CLASS_SIZE = 30 };

static void make_class(const char *dir) {
  struct submission *all;
  size_t n = submissions(0, &all);
  if (n < CLASS_SIZE)
    die("fewer sources than a class needs");
  for (size_t i = 0; i < CLASS_SIZE; i++) {
    /* no student hands in two files for one lesson: the i-th and the 15+i-th are apart */
    char *folder = xasprintf("%s/s%02zu", dir, i % (CLASS_SIZE / 2) + 1);
    char *to = xasprintf("%s/%s.c", folder, all[i].lesson);
    struct buf text = {0};
    if (access(to, F_OK) == 0 || !make_dirs(folder) || !read_file(all[i].source, &text) ||
        !write_file(to, text.data, text.len))
      die("cannot lay the class out");
    buf_free(&text);
    free(folder), free(to);
  }
  submissions_free(all, n);
}

/* racecheck grade -j JOBS of the class: its wall time; dies unless it graded every row. */
static double grade_class(const char *dir, const char *jobs, const char *out) {
  char *argv[] = {"build/racecheck", "grade",     "-j",        (char *)jobs, "--repeat", "2",
                  "--out",           (char *)out, (char *)dir, NULL};
  struct usage u = run(argv, NULL, NULL, "/dev/null");
  if (u.exit_code != 0 && u.exit_code != 1)
    die("racecheck grade could not grade the class (is bubblewrap there? ./bootstrap)");
  return u.wall_s;
}

/* `racecheck try` of a right fix, plain or in the sandbox: its wall time; dies unless it
 * passed. `repeat` NULL: try's own count of unforced runs. */
static double try_fix(const char *lesson, const char *source, const char *repeat, int sandboxed) {
  char *argv[8] = {"build/racecheck", "try", "--source", (char *)source, (char *)lesson};
  int k = 5;
  if (repeat)
    argv[k++] = "--repeat", argv[k++] = (char *)repeat;
  argv[k++] = sandboxed ? "--sandbox" : NULL;
  argv[k] = NULL;
  struct usage u = run(argv, NULL, NULL, "/dev/null");
  if (u.exit_code != 0) {
    fprintf(stderr, "bench: racecheck try %s --source %s%s did not pass\n", lesson, source,
            sandboxed ? " --sandbox" : "");
    exit(1);
  }
  return u.wall_s;
}

static void print_load(const char *when) {
  double load[3];
  if (getloadavg(load, 3) == 3)
    printf("  load average %s: %.1f %.1f %.1f\n", when, load[0], load[1], load[2]);
}

static void bench_grade(int reps) {
  char *dir = xasprintf("build/bench-grade.%ld", (long)getpid());
  char *out = xasprintf("%s-grades", dir);
  make_class(dir);
  double one[MAX_REPS], two[MAX_REPS], ratio[MAX_REPS];
  printf("\ngrade: a class of %d submissions (--repeat 2), alternated, median of %d\n", CLASS_SIZE,
         reps);
  print_load("before");
  grade_class(dir, "2", out); /* every build kept, as a class graded twice has them */
  for (int r = 0; r < reps; r++) {
    one[r] = grade_class(dir, "1", out);
    two[r] = grade_class(dir, "2", out);
    ratio[r] = one[r] / two[r];
  }
  printf("  %-44s %8.1f s  %6.1f per minute\n", "-j 1", median(one, reps),
         60 * CLASS_SIZE / median(one, reps));
  printf("  %-44s %8.1f s  %6.1f per minute\n", "-j 2", median(two, reps),
         60 * CLASS_SIZE / median(two, reps));
  printf("  %-44s %8.2fx (ratio of medians %.2fx)\n", "-j 2 against -j 1, per pair, median",
         median(ratio, reps), median(one, reps) / median(two, reps));
  print_load("after");
  double plain[MAX_REPS], boxed[MAX_REPS];
  for (int r = 0; r < reps; r++) {
    plain[r] = try_fix("counter_racy", "cases/counter_mutex.c", "2", 0);
    boxed[r] = try_fix("counter_racy", "cases/counter_mutex.c", "2", 1);
    ratio[r] = boxed[r] / plain[r];
  }
  printf("try --repeat 2 of the counter's fix, builds kept, alternated, median of %d\n", reps);
  printf("  %-44s %8.2f s\n", "try", median(plain, reps));
  printf("  %-44s %8.2f s  (%.2fx, per pair median)\n", "try --sandbox", median(boxed, reps),
         median(ratio, reps));
  char *rm[] = {"rm", "-rf", dir, NULL};
  run_or_die(rm, NULL, NULL);
  char *csv = xasprintf("%s.csv", out), *json = xasprintf("%s.json", out);
  unlink(csv), unlink(json);
  free(csv), free(json);
  free(dir), free(out);
}

/* ---- try: every lesson's right fixes, explored, plain and in the sandbox ---- */

static void bench_try(int reps) {
  struct submission *fixes;
  size_t n = submissions(1, &fixes);
  printf("\ntry: each known right fix, with try's own exploration and unforced runs, builds "
         "kept,\nplain and --sandbox alternated, median of %d\n",
         reps);
  print_load("before");
  printf("  %-28s %-36s %8s %8s %7s\n", "lesson", "fix", "try", "sandbox", "ratio");
  for (size_t i = 0; i < n; i++) {
    double plain[MAX_REPS], boxed[MAX_REPS], ratio[MAX_REPS];
    try_fix(fixes[i].lesson, fixes[i].source, NULL, 0); /* its builds kept */
    try_fix(fixes[i].lesson, fixes[i].source, NULL, 1);
    for (int r = 0; r < reps; r++) {
      plain[r] = try_fix(fixes[i].lesson, fixes[i].source, NULL, 0);
      boxed[r] = try_fix(fixes[i].lesson, fixes[i].source, NULL, 1);
      ratio[r] = boxed[r] / plain[r];
    }
    printf("  %-28s %-36s %7.2fs %7.2fs %6.2fx\n", fixes[i].lesson,
           starts_with(fixes[i].source, "cases/") ? fixes[i].source + strlen("cases/")
                                                  : path_basename(fixes[i].source),
           median(plain, reps), median(boxed, reps), median(ratio, reps));
  }
  print_load("after");
  submissions_free(fixes, n);
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "all";
  int reps = argc > 2 ? atoi(argv[2]) : 0;
  if (argc > 3 || reps < 0 || reps > MAX_REPS)
    die("usage: build/bench/cost "
        "[check|startup|detectors|runner|ledger|scheduler|explore|grade|try|all] [REPS (1-101)]");
  int all = strcmp(what, "all") == 0;
  if (!all && strcmp(what, "check") && strcmp(what, "startup") && strcmp(what, "detectors") &&
      strcmp(what, "runner") && strcmp(what, "ledger") && strcmp(what, "scheduler") &&
      strcmp(what, "explore") && strcmp(what, "grade") && strcmp(what, "try"))
    die("usage: build/bench/cost "
        "[check|startup|detectors|runner|ledger|scheduler|explore|grade|try|all] [REPS (1-101)]");
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("bench: %ld cores online\n", sysconf(_SC_NPROCESSORS_ONLN));
  if (all || strcmp(what, "check") == 0)
    bench_check(reps ? reps : 3);
  if (all || strcmp(what, "startup") == 0)
    bench_startup(reps ? reps : 51);
  if (all || strcmp(what, "detectors") == 0) {
    bench_detectors(reps ? reps : 5);
    bench_analysers(reps ? reps : 5);
    write_costs();
  }
  if (all || strcmp(what, "runner") == 0)
    bench_runner(reps ? reps : 51);
  if (all || strcmp(what, "ledger") == 0)
    bench_ledger(reps ? reps : 11);
  if (all || strcmp(what, "scheduler") == 0)
    bench_scheduler(reps ? reps : 11);
  if (all || strcmp(what, "explore") == 0)
    bench_explore(reps ? reps : 3);
  if (all || strcmp(what, "grade") == 0)
    bench_grade(reps ? reps : 3);
  if (all || strcmp(what, "try") == 0)
    bench_try(reps ? reps : 3);
  return 0;
}
