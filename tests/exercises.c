/* Exercises: for every exercise of exercises-data/, the lesson's broken program fails, its
 * fixed twin passes, and each known fix of tests/exercises/LESSON/ gets the verdict and
 * reason its first line expects ("expect: FAIL own_mutexes"), at least three of them wrong.
 * exercise copies and never overwrites, hint says one more each time, and grade gives the
 * right table for twenty submissions, one of them endless and one a fork bomb. */
#include "case_info.h"
#include "exercise.h"
#include "runlib.h"

#include <cjson/cJSON.h>
#include <dirent.h>

static const char RACECHECK[] = "build/asan/racecheck";
static char *tmp;

/* "PASS\tpass" or "FAIL\town_mutexes": try's verdict on one source, read from its JSON as
 * grade reads it; 10 schedules explored, enough for every known fix that only an explored
 * schedule breaks (channel_racy's check_outside_lock, in the 8th). In a sandbox if `sandbox`
 * is "--sandbox" (else ""). */
static char *try_verdict_in(const char *sandbox, const char *lesson, const char *source) {
  char *argv[] = {
      (char *)RACECHECK, "try",          "--repeat",     "2",  "--budget", "10", "--format", "json",
      "--source",        (char *)source, (char *)lesson, NULL, NULL};
  if (*sandbox)
    argv[11] = (char *)sandbox;
  struct result r = run(argv);
  cJSON *doc = cJSON_Parse(r.out);
  const char *verdict = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "verdict"));
  const char *reason = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "reason"));
  char *got = xasprintf("%s\t%s", verdict ? verdict : "", reason ? reason : "");
  if (!verdict)
    printf("try %s %s said no verdict; stdout:\n%s\nstderr:\n%s\n", lesson, source, r.out, r.err);
  cJSON_Delete(doc);
  result_free(&r);
  return got;
}

static char *try_verdict(const char *lesson, const char *source) {
  return try_verdict_in("", lesson, source);
}

/* The first line's "expect: VERDICT REASON", as "VERDICT\tREASON". */
static char *expected_verdict(const char *path) {
  char *text = slurp(path);
  const char *at = starts_with(text, "/* expect: ") ? text + strlen("/* expect: ") : "";
  char *want = xstrndup(at, strcspn(at, "\n"));
  char *space = strchr(want, ' ');
  if (space)
    *space = '\t';
  free(text);
  return want;
}

static void test_known_fixes(const struct exercise *e) {
  char *folder = xasprintf("tests/exercises/%s", e->name);
  struct strlist names = {0};
  CHECK(list_cases(folder, &names) == 0);
  int wrong = 0;
  for (size_t i = 0; i < names.len; i++) {
    char *path = xasprintf("%s/%s.c", folder, names.items[i]);
    char *want = expected_verdict(path), *got = try_verdict(e->name, path);
    if (!CHECK_STR(got, want))
      printf("  (%s)\n", path);
    wrong += starts_with(want, "FAIL\t");
    free(path), free(want), free(got);
  }
  if (!CHECK(wrong >= 3))
    printf("  %s has %d known-wrong fixes, not 3\n", e->name, wrong);
  strlist_free(&names);
  free(folder);
}

/* A fix the lesson's schedule cannot break, and an explored one does: the verdict names the
 * shortest schedule, and how many were explored; in a sandbox too (`sandbox` "--sandbox",
 * else ""), where each explored schedule runs inside it. */
static void test_explored_failure_names_its_schedule(const char *sandbox) {
  char *argv[] = {
      (char *)RACECHECK, "try", "--repeat", "1",
      "--budget",        "10",  "--source", "tests/exercises/channel_racy/check_outside_lock.c",
      "channel_racy",    NULL,  NULL};
  if (*sandbox)
    argv[9] = (char *)sandbox;
  struct result r = run(argv);
  CHECK(r.code == 1);
  CHECK(says(r.out, "  clean under the lesson's schedule; it failed under an explored one\n"));
  CHECK(says(r.out, "  explored: the first 10 schedules with at most 2 preemptions"));
  CHECK(says(r.out, "    racecheck step --schedule 'picks: "));
  CHECK(says(r.out, "' tests/exercises/channel_racy/check_outside_lock.c\n"));
  result_free(&r);
  char *twin[] = {(char *)RACECHECK, "try", "--repeat", "1",
                  "--budget",        "5",   "--source", "cases/channel_fixed.c",
                  "channel_racy",    NULL,  NULL};
  if (*sandbox)
    twin[9] = (char *)sandbox;
  r = run(twin);
  CHECK(r.code == 0);
  CHECK(says(r.out, "  1 run under the lesson's schedule, 5 explored schedules, 1 unforced: "
                    "none failed\n  explored: the first 5 schedules with at most 2 preemptions"));
  result_free(&r);
}

