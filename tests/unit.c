/* Unit tests of the stages, on recorded real output: TSan logs from clang-14 and clang-19
 * (tests/fixtures/), and gdb's stacks of a hung case. Built with ASan+UBSan. */
#include "bug_scope.h"
#include "case_info.h"
#include "cell.h"
#include "detector_log.h"
#include "diagnose.h"
#include "expect.h"
#include "explain.h"
#include "gate.h"
#include "ledger_parse.h"
#include "ledger_report.h"
#include "lessons.h"
#include "normalize.h"
#include "pipeline.h"
#include "render.h"
#include "testlib.h"
#include "work_tally.h"

#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static const char FIXTURES[] = "tests/fixtures";
static const char *const COMPILERS[] = {"clang14", "clang19"};

/* A saved log through the runner's own pipeline, as `racecheck normalize` prints it. */
static char *normalized_by(enum detector_tool detector, const char *log, size_t len,
                           const char *source_root) {
  struct run_capture capture = {.detector = detector,
                                .end = CHILD_NOT_STARTED,
                                .err = log,
                                .err_len = len,
                                .source_root = source_root};
  struct run_findings found = {0};
  struct strlist lines = {0};
  struct buf out = {0};
  run_findings_make(&capture, &found);
  run_findings_lines(&found, &lines);
  for (size_t i = 0; i < lines.len; i++)
    buf_printf(&out, "%s\n", lines.items[i]);
  strlist_free(&lines);
  run_findings_free(&found);
  return out.data ? out.data : xstrdup("");
}

static char *normalized(const char *log, size_t len) {
  return normalized_by(TOOL_TSAN, log, len, NULL);
}

/* The expected findings of a fixture: KIND.COMPILER.txt where the compilers differ by
 * nature, else KIND.txt. */
static char *expected_for(const char *kind, const char *compiler) {
  char *specific = xasprintf("%s/expected/%s.%s.txt", FIXTURES, kind, compiler);
  if (access(specific, F_OK) == 0) {
    char *text = slurp(specific);
    free(specific);
    return text;
  }
  free(specific);
  char *common = xasprintf("%s/expected/%s.txt", FIXTURES, kind);
  char *text = slurp(common);
  free(common);
  return text;
}

static void list_kinds(struct strlist *kinds) {
  char *dir_path = xasprintf("%s/%s", FIXTURES, COMPILERS[0]);
  DIR *dir = opendir(dir_path);
  if (!dir) {
    printf("cannot open %s\n", dir_path);
    exit(1);
  }
  for (struct dirent *e; (e = readdir(dir));)
    if (ends_with(e->d_name, ".log"))
      strlist_push(kinds, xstrndup(e->d_name, strlen(e->d_name) - 4));
  closedir(dir);
  free(dir_path);
}

static void test_every_fixture_normalizes_as_expected(void) {
  struct strlist kinds = {0};
  list_kinds(&kinds);
  CHECK(kinds.len >= 15);
  for (size_t i = 0; i < kinds.len; i++) {
    for (size_t c = 0; c < sizeof COMPILERS / sizeof COMPILERS[0]; c++) {
      char *path = xasprintf("%s/%s/%s.log", FIXTURES, COMPILERS[c], kinds.items[i]);
      char *log = slurp(path);
      char *got = normalized(log, strlen(log));
      char *want = expected_for(kinds.items[i], COMPILERS[c]);
      if (!CHECK(strcmp(got, want) == 0))
        printf("%s normalizes to:\n%s\nbut its expected findings are:\n%s\n", path, got, want);
      /* an address only where code in no module is, which no run moves */
      static const char UNKNOWN[] = "unknown code at ";
      const char *address = strstr(got, "0x");
      int only_code = !address || ((size_t)(address - got) >= strlen(UNKNOWN) &&
                                   starts_with(address - strlen(UNKNOWN), UNKNOWN));
      CHECK(only_code && strstr(got, "/tmp/") == NULL);
      free(path), free(log), free(got), free(want);
    }
  }
  strlist_free(&kinds);
}

static int is_number_after_word(const char *start, const char *p) {
  if (p > start && isalnum((unsigned char)p[-1]))
    return 0;
  if ((*p == 'T' || *p == 'M') && isdigit((unsigned char)p[1]))
    return 1;
  return (starts_with(p, "pid=") || starts_with(p, "tid=")) && isdigit((unsigned char)p[4]);
}

static int is_column(const char *p) {
  if (*p != ':' || !isdigit((unsigned char)p[1]))
    return 0;
  for (p++; isdigit((unsigned char)*p); p++)
    ;
  return *p == ':' && isdigit((unsigned char)p[1]);
}

/* Valgrind's thread tools, recorded from real runs: tests/fixtures/valgrind/NAME.log must
 * normalize to NAME.txt beside it. The Helgrind logs were recorded with full source paths
 * (--fullpath-after=, as racecheck runs valgrind) from copies of the cases and the shim in
 * /tmp/rc-fixture-helgrind/: only the frames under it are the program's. The DRD log of a
 * hold in glibc's thread start was recorded the same way from /work/main. */
static void test_valgrind_logs(void) {
  static const struct {
    const char *name, *root;
  } logs[] = {
      {"drd_lock_held_too_long", NULL},
      {"drd_data_race", NULL},
      {"drd_hold_in_thread_start", "/work/main"},
      {"helgrind_data_race_mutexes", "/tmp/rc-fixture-helgrind"},
      {"helgrind_lock_order", "/tmp/rc-fixture-helgrind"},
      {"helgrind_exiting_thread_holds_lock", "/tmp/rc-fixture-helgrind"},
  };
  for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
    char *log_path = xasprintf("%s/valgrind/%s.log", FIXTURES, logs[i].name);
    char *want_path = xasprintf("%s/valgrind/%s.txt", FIXTURES, logs[i].name);
    char *log = slurp(log_path), *want = slurp(want_path);
    struct buf got = {.data = normalized_by(TOOL_VALGRIND, log, strlen(log), logs[i].root)};
    got.len = strlen(got.data);
    if (!CHECK(strcmp(buf_str(&got), want) == 0))
      printf("%s normalizes to:\n%s\nnot:\n%s\n", log_path, buf_str(&got), want);
    CHECK(strstr(buf_str(&got), "0x") == NULL && strstr(buf_str(&got), " ms (") == NULL);
    buf_free(&got);
    free(log_path), free(want_path), free(log), free(want);
  }
}

/* Clang's diagnostics, recorded from real runs of the matrix's analysers
 * (tests/fixtures/clang/NAME.log), must normalize to NAME.txt beside it: -Wthread-safety with
 * cases/thread_safety.h, the Static Analyzer's path notes, clang-tidy, and an error. */
static void test_clang_diagnostics(void) {
  static const char *const logs[] = {"thread_safety_cleanup", "analyzer_relock_in_loop",
                                     "tidy_mutex_by_value", "error"};
  for (size_t i = 0; i < sizeof logs / sizeof logs[0]; i++) {
    char *log_path = xasprintf("%s/clang/%s.log", FIXTURES, logs[i]);
    char *want_path = xasprintf("%s/clang/%s.txt", FIXTURES, logs[i]);
    char *log = slurp(log_path), *want = slurp(want_path);
    char *got = normalized_by(TOOL_CLANG, log, strlen(log), NULL);
    if (!CHECK(strcmp(got, want) == 0))
      printf("%s normalizes to:\n%s\nnot:\n%s\n", log_path, got, want);
    free(log_path), free(want_path), free(log), free(want), free(got);
  }
}

/* A recorded log through the pipeline, as a cell sees the run. */
static void findings_of(enum detector_tool detector, const char *path, const char *root,
                        struct run_findings *out) {
  char *log = slurp(path);
  struct run_capture capture = {.detector = detector,
                                .end = CHILD_EXITED,
                                .err = log,
                                .err_len = strlen(log),
                                .source_root = root};
  run_findings_make(&capture, out);
  free(log);
}

static enum cell_state classified(const struct cell_evidence *e, struct cell *out) {
  *out = (struct cell){0};
  cell_classify(e, out);
  return out->state;
}

static const char DATA_RACE_ONLY[REPORT_KINDS] = {[REPORT_DATA_RACE] = 1};
static const char LOCK_ORDER_ONLY[REPORT_KINDS] = {[REPORT_LOCK_ORDER] = 1};

/* What a run's cell says: reported only for a finding of the lesson's kind in the case's own
 * file; any finding of the detector's on a kept rule is a false report; a hang, a deadline
 * and a crash are states of their own; a missing detector is no verdict. */
static void test_cells_of_runs(void) {
  struct run_findings f = {0};
  struct cell c;
  findings_of(TOOL_VALGRIND, "tests/fixtures/valgrind/helgrind_lock_order.log",
              "/tmp/rc-fixture-helgrind", &f);
  struct cell_evidence e = {
      .run = &f, .breaks = 1, .about = LOCK_ORDER_ONLY, .source = "lock_order_potential.c"};
  /* the inversion and the flag's race from each of the two threads (named apart) */
  CHECK(classified(&e, &c) == CELL_REPORTED && c.kinds[REPORT_LOCK_ORDER] && c.words.len == 3);
  cell_free(&c);
  e.about = DATA_RACE_ONLY; /* its only race is on a flag in a header: not the lesson */
  CHECK(classified(&e, &c) == CELL_SILENT);
  cell_free(&c);
  e.source = "bank_racy.c"; /* a lock order of another file is not this lesson's either */
  e.about = LOCK_ORDER_ONLY;
  CHECK(classified(&e, &c) == CELL_SILENT);
  cell_free(&c);
  e.breaks = 0;
  CHECK(classified(&e, &c) == CELL_FALSE_REPORT && c.kinds[REPORT_DATA_RACE]);
  cell_free(&c);
  f.end = CHILD_SIGNALED;
  CHECK(classified(&e, &c) == CELL_CRASHED && c.why);
  cell_free(&c);
  run_findings_free(&f);
  struct run_findings quiet = {.end = CHILD_HUNG};
  e = (struct cell_evidence){.run = &quiet, .breaks = 1, .source = "x.c"};
  CHECK(classified(&e, &c) == CELL_HUNG);
  cell_free(&c);
  quiet.end = CHILD_TIMEOUT;
  CHECK(classified(&e, &c) == CELL_TIMEOUT && c.stopped);
  cell_free(&c);
  e = (struct cell_evidence){.not_installed = 1, .not_run = "no valgrind", .breaks = 1};
  CHECK(classified(&e, &c) == CELL_NOT_INSTALLED && strcmp(c.why, "no valgrind") == 0);
  cell_free(&c);

  /* Helgrind's "Exiting thread still holds 1 lock" is a lock held at exit, in its words */
  static const char HELD_AT_EXIT[REPORT_KINDS] = {[REPORT_LOCK_HELD_AT_EXIT] = 1};
  findings_of(TOOL_VALGRIND, "tests/fixtures/valgrind/helgrind_exiting_thread_holds_lock.log",
              "/tmp/rc-fixture-helgrind", &f);
  f.end = CHILD_HUNG;
  e = (struct cell_evidence){
      .run = &f, .breaks = 1, .about = HELD_AT_EXIT, .source = "forgotten_unlock_buggy.c"};
  CHECK(classified(&e, &c) == CELL_REPORTED && c.kinds[REPORT_LOCK_HELD_AT_EXIT]);
  cell_free(&c);
  /* the same finding made by racecheck's ledger is never the detector's */
  for (size_t i = 0; i < f.findings.len; i++)
    f.findings.items[i].report.by_racecheck = 1;
  CHECK(classified(&e, &c) == CELL_HUNG && c.words.len == 0);
  cell_free(&c);
  run_findings_free(&f);
}

/* An analyser's cell: reported when it warns inside a function that holds the BUG line. */
static void test_cells_of_analyses(void) {
  struct run_findings f = {0};
  struct cell c;
  findings_of(TOOL_CLANG, "tests/fixtures/clang/analyzer_relock_in_loop.log", NULL, &f);
  struct case_info info;
  CHECK(case_info_read("cases/forgotten_unlock_loop_buggy.c", &info) == 0 && info.nbug_lines);
  struct bug_scope scope;
  char *error = NULL;
  CHECK(bug_scope_find("cases/forgotten_unlock_loop_buggy.c", info.bug_lines, info.nbug_lines,
                       &scope, &error) == 0);
  CHECK(bug_scope_holds(&scope, 16) && !bug_scope_holds(&scope, 29)); /* pay_all, not main */
  struct cell_evidence e = {.run = &f,
                            .analysis = 1,
                            .breaks = 1,
                            .source = "forgotten_unlock_loop_buggy.c",
                            .scope = &scope};
  CHECK(classified(&e, &c) == CELL_REPORTED && c.kinds[REPORT_STATIC_WARNING]);
  cell_free(&c);
  e.twin = &f.findings; /* a twin that got the same warning, word for word */
  CHECK(classified(&e, &c) == CELL_SILENT);
  cell_free(&c);
  e.twin = NULL;
  struct bug_scope elsewhere = {&(struct line_range){1, 10}, 1};
  e.scope = &elsewhere;
  CHECK(classified(&e, &c) == CELL_SILENT);
  cell_free(&c);
  run_findings_free(&f);
  findings_of(TOOL_CLANG, "tests/fixtures/clang/error.log", NULL, &f);
  CHECK(classified(&e, &c) == CELL_CRASHED);
  cell_free(&c);
  run_findings_free(&f);
  bug_scope_free(&scope);
  case_info_free(&info);
  free(error);
}

/* cases/lessons.txt names each lesson's kinds; a word that is no kind is refused, with its
 * line. */
static void test_lessons(void) {
  struct lessons l;
  char *error = NULL;
  CHECK(lessons_read("cases", &l, &error) == 0);
  const struct lesson *keep_small = lesson_of(&l, "keep_small_fixed");
  CHECK(keep_small && strcmp(keep_small->cases.items[0], "keep_small_buggy") == 0 &&
        keep_small->about[REPORT_HELD_TOO_LONG] && !keep_small->about[REPORT_DATA_RACE]);
  CHECK(lesson_of(&l, "dry_run") && !lesson_of(&l, "no_such_case"));
  lessons_free(&l);
  char *dir = xasprintf("build/lessons-test");
  CHECK(make_dirs(dir) && write_file("build/lessons-test/lessons.txt", "# c\na b: data_race rase\n",
                                     strlen("# c\na b: data_race rase\n")));
  CHECK(lessons_read(dir, &l, &error) != 0 && error && strstr(error, "lessons.txt:2: rase"));
  free(error), free(dir);
}

/* A cell's line and its kept file read back as they were written. */
static void test_cell_round_trips(void) {
  struct cell c = {.case_name = xstrdup("counter_racy"),
                   .detector = xstrdup("drd"),
                   .breaks = 1,
                   .state = CELL_REPORTED,
                   .kinds = {[REPORT_DATA_RACE] = 1, [REPORT_MUTEX_MISUSE] = 1},
                   .stopped = 1,
                   .outcome = xstrdup("timeout after 10 s: killed by racecheck"),
                   .seconds = 10.5};
  strlist_push(&c.words, xstrdup("data race on global 'counter'\n  write 4 in increment"));
  char *line = cell_line(&c), *text = cell_file_text(&c);
  CHECK_STR(line, "counter_racy drd reported data_race,mutex_misuse stopped");
  struct cell back;
  CHECK(cell_file_parse(text, &back) == 0);
  char *again = cell_file_text(&back);
  CHECK_STR(again, text);
  cell_free(&back);
  char *error = NULL;
  CHECK(cell_line_parse("counter_racy drd maybe -", &back, &error) != 0 && error);
  free(line), free(text), free(again), free(error);
  cell_free(&c);
  cell_free(&back);
}

/* Rewrites everything in a log that changes between runs and machines, the way another run
 * would: addresses, module offsets and BuildIds, pids and tids, thread and mutex numbers,
 * columns and directories. The findings must not change. */