/* try's "why" for the forgotten-unlock lesson, from its JSON. */
static char *why_of(const char *source) {
  char *argv[] = {(char *)RACECHECK,
                  "try",
                  "--repeat",
                  "1",
                  "--budget",
                  "2",
                  "--format",
                  "json",
                  "--source",
                  (char *)source,
                  "forgotten_unlock_buggy",
                  NULL};
  struct result r = run(argv);
  cJSON *doc = cJSON_Parse(r.out);
  const char *why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "why"));
  char *got = xstrdup(why ? why : "");
  cJSON_Delete(doc);
  result_free(&r);
  return got;
}

/* A thread that ended holding the lock is told the return that kept it, as vet finds it at
 * the line where the run saw the lock taken; two such returns are both named, and the run
 * said not to show which; a way out no run took fails with its line, its reason wrapped at
 * 80 columns. */
static void test_ways_out_named(void) {
  char *why = why_of("cases/forgotten_unlock_buggy.c");
  CHECK(says(why, "; the way out of withdraw that keeps it: forgotten_unlock_buggy.c:16: this "
                  "return leaves withdraw holding &balance_mu, locked on line 14"));
  free(why);
  why = why_of("tests/exercises/forgotten_unlock_buggy/two_ways_keep.c");
  CHECK(says(why, "; 2 ways out of withdraw keep it, and the run does not show which one it "
                  "took: two_ways_keep.c:13: this return leaves withdraw holding &balance_mu, "
                  "locked on line 11; two_ways_keep.c:15: "));
  free(why);
  char *argv[] = {(char *)RACECHECK,
                  "try",
                  "--repeat",
                  "1",
                  "--budget",
                  "2",
                  "--source",
                  "tests/exercises/forgotten_unlock_buggy/untaken_guard.c",
                  "forgotten_unlock_buggy",
                  NULL};
  struct result r = run(argv);
  CHECK(r.code == 1);
  CHECK(says(r.out, "  why: every run passed, but a way out no run took keeps the lock:\n"
                    "       untaken_guard.c:14: this return leaves withdraw holding &balance_mu,\n"
                    "       locked on line 12\n"));
  result_free(&r);
}

static void test_every_exercise(void) {
  struct options o;
  options_init(&o);
  struct exercise *all;
  size_t n;
  char *error = NULL;
  if (!CHECK(exercise_list(&o, &all, &n, &error) == 0)) {
    printf("  %s\n", error);
    return;
  }
  CHECK(n >= 12);
  for (size_t i = 0; i < n; i++) {
    char *original = xasprintf("cases/%s.c", all[i].name);
    char *twin = xasprintf("cases/%s.c", all[i].twin);
    char *got = try_verdict(all[i].name, original);
    if (!CHECK(starts_with(got, "FAIL\t") && !strstr(got, "does_not_build")))
      printf("  the original %s: %s\n", original, got);
    free(got);
    got = try_verdict(all[i].name, twin);
    if (!CHECK_STR(got, "PASS\tpass"))
      printf("  the twin %s\n", twin);
    free(got);
    test_known_fixes(&all[i]);
    free(original), free(twin);
  }
  exercises_free(all, n);
}

static void test_copy_is_never_overwritten(void) {
  char *dir = xasprintf("%s/learner", tmp);
  char *argv[] = {(char *)RACECHECK, "exercise", "--exercises", dir, "2", NULL};
  struct result r = run(argv);
  CHECK(r.code == 0 && says(r.out, "Lesson 2, counter_racy.") && says(r.out, "Task: "));
  CHECK(says(r.out, "build/racecheck try counter_racy"));
  result_free(&r);
  char *copy = xasprintf("%s/counter_racy/counter_racy.c", dir);
  /* a textbook program: nothing of racecheck's comes with the copy */
  char *header = xasprintf("%s/counter_racy/thread_safety.h", dir);
  CHECK(access(header, F_OK) != 0);
  CHECK(write_file(copy, "my own work\n", 12));
  argv[4] = "counter_racy";
  r = run(argv);
  char *kept = slurp(copy);
  CHECK(r.code == 0 && says(r.out, "already there") && strcmp(kept, "my own work\n") == 0);
  result_free(&r);
  argv[4] = "99";
  r = run(argv);
  CHECK(r.code == 2 && says(r.err, "99 is no exercise") && says(r.err, " 2  counter_racy"));
  result_free(&r);
  argv[4] = "dry_run"; /* a lesson whose bug is not in code */
  r = run(argv);
  CHECK(r.code == 2 && says(r.err, "dry_run is no exercise"));
  result_free(&r);
  free(dir), free(copy), free(header), free(kept);
}