static char *as_another_run(const char *log) {
  struct buf out = {0};
  for (const char *p = log; *p;) {
    if (starts_with(p, "<null> <null> (0x")) { /* code in no module: where the program put it */
      buf_add(&out, p, strlen("<null> <null> (0x"));
      p += strlen("<null> <null> (0x");
    } else if (starts_with(p, "0x")) {
      buf_adds(&out, "0x");
      for (p += 2; isxdigit((unsigned char)*p); p++)
        buf_add(
            &out,
            &"fedcba9876543210"[isdigit((unsigned char)*p) ? *p - '0' : 10 + (tolower(*p) - 'a')],
            1);
    } else if (starts_with(p, "BuildId: ")) {
      buf_adds(&out, "BuildId: 0123abcd");
      for (p += 9; isxdigit((unsigned char)*p); p++)
        ;
    } else if (starts_with(p, "/tmp/rc-fixture-")) {
      buf_adds(&out, "/home/learner/some where/else/");
      p = strchr(p + 16, '/') + 1;
    } else if (is_number_after_word(log, p)) {
      size_t prefix = isdigit((unsigned char)p[1]) ? 1 : 4; /* T1, M0 or pid=, tid= */
      buf_add(&out, p, prefix);
      buf_printf(&out, "%ld", strtol(p + prefix, (char **)&p, 10) + 17);
    } else if (is_column(p)) { /* ":line:column": the column moves */
      const char *col = strchr(p + 1, ':');
      buf_add(&out, p, (size_t)(col - p));
      buf_printf(&out, ":%ld", strtol(col + 1, (char **)&p, 10) + 3);
    } else {
      buf_add(&out, p++, 1);
    }
  }
  return out.data;
}

static void test_unstable_parts_do_not_matter(void) {
  struct strlist kinds = {0};
  list_kinds(&kinds);
  for (size_t i = 0; i < kinds.len; i++) {
    char *path = xasprintf("%s/clang14/%s.log", FIXTURES, kinds.items[i]);
    char *log = slurp(path);
    char *other = as_another_run(log);
    CHECK(strcmp(log, other) != 0);
    char *a = normalized(log, strlen(log)), *b = normalized(other, strlen(other));
    if (!CHECK(strcmp(a, b) == 0))
      printf("%s, rewritten as another run would print it:\n%s\nnormalizes to\n%s\nnot\n%s\n", path,
             other, b, a);
    free(path), free(log), free(other), free(a), free(b);
  }
  strlist_free(&kinds);
}

/* The same race seen from the other side: the two accesses swapped, so the other one is
 * "Previous", and the mutexes numbered the other way round (recorded, then hand-swapped). */
static void test_which_access_is_previous_does_not_matter(void) {
  char *log = slurp("tests/fixtures/clang14/data_race_mutexes.log");
  char *swapped = slurp("tests/fixtures/swapped/data_race_mutexes.log");
  char *a = normalized(log, strlen(log)), *b = normalized(swapped, strlen(swapped));
  CHECK(strcmp(log, swapped) != 0);
  CHECK_STR(b, a);
  free(log), free(swapped), free(a), free(b);
}

static void test_duplicate_reports_count_once(void) {
  char *log = slurp("tests/fixtures/clang14/data_race.log");
  char *twice = xasprintf("%s%s", log, log);
  char *a = normalized(log, strlen(log)), *b = normalized(twice, strlen(twice));
  CHECK_STR(b, a);
  free(log), free(twice), free(a), free(b);
}

static void test_a_cut_off_report_is_said(void) {
  char *log = slurp("tests/fixtures/clang14/data_race.log");
  log[strlen(log) / 2] = '\0';
  char *got = normalized(log, strlen(log));
  CHECK(starts_with(got, "output: a TSan report was cut off before its end\n"));
  free(log), free(got);
}

static void test_frames(void) {
  struct frame f;
  tsan_parse_frame("f /tmp/x/t.c:4:28 (t+0xd00ff) (BuildId: 8c3a70)", &f);
  CHECK_STR(f.func, "f");
  CHECK_STR(f.file, "/tmp/x/t.c");
  CHECK(f.line == 4);
  CHECK_STR(f.module, "t");
  CHECK(is_program_frame(&f));
  free(f.func), free(f.file), free(f.module);

  tsan_parse_frame("pthread_create <null> (t+0x513ad) (BuildId: 8c3a70)", &f);
  CHECK_STR(f.func, "pthread_create");
  CHECK(f.file == NULL && f.line == 0 && !is_program_frame(&f));
  free(f.func), free(f.module);

  tsan_parse_frame("operator new(unsigned long) <null> (libtsan.so.2+0x9b3c8)", &f);
  CHECK_STR(f.func, "operator new(unsigned long)");
  CHECK_STR(f.module, "libtsan.so.2");
  free(f.func), free(f.module);

  tsan_parse_frame("memcpy /usr/lib/libc.so.6 (libc.so.6+0x1234)", &f);
  CHECK(!is_program_frame(&f));
  free(f.func), free(f.file), free(f.module);

  tsan_parse_frame("main /home/a learner/x.c:7:3 (x+0x10) (BuildId: ab)", &f);
  CHECK_STR(f.func, "main");
  CHECK_STR(f.file, "/home/a learner/x.c");
  CHECK(f.line == 7);
  free(f.func), free(f.file), free(f.module);

  tsan_parse_frame("main cases/x.c:7 (x+0x10)", &f);
  CHECK_STR(f.file, "cases/x.c");
  CHECK(f.line == 7);
  free(f.func), free(f.file), free(f.module);

  CHECK_STR(call_name("__interceptor_pthread_mutex_lock"), "pthread_mutex_lock");
  CHECK_STR(call_name("___interceptor_free"), "free");
  CHECK_STR(call_name("free"), "free");
}

/* Two mutexes created at different lines, each held by one side of a race: whatever the
 * detector numbered them, the finding names and orders them by where they came from. */
static void test_mutex_names_do_not_depend_on_numbering(void) {
  const int ids[2][2] = {{7, 3}, {3, 7}};
  char *seen[2];
  for (int v = 0; v < 2; v++) {
    struct reports raw = {0};
    struct report *r = reports_add(&raw);
    r->kind = REPORT_DATA_RACE;
    r->title = xstrdup("data race");
    for (int s = 0; s < 2; s++) {
      struct access *a = report_add_access(r);
      a->op = ACCESS_WRITE, a->size = 4;
      *stack_add_frame(&a->stack) =
          (struct frame){.func = xstrdup("deposit"), .file = xstrdup("x.c"), .line = 13};
      a->held = xmalloc(sizeof *a->held);
      a->held[a->nheld++] = (struct held_mutex){.id = ids[v][s], .write = 1};
    }
    for (int m = 0; m < 2; m++)
      *stack_add_frame(&report_add_mutex(r, ids[v][m])->created) = (struct frame){
          .func = xstrdup("deposit"), .file = xstrdup("x.c"), .line = 12 + (ids[v][m] == 7)};
    struct findings list = {0};
    findings_from_reports(&raw, render_report, &list);
    CHECK(list.len == 1);
    seen[v] = xstrdup(list.items[0].text);
    findings_free(&list);
  }
  CHECK_STR(seen[1], seen[0]);
  CHECK_STR(seen[0], "data race\n"
                     "  write 4 in deposit at x.c:13 holding the mutex first seen at x.c:12\n"
                     "  write 4 in deposit at x.c:13 holding the mutex first seen at x.c:13");
  free(seen[0]), free(seen[1]);
}

/* The forgotten unlock as it hung: /proc's view of its threads, and what gdb said. */
static void load_hang(const char *name, struct hang_report *r) {
  char *proc_path = xasprintf("tests/fixtures/gdb/%s.proc", name);
  char *gdb_path = xasprintf("tests/fixtures/gdb/%s.txt", name);
  char *proc = slurp(proc_path), *gdb = slurp(gdb_path);
  struct strlist lines = {0};
  split_lines(proc, strlen(proc), &lines);
  *r = (struct hang_report){.why = CHILD_HUNG};
  r->threads = xmalloc(lines.len * sizeof *r->threads);
  r->mutex_owners = xmalloc(lines.len * sizeof *r->mutex_owners);
  for (size_t i = 0; i < lines.len; i++) {
    struct thread_state *t = &r->threads[r->nthreads];
    if (lines.items[i][0] == '#')
      continue;
    CHECK(sscanf(lines.items[i], "%ld %c %ld %llx %llx %llx %llx %ld", &t->tid, &t->state,
                 &t->syscall, &t->arg[0], &t->arg[1], &t->arg[2], &t->arg[3],
                 &r->mutex_owners[r->nthreads]) == 8);
    if (!r->pid)
      r->pid = t->tid;
    r->nthreads++;
  }
  r->stacks.pid = r->pid;
  stacks_parse(gdb, strlen(gdb), &r->stacks);
  strlist_free(&lines);
  free(proc_path), free(gdb_path), free(proc), free(gdb);
}

static char *render_one(const struct hang_report *r) {
  struct run_capture capture = {.end = CHILD_HUNG, .hang = r};
  struct run_findings found = {0};
  run_findings_make(&capture, &found);
  CHECK(found.findings.len == 1);
  char *text = xstrdup(found.findings.len ? found.findings.items[0].text : "");
  run_findings_free(&found);
  return text;
}

static void test_deadlock_diagnosis(void) {
  struct hang_report r;
  load_hang("forgotten_unlock", &r);
  CHECK(r.stacks.nthreads == 3 && r.stacks.norigins == 2 && r.stacks.nsymbols == 1);
  char *text = render_one(&r);
  CHECK_STR(text, "deadlock: all 2 threads are asleep\n"
                  "  main thread blocked in pthread_join in main at forgotten_unlock_buggy.c:38; "
                  "waits for thread created at forgotten_unlock_buggy.c:37\n"
                  "  thread created at forgotten_unlock_buggy.c:37 blocked in "
                  "pthread_mutex_lock(&balance_mu) in withdraw at forgotten_unlock_buggy.c:12; "
                  "owner: thread created at forgotten_unlock_buggy.c:35, exited");
  free(text);

  free(r.stacks.symbols[0].name); /* had it waited on TSan's own lock, after its CHECK failed */
  r.stacks.symbols[0].name = xstrdup("__tsan::ctx_placeholder");
  text = render_one(&r);
  CHECK(strstr(text, "blocked in pthread_mutex_lock in withdraw") != NULL);
  CHECK(strstr(text, "ctx_placeholder") == NULL && strstr(text, "owner") == NULL);
  free(text);
  free(r.stacks.symbols[0].name);
  r.stacks.symbols[0].name = xstrdup("balance_mu");

  r.mutex_owners[2] = r.threads[2].tid; /* had the thread locked it itself */
  text = render_one(&r);
  CHECK(strstr(text, "owner: this same thread") != NULL);
  free(text);

  r.threads[0].state = 'R'; /* had main been running, it would be a timeout, not a deadlock */
  r.why = CHILD_TIMEOUT;
  r.timeout_s = 10;
  text = render_one(&r);
  CHECK(starts_with(
      text, "timeout: after 10 s the program had not ended, and not every thread was stuck"));
  CHECK(strstr(text, "\n  main thread running in main at forgotten_unlock_buggy.c:38") != NULL);
  free(text);
  hang_report_free(&r);

  struct hang_report bare = {.why = CHILD_HUNG, .pid = 7};
  bare.stacks.error = xstrdup("/nonexistent/gdb could not be started: No such file or "
                              "directory (run ./bootstrap to install gdb)");
  text = render_one(&bare);
  CHECK(strstr(text, "run ./bootstrap") != NULL);
  free(text);
  hang_report_free(&bare);
}

/* --- The lock ledger ------------------------------------------------------------------ */

/* Names for the offsets the ledger tests use: the code at 0x10 + 16 * i, the data at 0x100. */
static void test_symbols(struct symbols *s) {
  static const struct {
    const char *func;
    int line;
  } code[] = {{"main", 38}, {"main", 37}, {"withdraw", 12}, {"main", 35}, {"withdraw_20", 23}};
  *s = (struct symbols){0};
  s->ncode = sizeof code / sizeof code[0];
  s->code = xmalloc(s->ncode * sizeof *s->code);
  for (size_t i = 0; i < s->ncode; i++)
    s->code[i] = (struct code_name){
        0x10 + 16 * i,
        {.func = xstrdup(code[i].func), .file = xstrdup("f.c"), .line = code[i].line}};
  s->ndata = 1;
  s->data = xmalloc(sizeof *s->data);
  s->data[0] = (struct data_name){.offset = 0x100, .name = xstrdup("balance_mu")};
}

static size_t parsed(const char *text, struct ledger *l) {
  *l = (struct ledger){0};
  return ledger_parse(text, strlen(text), l);
}

/* A lock-order report whose two edges were taken at f.c:38 and f.c:37. */
static void add_lock_order(struct reports *out) {
  struct report *r = reports_add(out);
  r->kind = REPORT_LOCK_ORDER;
  r->title = xstrdup("lock-order-inversion (potential deadlock)");
  for (int line = 38; line >= 37; line--) {
    r->edges = xrealloc(r->edges, (r->nedges + 1) * sizeof *r->edges);
    r->edges[r->nedges] = (struct lock_edge){.mutex = 38 - line, .held = line - 37};
    *stack_add_frame(&r->edges[r->nedges++].acquired) =
        (struct frame){.func = xstrdup("main"), .file = xstrdup("f.c"), .line = line};
  }
}

/* Both orders of the pair, each taken while holding balance_mu (the data at 0x100): a gate.
 * Without it on one side, no gate; and an edge the ledger never saw leaves it unsaid. */
static void test_gate_locks(void) {
  struct symbols s;
  test_symbols(&s);
  static const char both[] = "ledger 1 64 5000\n"
                             "nest 64 65 0 5200 5010 2 5100 5030 5300 5040\n"
                             "nest 64 66 0 5300 5020 2 5100 5030 5200 5040\n";
  static const char one_side[] = "ledger 1 64 5000\n"
                                 "nest 64 65 0 5200 5010 2 5100 5030 5300 5040\n"
                                 "nest 64 66 0 5300 5020 1 5200 5040\n";
  static const char one_edge[] = "ledger 1 64 5000\n"
                                 "nest 64 65 0 5200 5010 2 5100 5030 5300 5040\n";
  const char *texts[] = {both, one_side, one_edge};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    struct ledger l;
    CHECK(parsed(texts[i], &l) == strlen(texts[i]) && l.rejected == 0);
    struct reports reports = {0};
    add_lock_order(&reports);
    gate_mark(&reports, &l, &s);
    const char *gate = reports.items[0].gate;
    CHECK(i == 0 ? gate && strcmp(gate, "balance_mu") == 0 : gate == NULL);
    if (i == 0)
      CHECK(explain_report(&reports.items[0], NULL, NULL)->means !=
            explain(REPORT_LOCK_ORDER)->means);
    report_free(&reports.items[0]);
    free(reports.items);
    ledger_free(&l);
  }
  symbols_free(&s);
}

/* A thread nobody joined is a thread leak, racecheck's own, named by where it was made. */
static void test_leak_records(void) {
  struct symbols s;
  test_symbols(&s);
  struct ledger l;
  const char *text = "ledger 1 64 5000\nleak 64 65 5010\n";
  CHECK(parsed(text, &l) == strlen(text) && l.rejected == 0 && l.len == 1);
  struct reports reports = {0};
  ledger_reports(&l, &s, &reports);
  struct findings f = {0};
  findings_from_reports(&reports, render_report, &f);
  CHECK(f.len == 1 && f.items[0].report.by_racecheck);
  CHECK_STR(f.len ? f.items[0].text : "", "thread leak\n  thread created in main at f.c:38");
  findings_free(&f);
  ledger_free(&l);
  symbols_free(&s);
}

static void test_ledger_records(void) {
  struct ledger l;
  const char *text = "ledger 1 64 5000\n"
                     "exit 64 66 5040 5050 1 5100 5030\n"
                     "block 64 65 5020 pthread_mutex_lock 5100 5030 0\n"
                     "resume 64 65 5020\n"
                     "relock 64 64 0 5100 5030 5010\n"
                     "unlock 64 64 0 5100 5030 0 0 0\n"
                     "point 64 65 5020 1 5030 1 5100 4 5a\n";
  CHECK(parsed(text, &l) == strlen(text));
  CHECK(l.len == 6 && l.rejected == 0);
  const struct ledger_record *point = &l.records[5];
  CHECK(point->kind == LEDGER_POINT && point->nvalues == 1 &&
        ledger_offset(point, point->values[0].address) == 0x100 && point->values[0].size == 4 &&
        point->values[0].bits == 0x5a);
  const struct ledger_record *exit = &l.records[0];
  CHECK(exit->kind == LEDGER_EXIT && exit->pid == 100 && exit->tid == 102 && exit->nheld == 1);
  CHECK(ledger_offset(exit, exit->site) == 0x50 &&
        ledger_offset(exit, exit->held[0].lock) == 0x100);
  CHECK(ledger_offset(exit, 0x10) == 0);         /* below the executable: not an offset into it */
  CHECK(ledger_open_wait(&l, 100, 101) == NULL); /* it announced a wait, and returned */
  CHECK(ledger_last_held(&l, 100, 102) == exit);
  ledger_free(&l);
}