static void test_one_more_hint_each_time(void) {
  char *dir = xasprintf("%s/learner", tmp);
  char *argv[] = {(char *)RACECHECK, "hint", "--exercises", dir, "counter_racy", NULL};
  struct result r = run(argv);
  CHECK(r.code == 0 && says(r.out, "Hint 1 of 4: ") && !strstr(r.out, "Hint 2"));
  result_free(&r);
  r = run(argv);
  CHECK(r.code == 0 && says(r.out, "Hint 2 of 4: ") && !strstr(r.out, "Hint 3"));
  result_free(&r);
  for (int i = 0; i < 3; i++) {
    r = run(argv);
    if (i < 2)
      result_free(&r);
  }
  CHECK(says(r.out, "Hint 4 of 4: ") && says(r.out, "That was the last hint"));
  result_free(&r);
  argv[4] = "bank_racy"; /* no copy yet */
  r = run(argv);
  CHECK(r.code == 2 && says(r.err, "no copy of bank_racy yet"));
  result_free(&r);
  free(dir);
}

/* --- grade ----------------------------------------------------------------------------- */

struct submission {
  const char *lesson;
  const char *from; /* a known fix, or a case; NULL: `text` */
  const char *text;
  const char *verdict; /* "FAIL\treason" as the CSV has it; NULL: the file's expect line */
};

static const char ENDLESS[] = "int main(void) {\n  for (volatile int i = 0;; i++)\n    ;\n}\n";
static const char FORK_BOMB[] = "#include <unistd.h>\nint main(void) {\n  for (;;)\n"
                                "    fork();\n}\n";

static const struct submission SUBMISSIONS[20] = {
    {"counter_racy", "cases/counter_mutex.c", NULL, "PASS\tpass"},
    {"counter_racy", "tests/exercises/counter_racy/local_mutex.c", NULL, NULL},
    {"counter_racy", "tests/exercises/counter_racy/hardcoded.c", NULL, NULL},
    {"counter_racy", "cases/counter_racy.c", NULL, "FAIL\trace"},
    {"bank_racy", "cases/bank_mutex.c", NULL, "PASS\tpass"},
    {"bank_racy", "tests/exercises/bank_racy/wrong_line.c", NULL, NULL},
    {"bank_racy", "tests/exercises/bank_racy/sleep.c", NULL, NULL},
    {"copied_mutex_racy", "cases/copied_mutex_fixed.c", NULL, "PASS\tpass"},
    {"copied_mutex_racy", "tests/exercises/copied_mutex_racy/joins.c", NULL, NULL},
    {"forgotten_unlock_buggy", "cases/forgotten_unlock_fixed.c", NULL, "PASS\tpass"},
    {"forgotten_unlock_buggy", "cases/forgotten_unlock_buggy.c", NULL, "FAIL\tforgot_unlock"},
    {"double_lock_buggy", "tests/exercises/double_lock_buggy/no_unlock.c", NULL, NULL},
    {"double_lock_buggy", "cases/double_lock_fixed.c", NULL, "PASS\tpass"},
    {"lock_order_deadlock", "tests/exercises/lock_order_deadlock/same_order_wrong.c", NULL, NULL},
    {"lock_order_potential", "cases/lock_order_fixed.c", NULL, "PASS\tpass"},
    {"waitgroup_buggy", "tests/exercises/waitgroup_buggy/no_threads.c", NULL, NULL},
    {"channel_racy", "cases/channel_fixed.c", NULL, "PASS\tpass"},
    {"channel_racy", "tests/exercises/channel_racy/sleep.c", NULL, NULL},
    {"counter_racy", NULL, ENDLESS, "FAIL\ttimeout"},
    {"bank_racy", NULL, FORK_BOMB, "FAIL\tfork_bomb"},
};

/* student sNN's folder holds LESSON.c; returns "sNN","LESSON","VERDICT","REASON", as CSV. */
static char *make_submission(const char *dir, size_t i) {
  const struct submission *s = &SUBMISSIONS[i];
  char *student = xasprintf("%s/s%02zu", dir, i + 1);
  char *path = xasprintf("%s/%s.c", student, s->lesson);
  char *text = s->from ? slurp(s->from) : xstrdup(s->text);
  if (!make_dirs(student) || !write_file(path, text, strlen(text)))
    exit(1);
  char *verdict = s->verdict ? xstrdup(s->verdict) : expected_verdict(s->from);
  char *tab = strchr(verdict, '\t');
  *tab = '\0';
  char *row = xasprintf("\"s%02zu\",\"%s\",\"%s\",\"%s\",", i + 1, s->lesson, verdict, tab + 1);
  free(student), free(path), free(text), free(verdict);
  return row;
}