/* A wait that sleeps for good on the condition at 5200 (its second wait there, "2"): the
 * last signal came after the first wait began and before this one, to nobody, so it came
 * before the wait; a signal after the wait began, or one to a waiter, leaves it unknown; no
 * signal on it at all, never signalled. */
static void test_ledger_signals(void) {
  static const char wait[] = "block 64 65 5020 pthread_cond_wait 5200 5030 2 0\n";
  static const struct {
    const char *signals;
    enum ledger_signalled seen;
  } RUNS[] = {
      {"signal 64 66 5010 5200 5040 0 1 1\n", LEDGER_SIGNALLED_BEFORE},
      {"signal 64 66 5010 5200 5040 0 0 1\n", LEDGER_SIGNALS_UNKNOWN}, /* somebody waited */
      {"signal 64 66 5010 5200 5040 0 1 0\n", LEDGER_SIGNALS_UNKNOWN}, /* before the first */
      {"signal 64 66 5010 5200 5040 0 1 1\nsignal 64 66 5010 5200 5040 1 0 2\n",
       LEDGER_SIGNALS_UNKNOWN},                                        /* one after it */
      {"signal 64 66 5010 5200 5040 0 2 1\n", LEDGER_SIGNALS_UNKNOWN}, /* not counted */
      {"signal 64 66 5010 5300 5040 0 1 1\n", LEDGER_NEVER_SIGNALLED}, /* another condition */
      {"", LEDGER_NEVER_SIGNALLED},
  };
  for (size_t i = 0; i < sizeof RUNS / sizeof RUNS[0]; i++) {
    struct ledger l;
    char *text = xasprintf("ledger 1 64 5000\n%s%s", RUNS[i].signals, wait);
    CHECK(parsed(text, &l) == strlen(text) && l.rejected == 0);
    const struct ledger_record *signal = NULL;
    if (!CHECK(ledger_signals(&l, ledger_open_wait(&l, 100, 101), &signal) == RUNS[i].seen))
      printf("  after: %s", RUNS[i].signals);
    CHECK((signal != NULL) == (RUNS[i].seen == LEDGER_SIGNALLED_BEFORE));
    CHECK(!signal || ledger_offset(signal, signal->site) == 0x40);
    ledger_free(&l);
    free(text);
  }
}

/* A tally names the globals each thread touched holding a lock: a thread counts as guarding
 * a variable only if one of them is in its bytes; a tally whose count of them is not what
 * follows is no record. */
static void test_tally_guards(void) {
  const char *text = "ledger 1 64 5000\n"
                     "tally 64 65 5040 3 3 0 3 0 2 6010 6100\n" /* the dummy at 0x1010 too */
                     "tally 64 66 5040 1 1 0 1 0 1 6010\n"      /* the dummy alone */
                     "tally 64 67 5040 1 1 0 1 0\n"             /* no guards said */
                     "tally 64 68 5040 1 1 0 1 0 2 6010\n"      /* two said, one given */
                     "tally 64 64 0 0 0 0 0 0\n";
  struct ledger l;
  CHECK(parsed(text, &l) == strlen(text) && l.len == 4 && l.rejected == 1);
  struct work_tally t;
  work_tally_read(&l, &t);
  CHECK(t.nthreads == 4 && t.threads[0].nguards == 2 && t.threads[0].guards[1] == 0x1100);
  CHECK(t.threads[0].tid == 0x65 && t.threads[3].main);
  struct byte_range counter = {0x1100, 4}, dummy = {0x1010, 4}, neither = {0x2000, 8};
  CHECK(work_tally_lockers_of(&t, &counter, 1) == 1);
  CHECK(work_tally_lockers_of(&t, &dummy, 1) == 2);
  CHECK(work_tally_lockers_of(&t, &neither, 1) == 0);
  work_tally_free(&t);
  ledger_free(&l);
}

/* Whatever a program writes into the ledger's file, the parser takes exactly the records. */
static void test_ledger_hostile(void) {
  static const char *const bad[] = {
      "exit 64 66 5040 5050 1 5100\n",                    /* cut off in the middle */
      "exit 64 66 5040 5050 ffffffffffffffff 5100 1\n",   /* a huge count */
      "exit 64 66 5040 5050 2 5100 5030\n",               /* fewer pairs than it says */
      "block 64 65 5020 system 5100 5030 0\n",            /* a call it does not write */
      "block 64 65 5020 pthread_cond_wait 5100 5030 0\n", /* a condition wait's count missing */
      "signal 64 65 5020 5100 5030 2 0 1\n",              /* a broadcast is 1 */
      "signal 64 65 5020 5100 5030 0 3 1\n",              /* who waited is 0, 1 or 2 */
      "resume 64 65 5020 extra\n",                        /* a word too many */
      "point 64 65 5020 1 5030\n",                        /* no count of values */
      "point 64 65 5020 1 5030 2 5100 4 5a\n",            /* fewer values than it says */
      "point 64 65 5020 1 5030 1 5100 9 5a\n",            /* more than 8 bytes */
      /* more values than a point carries */
      "point 64 65 5020 1 5030 5 5100 4 5a 5100 4 5a 5100 4 5a 5100 4 5a 5100 4 5a\n",
      "resume 64 65 50200000000000000\n", /* 17 digits */
      "resume 64 65 -5\n",                /* not hexadecimal */
      "resume 0 65 5020\n",               /* no process 0 */
      "resume 99 65 5020\n",              /* a process that never said hello */
      "ledger 2 64 5000\n",               /* a ledger it does not know */
      "\x01\xff garbage\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct ledger l;
    char *text = xasprintf("ledger 1 64 5000\n%s", bad[i]);
    CHECK(parsed(text, &l) == strlen(text));
    if (!CHECK(l.len == 0 && l.rejected == 1))
      printf("  taken as a record: %s", bad[i]);
    ledger_free(&l);
    free(text);
  }
  struct ledger l = {0};
  char with_nul[] = "ledger 1 64 5000\nresume 64 65 5020\0 x\n";
  CHECK(ledger_parse(with_nul, sizeof with_nul - 1, &l) == sizeof with_nul - 1);
  CHECK(l.len == 0 && l.rejected == 1);
  ledger_free(&l);
  char *long_line = xasprintf("ledger 1 64 5000\nresume 64 65 %05000d\n", 0);
  CHECK(parsed(long_line, &l) == strlen(long_line) && l.len == 0 && l.rejected == 1);
  ledger_free(&l);
  free(long_line);
  CHECK(parsed("ledger 1 64 5000\nresume 64 65 50", &l) == strlen("ledger 1 64 5000\n"));
  CHECK(l.len == 0 && l.rejected == 0); /* the end of a line still to come */
  ledger_free(&l);
}

/* The story's values, read as their variables' types say: a negative int, a bool, a double
 * to every digit it needs; a variable of a type racecheck cannot read (a struct's, here) is
 * not told. */
static void test_story_values(void) {
  struct symbols s = {0};
  s.ndata = 4;
  s.data = xmalloc(4 * sizeof *s.data);
  s.data[0] = (struct data_name){
      .offset = 0x100, .name = xstrdup("balance"), .kind = VALUE_SIGNED, .size = 4};
  s.data[1] =
      (struct data_name){.offset = 0x108, .name = xstrdup("done"), .kind = VALUE_BOOL, .size = 1};
  s.data[2] = (struct data_name){.offset = 0x110, .name = xstrdup("account")};
  s.data[3] =
      (struct data_name){.offset = 0x118, .name = xstrdup("total"), .kind = VALUE_FLOAT, .size = 8};
  const char *text = "ledger 1 64 5000\n"
                     "point 64 65 5020 1 5030 4 5100 4 ffffff9c 5108 1 1 5110 4 7 5118 8 "
                     "3fd3333333333334\n"
                     "point 64 64 0 0 5040 0\n";
  struct run_capture capture = {
      .end = CHILD_EXITED, .ledger = text, .ledger_len = strlen(text), .symbols = &s};
  struct run_findings found = {0};
  run_findings_make(&capture, &found);
  if (CHECK(found.npoints == 2 && found.points[0].values.len == 3)) {
    CHECK_STR(found.points[0].values.items[0], "balance = -100");
    CHECK_STR(found.points[0].values.items[1], "done = true");
    CHECK_STR(found.points[0].values.items[2], "total = 0.30000000000000004"); /* 0.1 + 0.2 */
    CHECK(found.points[1].values.len == 0);
  }
  run_findings_free(&found);
  symbols_free(&s);
}

static void test_ledger_findings(void) {
  struct symbols s;
  test_symbols(&s);
  const char *text = "ledger 1 64 5000\nexit 64 66 5040 5050 1 5100 5030\nnonsense\n";
  struct run_capture capture = {
      .end = CHILD_EXITED, .ledger = text, .ledger_len = strlen(text), .symbols = &s};
  struct run_findings found = {0};
  run_findings_make(&capture, &found);
  CHECK(found.findings.len == 1);
  CHECK_STR(found.findings.len ? found.findings.items[0].text : NULL,
            "lock held at thread exit: balance_mu\n"
            "  thread created at f.c:35 locked it in withdraw at f.c:12\n"
            "  and exited in withdraw_20 at f.c:23 without unlocking it");
  CHECK(found.notes.len == 1 &&
        strcmp(found.notes.items[0], "output: 1 lines of the lock ledger were not its records") ==
            0);
  run_findings_free(&found);
  symbols_free(&s);
}

/* A hang the ledger explains: no gdb, and yet every thread's call, place, object and owner. */
static void test_deadlock_from_ledger(void) {
  struct symbols s;
  test_symbols(&s);
  const char *text = "ledger 1 64 5000\n"
                     "exit 64 66 5040 5050 1 5100 5030\n"
                     "block 64 65 5020 pthread_mutex_lock 5100 5030 0\n"
                     "block 64 64 0 pthread_join 7f00 5010 0\n";
  struct thread_state threads[] = {
      {.tid = 100, .state = 'S', .syscall = SYS_FUTEX, .arg = {0x7f10, 0, 101, 0}},
      {.tid = 101, .state = 'S', .syscall = SYS_FUTEX, .arg = {0x5100, 0, 2, 0}},
  };
  struct hang_watch w = {.pid = 100, .threads = threads, .nthreads = 2};
  struct ledger l;
  parsed(text, &l);
  w.ledger = &l;
  CHECK(hang_watch_explained(&w));
  threads[1].arg[0] = 0x5200; /* asleep on another futex than the one it announced */
  CHECK(!hang_watch_explained(&w));
  threads[1].arg[0] = 0x5100;
  long owners[] = {0, 102};
  struct hang_report r = {.why = CHILD_HUNG,
                          .pid = 100,
                          .threads = threads,
                          .nthreads = 2,
                          .mutex_owners = owners,
                          .from_ledger = 1};
  struct report out = {0};
  hang_report_to_report(&r, &l, &s, &out);
  char *rendered = render_report(&out, 1);
  CHECK_STR(rendered, "deadlock: all 2 threads are asleep\n"
                      "  main thread blocked in pthread_join in main at f.c:38; waits for thread "
                      "created at f.c:37\n"
                      "  thread created at f.c:37 blocked in pthread_mutex_lock(&balance_mu) in "
                      "withdraw at f.c:12; owner: thread created at f.c:35, locked it in withdraw "
                      "at f.c:12, exited in withdraw_20 at f.c:23 without unlocking it");
  free(rendered);
  report_free(&out);
  ledger_free(&l);
  symbols_free(&s);
}

static void test_patterns(void) {
  CHECK(line_matches("stdout: counter = {{n}}", "stdout: counter = 998"));
  CHECK(line_matches("stdout: counter = {{n}}", "stdout: counter = -4"));
  CHECK(!line_matches("stdout: counter = {{n}}", "stdout: counter = "));
  CHECK(!line_matches("stdout: counter = {{n}}", "stdout: counter = 99x"));
  CHECK(line_matches("{{n}} of {{n}}", "3 of 4"));
  CHECK(!line_matches("exit 0", "exit 66"));
  CHECK(line_matches("  {{write|read}} 4 in f", "  write 4 in f"));
  CHECK(line_matches("  {{write|read}} 4 in f", "  read 4 in f"));
  CHECK(!line_matches("  {{write|read}} 4 in f", "  atomic write 4 in f"));
  CHECK(line_matches("{{a|ab}}c", "abc"));
  CHECK(line_matches("{{x|y}} = {{n}}", "y = 7"));
  CHECK(line_matches("took {{n}}0 ms", "took 100 ms"));
  CHECK(line_matches("{{n}}{{n}}", "42"));
  CHECK(!line_matches("{{n}}{{n}}", "4"));
}

static struct expected load_text(const char *text, char **error) {
  char path[] = "build/unit-expected-XXXXXX";
  int fd = mkstemp(path);
  struct expected e = {0};
  *error = NULL;
  if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
    *error = xstrdup("cannot write a temporary file");
  } else if (expect_load(path, &e, error) != 0) {
    e = (struct expected){0};
  }
  if (fd >= 0)
    close(fd);
  unlink(path);
  return e;
}

/* Three compilers' runs merged into one expected file: a differing word becomes a choice,
 * spaces are kept, and anything more than words differing is refused. */
static void test_merging_compilers(void) {
  struct strlist a = {0}, b = {0}, c = {0}, out = {0};
  const char *clang[] = {"exit 66", "  write 4 in increment at x.c:17", "stdout: {{n}}"};
  const char *gcc[] = {"exit 66", "  read 4 in increment at x.c:17", "stdout: {{n}}"};
  for (size_t i = 0; i < 3; i++) {
    strlist_push(&a, xstrdup(clang[i]));
    strlist_push(&b, xstrdup(clang[i]));
    strlist_push(&c, xstrdup(gcc[i]));
  }
  struct strlist *three[] = {&a, &b, &c};
  CHECK(expect_merge(three, 3, &out) == 1 && out.len == 3);
  if (out.len == 3) {
    CHECK_STR(out.items[1], "  {{write|read}} 4 in increment at x.c:17");
    CHECK_STR(out.items[2], "stdout: {{n}}");
  }
  strlist_free(&out);
  free(c.items[1]);
  c.items[1] = xstrdup("  read 4 in increment at x.c:17 (again)");
  CHECK(expect_merge(three, 3, &out) == 0);
  strlist_free(&out);
  free(c.items[1]);
  c.items[1] = xstrdup("  {{n}} 4 in increment at x.c:17");
  CHECK(expect_merge(three, 3, &out) == 0);
  strlist_free(&out);
  strlist_push(&c, xstrdup("one line more"));
  CHECK(expect_merge(three, 3, &out) == 0);
  strlist_free(&out), strlist_free(&a), strlist_free(&b), strlist_free(&c);
}

static void test_expected_files(void) {
  char *error;
  struct expected e = load_text("# comment\r\nexit 0\r\nstdout: 80", &error);
  CHECK(error == NULL && e.lines.len == 2);
  CHECK(e.lines.len == 2 && strcmp(e.lines.items[1], "stdout: 80") == 0);
  CHECK_STR(buf_str(&e.header), "# comment\n");
  expect_free(&e);

  e = load_text("exit 66\n  write 4 in f at x.c:3\n", &error);
  CHECK(error && strstr(error, "line 2: an indented line must follow"));
  free(error);
  e = load_text("exit 66\nstdout: {{x}}\n", &error);
  CHECK(error && strstr(error, "line 2: unknown pattern"));
  free(error);
  e = load_text("exit 66\nstdout: {{a||b}}\n", &error);
  CHECK(error && strstr(error, "line 2: unknown pattern"));
  free(error);
  e = load_text("exit 66\nstdout: {{a|b}} {{n}}\n", &error);
  CHECK(error == NULL && e.lines.len == 2);
  expect_free(&e);
  e = load_text("# nothing else\n", &error);
  CHECK(error && strstr(error, "holds no expectation"));
  free(error);
}

/* A fresh clone has no build/out yet; the demo's first diff must not depend on a check
 * having made it. print_diff makes its own folder. */