static void test_grade_twenty(void) {
  char *dir = xasprintf("%s/submissions", tmp), *out = xasprintf("%s/grades", tmp);
  struct strlist rows = {0};
  for (size_t i = 0; i < 20; i++)
    strlist_push(&rows, make_submission(dir, i));
  char *argv[] = {(char *)RACECHECK, "grade", "--timeout", "4", "--repeat", "2",
                  "--budget",        "5",     "--out",     out, dir,        NULL};
  struct child c = {.argv = argv, .envp = environ, .timeout_s = 1200, .keep_bytes = 1 << 20};
  CHECK(child_run(&c) == 0 && c.end == CHILD_EXITED && c.status == 1);
  char *csv_path = xasprintf("%s.csv", out), *json_path = xasprintf("%s.json", out);
  char *csv = slurp(csv_path), *json = slurp(json_path);
  CHECK(starts_with(csv, "student,lesson,verdict,reason,why\n"));
  const char *at = strchr(csv, '\n');
  for (size_t i = 0; i < rows.len && at; i++) {
    at++;
    if (!CHECK(starts_with(at, rows.items[i])))
      printf("  row %zu: want %s, got %.*s\n", i + 1, rows.items[i], (int)strcspn(at, "\n"), at);
    at = strchr(at, '\n');
  }
  CHECK(at && at[1] == '\0'); /* twenty rows, no more */
  CHECK(says(json, "\"passed\":7") && says(json, "\"failed\":13"));
  free(csv), free(json), free(csv_path), free(json_path);
  child_free(&c);
  strlist_free(&rows);
  free(dir), free(out);
}

/* A fix in a header the source includes is a new program: the cache is keyed by every
 * header the compiler read (its depfile), not only by the .c file; in a sandbox too, whose
 * builds are kept for the next sandbox (build/sandbox-cache), and going back to the racy
 * header finds its racy program again. */
static void test_a_header_change_builds_again(const char *sandbox) {
  char *dir = xasprintf("%s/header", tmp), *source = xasprintf("%s/counter_racy.c", dir);
  char *header = xasprintf("%s/bump.h", dir), *text = slurp("cases/counter_mutex.c");
  const char *locked = "  pthread_mutex_lock(&counter_mu); /* FIX: take the key */\n"
                       "  counter++;\n"
                       "  pthread_mutex_unlock(&counter_mu); /* FIX: give it back */\n";
  char *at = strstr(text, locked);
  CHECK(at != NULL && make_dirs(dir));
  if (!at)
    return;
  char *with_header = xasprintf("#include \"bump.h\"\n%.*s  BUMP(counter, counter_mu);\n%s",
                                (int)(at - text), text, at + strlen(locked));
  CHECK(write_file(source, with_header, strlen(with_header)));
  const char *racy = "#define BUMP(c, m) c++\n";
  const char *fixed = "#define BUMP(c, m) do { pthread_mutex_lock(&m); c++; "
                      "pthread_mutex_unlock(&m); } while (0)\n";
  const char *headers[] = {racy, fixed, racy, fixed};
  const char *verdicts[] = {"FAIL\trace", "PASS\tpass", "FAIL\trace", "PASS\tpass"};
  for (size_t i = 0; i < 4; i++) {
    CHECK(write_file(header, headers[i], strlen(headers[i])));
    char *got = try_verdict_in(sandbox, "counter_racy", source);
    if (!CHECK_STR(got, verdicts[i]))
      printf("  (try %s, header %zu)\n", sandbox, i + 1);
    free(got);
  }
  free(dir), free(source), free(header), free(text), free(with_header);
}

int main(void) {
  tmp = test_folder_make("exercises-test");
  test_a_header_change_builds_again("");
  char *why = NULL;
  int sandboxes = sandbox_usable("build", &why);
  if (sandboxes)
    test_a_header_change_builds_again("--sandbox");
  free(why);
  test_copy_is_never_overwritten();
  test_one_more_hint_each_time();
  test_grade_twenty();
  test_ways_out_named();
  test_explored_failure_names_its_schedule("");
  if (sandboxes)
    test_explored_failure_names_its_schedule("--sandbox");
  test_every_exercise();
  test_folder_remove(tmp);
  return test_summary("exercises");
}