static void test_a_diff_makes_its_own_folder(void) {
  char *dir = xasprintf("build/unit-diff-%ld/deeper", (long)getpid());
  struct strlist a = {0}, b = {0};
  strlist_push(&a, xstrdup("same"));
  strlist_push(&b, xstrdup("same"));
  CHECK(access(dir, F_OK) != 0);
  CHECK(print_diff(stdout, dir, "probe", "a", &a, "b", &b) == 0);
  CHECK(access(dir, F_OK) == 0);
  char *files[] = {xasprintf("%s/probe.expected", dir), xasprintf("%s/probe.actual", dir), dir,
                   xasprintf("build/unit-diff-%ld", (long)getpid())};
  for (size_t i = 0; i < 4; i++)
    CHECK(remove(files[i]) == 0);
  free(files[0]), free(files[1]), free(files[2]), free(files[3]);
  strlist_free(&a), strlist_free(&b);
}

/* A TSan report of a data race between two writes, each with the frames given. */
static char *race_log(const char *location, const char *first_frames, const char *second_frames) {
  return xasprintf("==================\n"
                   "WARNING: ThreadSanitizer: data race (pid=9)\n"
                   "  Write of size 8 at 0x7b0400000010 by thread T2:\n%s\n"
                   "  Previous write of size 8 at 0x7b0400000010 by thread T1:\n%s\n"
                   "  %s\n"
                   "==================\n",
                   first_frames, second_frames, location);
}

static void check_normalizes(const char *log, const char *want) {
  char *got = normalized(log, strlen(log));
  if (!CHECK_STR(got, want))
    printf("from:\n%s\n", log);
  free(got);
}

/* A project in a folder named tsan/ is the program; the runtime is known by its own names. */
static void test_runtime_frames_by_name_not_folder(void) {
  char *log = race_log("Location is global 'head' of size 8 at 0x55 (list+0x1)",
                       "    #0 push /home/u/tsan/list.c:12:3 (list+0x10)",
                       "    #0 memcpy /b/compiler-rt/lib/sanitizer_common/"
                       "sanitizer_common_interceptors.inc:800 (list+0x5)\n"
                       "    #1 push /home/u/tsan/list.c:12:3 (list+0x10)");
  check_normalizes(log, "data race on global 'head' of size 8\n"
                        "  write 8 in push at list.c:12\n"
                        "  write 8 by memcpy in push at list.c:12\n");
  free(log);
  struct frame f;
  tsan_parse_frame("pthread_mutex_lock /b/sanitizer_common/sanitizer_common_interceptors.inc:4 "
                   "(x+0x1)",
                   &f);
  CHECK(!is_program_frame(&f));
  frame_free(&f);
}

/* ---- names: what a finding keeps of the detector's words (issue 24) ---- */

/* The findings of a log, each report rendered with every caller. */
static char *fully_rendered_text(const char *log) {
  struct run_capture capture = {
      .detector = TOOL_TSAN, .end = CHILD_NOT_STARTED, .err = log, .err_len = strlen(log)};
  struct run_findings found = {0};
  run_findings_make(&capture, &found);
  struct buf all = {0};
  for (size_t i = 0; i < found.findings.len; i++) {
    char *text = render_report(&found.findings.items[i].report, SIZE_MAX);
    buf_printf(&all, "%s\n", text);
    free(text);
  }
  run_findings_free(&found);
  return all.data ? all.data : xstrdup("");
}

static char *fully_rendered(const char *path) {
  char *log = slurp(path);
  char *all = fully_rendered_text(log);
  free(log);
  return all;
}

/* The callers beyond a library's frame are kept: main, which called fork, after libc's
 * __run_prefork_handlers; main, which raised the signal, after TSan's handler trampoline
 * (a frame in tsan_interceptors_posix.cpp.o, itself dropped). */
static void test_callers_after_a_library_frame(void) {
  for (size_t c = 0; c < sizeof COMPILERS / sizeof COMPILERS[0]; c++) {
    char *path = xasprintf("%s/%s/prefork_handler.log", FIXTURES, COMPILERS[c]);
    char *got = fully_rendered(path);
    if (!CHECK(strstr(got, "  write 8 in count_fork at prefork_handler.c:16, called from main at "
                           "prefork_handler.c:31 (main thread)\n") != NULL))
      printf("%s:\n%s", path, got);
    free(path), free(got);
    path = xasprintf("%s/%s/signal_unsafe.log", FIXTURES, COMPILERS[c]);
    got = fully_rendered(path);
    if (!CHECK(strstr(got, "  malloc in on_signal at signal_unsafe.c:13, called from main at "
                           "signal_unsafe.c:23\n") != NULL))
      printf("%s:\n%s", path, got);
    CHECK(strstr(got, "tsan_interceptors") == NULL && strstr(got, "CallUserSignalHandler") == NULL);
    free(path), free(got);
  }
}

/* A runtime frame named by its object file, its name not demangled, is the runtime's; a frame
 * of code in no module is "unknown code at ADDRESS", not "<null> <null>". */
static void test_runtime_and_unknown_frames(void) {
  struct frame f;
  tsan_parse_frame("_ZN6__tsan21CallUserSignalHandlerEPNS_11ThreadStateEbbiPN11__sanitizer"
                   "18__sanitizer_siginfoEPv tsan_interceptors_posix.cpp.o (prog+0x57c81)",
                   &f);
  CHECK_STR(f.file, "tsan_interceptors_posix.cpp.o");
  CHECK(f.line == 0 && !is_program_frame(&f));
  frame_free(&f);
  tsan_parse_frame("<null> <null> (0x000000000042)", &f);
  CHECK(!f.func && !f.file && !f.module && f.address == 0x42);
  struct buf b = {0};
  render_frame(&b, &f);
  CHECK_STR(buf_str(&b), " in unknown code at 0x42");
  buf_free(&b);
  frame_free(&f);
  char *log = xasprintf("==1==ERROR: ThreadSanitizer: SEGV on unknown address 0x000000000042 (pc "
                        "0x000000000042 bp 0x1 sp 0x7ffe98c1e198 T1)\n"
                        "    #0 <null> <null> (0x000000000042)\n"
                        "    #1 main /tmp/x/jump.c:9:3 (jump+0xd0112)\n"
                        "==1==ABORTING\n");
  check_normalizes(log, "SEGV on unknown address\n  crashed in unknown code at 0x42\n");
  char *full = fully_rendered_text(log);
  CHECK(strstr(full, "crashed in unknown code at 0x42, called from main at jump.c:9") != NULL);
  free(full), free(log);
  for (size_t c = 0; c < sizeof COMPILERS / sizeof COMPILERS[0]; c++) {
    char *path = xasprintf("%s/%s/unknown_code.log", FIXTURES, COMPILERS[c]);
    char *got = fully_rendered(path);
    if (!CHECK(strstr(got, "  crashed in unknown code at 0x10000004, called from main at "
                           "unknown_code.c:22\n") != NULL))
      printf("%s:\n%s", path, got);
    free(path), free(got);
  }
}

/* TSan's "As if synchronized via sleep" (a sleep in place of a join), under both runtimes:
 * kept on the finding, and put in plain words beside it. */
static void test_sleep_jargon_explained(void) {
  for (size_t c = 0; c < sizeof COMPILERS / sizeof COMPILERS[0]; c++) {
    char *path = xasprintf("%s/%s/sleep_sync.log", FIXTURES, COMPILERS[c]);
    char *log = slurp(path);
    struct run_capture capture = {.detector = TOOL_TSAN,
                                  .end = CHILD_EXITED,
                                  .status = DETECTOR_EXIT_STATUS,
                                  .err = log,
                                  .err_len = strlen(log)};
    struct run_findings found = {0};
    run_findings_make(&capture, &found);
    struct strlist words = {0};
    explain_jargon(&found, &words);
    int sleep_words = 0;
    for (size_t i = 0; i < words.len; i++)
      sleep_words |= starts_with(words.items[i], "As if synchronized via sleep: a sleep came");
    CHECK(found.findings.len == 1 && sleep_words);
    strlist_free(&words);
    run_findings_free(&found);
    free(log), free(path);
  }
}

/* TSan's thread names, the two threads made at one line, and a read lock: each as the
 * detector saw it, under both runtimes (the fixtures' expected files hold the lines). */
static void test_thread_names_and_read_locks(void) {
  for (size_t c = 0; c < sizeof COMPILERS / sizeof COMPILERS[0]; c++) {
    char *path = xasprintf("%s/%s/thread_name.log", FIXTURES, COMPILERS[c]);
    char *got = fully_rendered(path);
    CHECK(strstr(got, "(thread 'producer' created at thread_name.c:30)") != NULL);
    CHECK(strstr(got, "(thread 'consumer' created at thread_name.c:31)") != NULL);
    free(path), free(got);
    path = xasprintf("%s/%s/rwlock_read_held.log", FIXTURES, COMPILERS[c]);
    got = fully_rendered(path);
    CHECK(strstr(got, "(thread #1 created at rwlock_read_held.c:30) holding a read lock on") !=
          NULL);
    CHECK(strstr(got, "(thread #2 created at rwlock_read_held.c:30) holding a read lock on") !=
          NULL);
    CHECK(strstr(got, "holding the mutex") == NULL && strstr(got, "mutex A") == NULL);
    free(path), free(got);
    path = xasprintf("%s/%s/lock_order_inversion.log", FIXTURES, COMPILERS[c]);
    got = fully_rendered(path);
    CHECK(
        strstr(got, "lock_order_inversion.c:14 (thread created at lock_order_inversion.c:31)\n") !=
        NULL);
    CHECK(
        strstr(got, "lock_order_inversion.c:23 (thread created at lock_order_inversion.c:33)\n") !=
        NULL);
    free(path), free(got);
  }
}

/* Two races that differ only in who called the racing function stay two findings, each
 * with as many callers as it takes to tell them apart. */
static void test_different_callers_never_merge(void) {
  char *a =
      race_log("Location is global 'head' of size 8 at 0x55 (list+0x1)",
               "    #0 push list.c:12:3 (list+0x10)\n    #1 producer list.c:30:5 (list+0x20)",
               "    #0 push list.c:12:3 (list+0x10)\n    #1 producer list.c:30:5 (list+0x20)");
  char *b =
      race_log("Location is global 'head' of size 8 at 0x55 (list+0x1)",
               "    #0 push list.c:12:3 (list+0x10)\n    #1 consumer list.c:40:5 (list+0x30)",
               "    #0 push list.c:12:3 (list+0x10)\n    #1 consumer list.c:40:5 (list+0x30)");
  char *both = xasprintf("%s%s%s", a, b, a);
  check_normalizes(both, "data race on global 'head' of size 8\n"
                         "  write 8 in push at list.c:12, called from consumer at list.c:40\n"
                         "  write 8 in push at list.c:12, called from consumer at list.c:40\n"
                         "data race on global 'head' of size 8\n"
                         "  write 8 in push at list.c:12, called from producer at list.c:30\n"
                         "  write 8 in push at list.c:12, called from producer at list.c:30\n");
  free(a), free(b), free(both);
}

/* Each location and stack is said as what it is. */
static void test_locations_and_stacks_as_they_are(void) {
  char *tls = race_log("Location is TLS of main thread.", "    #0 f t.c:3:1 (t+0x1)",
                       "    #0 g t.c:4:1 (t+0x2)");
  check_normalizes(tls, "data race on TLS of main thread\n"
                        "  write 8 in f at t.c:3\n"
                        "  write 8 in g at t.c:4\n");
  char *fd = race_log("Location is file descriptor 3 created by main thread at:\n"
                      "    #0 pipe <null> (t+0x9)\n    #1 main t.c:9:3 (t+0x3)",
                      "    #0 f t.c:3:1 (t+0x1)", "    #0 g t.c:4:1 (t+0x2)");
  check_normalizes(fd, "data race on file descriptor 3\n"
                       "  write 8 in f at t.c:3\n"
                       "  write 8 in g at t.c:4\n"
                       "  created in main at t.c:9\n");
  char *bare = race_log("Location is global 'x' of size 8 at 0x55 (t+0x1)",
                        "    #0 <null> <null> (t+0x11)", "    #0 <null> <null> (t+0x12)");
  check_normalizes(bare, "data race on global 'x' of size 8\n"
                         "  write 8 in code without symbols (build it with -g)\n"
                         "  write 8 in code without symbols (build it with -g)\n");
  const char *check_failed =
      "ThreadSanitizer: CHECK failed: tsan_rtl.cpp:9 \"((x)) != (0)\" (0x0, 0x0) (tid=4)\n";
  check_normalizes(check_failed, "the detector failed\n"
                                 "  ThreadSanitizer: CHECK failed: tsan_rtl.cpp:9 \"((x)) != (0)\" "
                                 "(0x0, 0x0) (tid=4)\n");
  free(tls), free(fd), free(bare);
}

/* Inputs the fuzzer once found a fault with (tests/fuzz/regressions/), through both parsers:
 * the ASan+UBSan build this runs in fails on a leak or a bad access. */
static void test_fuzz_regressions(void) {
  DIR *dir = opendir("tests/fuzz/regressions");
  CHECK(dir != NULL);
  size_t seen = 0;
  for (struct dirent *e; dir && (e = readdir(dir));) {
    if (e->d_name[0] == '.')
      continue;
    char *path = xasprintf("tests/fuzz/regressions/%s", e->d_name);
    char *text = slurp(path);
    free(normalized_by(TOOL_TSAN, text, strlen(text), NULL));
    free(normalized_by(TOOL_VALGRIND, text, strlen(text), NULL));
    free(normalized_by(TOOL_VALGRIND, text, strlen(text), "/tmp"));
    free(normalized_by(TOOL_CLANG, text, strlen(text), NULL));
    free(text), free(path);
    seen++;
  }
  if (dir)
    closedir(dir);
  CHECK(seen > 0);
}

/* Braces a program printed are written {{{{}} by bless, and mean just those braces. */
static void test_printed_braces_stay_literal(void) {
  char *line = expect_literal("stdout: template {{name}} costs {{n}}");
  CHECK_STR(line, "stdout: template {{{{}}name}} costs {{{{}}n}}");
  CHECK(line_matches(line, "stdout: template {{name}} costs {{n}}"));
  CHECK(!line_matches(line, "stdout: template {{name}} costs 12"));
  struct expected e = {0};
  char *error = NULL;
  char *file = xasprintf("%s\n", line);
  CHECK(expect_parse(file, strlen(file), &e, &error) == 0);
  expect_free(&e);
  free(file), free(line), free(error);
}

/* A learner is told what every kind of finding means; a new kind without words fails here. */
static void test_every_kind_is_explained(void) {
  for (int kind = 0; kind < REPORT_KINDS; kind++) {
    const struct explanation *e = explain((enum report_kind)kind);
    if (!CHECK(e && e->means && *e->means && e->fix && *e->fix))
      printf("report kind %d has no explanation in src/present/explain.c\n", kind);
    const char *shown = kind_shown((enum report_kind)kind);
    if (!CHECK(shown && *shown))
      printf("report kind %d has no short name in src/present/explain.c\n", kind);
  }
}

int main(void) {
  test_every_fixture_normalizes_as_expected();
  test_unstable_parts_do_not_matter();
  test_which_access_is_previous_does_not_matter();
  test_valgrind_logs();
  test_clang_diagnostics();
  test_cells_of_runs();
  test_cells_of_analyses();
  test_cell_round_trips();
  test_lessons();
  test_duplicate_reports_count_once();
  test_a_cut_off_report_is_said();
  test_frames();
  test_mutex_names_do_not_depend_on_numbering();
  test_deadlock_diagnosis();
  test_ledger_records();
  test_ledger_signals();
  test_gate_locks();
  test_leak_records();
  test_ledger_hostile();
  test_tally_guards();
  test_ledger_findings();
  test_story_values();
  test_deadlock_from_ledger();
  test_patterns();
  test_expected_files();
  test_merging_compilers();
  test_a_diff_makes_its_own_folder();
  test_runtime_frames_by_name_not_folder();
  test_callers_after_a_library_frame();
  test_runtime_and_unknown_frames();
  test_thread_names_and_read_locks();
  test_sleep_jargon_explained();
  test_different_callers_never_merge();
  test_locations_and_stacks_as_they_are();
  test_fuzz_regressions();
  test_printed_braces_stay_literal();
  test_every_kind_is_explained();
  return test_summary("unit");
}
