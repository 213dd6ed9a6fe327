/* `racecheck lesson`: without the programs, it writes their skeletons (a header naming the rule
 * and the twin, the bug and the fix marked) and the lesson's line, and never over a program
 * that is there; with them, it hands ninja each target as a word of its own (a stand-in ninja
 * records them) and stops when ninja fails; it refuses a name that is no case's, a lesson with
 * one program missing, and programs no lesson names. And the bless it runs again once the
 * programs change: a choice an older bless merged ({{a|b}}) that one compiler's run still fits
 * and another's no longer does is merged anew from the runs, not refused. */
#include "runlib.h"
#include "text.h"

#include <stdlib.h>
#include <sys/stat.h>

static const char RACECHECK[] = "build/asan/racecheck";
static const char LESSONS[] = "# the lessons\nbank_racy bank_mutex: data_race\n";

static char *tmp, *cases;

static struct result lesson(char **envp, const char *broken, const char *fixed) {
  char *argv[] = {(char *)RACECHECK, "lesson",      "--cases", cases,
                  (char *)broken,    (char *)fixed, NULL};
  return run_in(argv, envp);
}

static char *read_text(const char *path) {
  struct buf b = {0};
  if (!read_file(path, &b))
    return xstrdup("");
  char *text = xstrdup(buf_str(&b));
  buf_free(&b);
  return text;
}

static char *case_text(const char *name) {
  char *path = xasprintf("%s/%s.c", cases, name), *text = read_text(path);
  free(path);
  return text;
}

static void test_skeletons_and_the_lessons_line(void) {
  struct result r = lesson(environ, "probe_racy", "probe_fixed");
  CHECK(r.code == 0 && says(r.out, "racecheck lesson probe_racy probe_fixed"));
  char *broken = case_text("probe_racy"), *fixed = case_text("probe_fixed");
  CHECK(says(broken, "/* Rule: ") && says(broken, "Twin: probe_fixed.c") &&
        says(broken, "/* BUG: ") && !strstr(broken, "FIX:"));
  CHECK(says(fixed, "/* Rule: ") && says(fixed, "Twin: probe_racy.c") && says(fixed, "/* FIX: ") &&
        !strstr(fixed, "BUG:"));
  char *path = xasprintf("%s/lessons.txt", cases), *lessons = read_text(path);
  char *want = xasprintf("%sprobe_racy probe_fixed: data_race\nschedule: A\n", LESSONS);
  CHECK(strcmp(lessons, want) == 0);
  result_free(&r);
  free(broken), free(fixed), free(path), free(lessons), free(want);
}

/* One program of the two gone: the other is never written over, and nothing is added. */
static void test_all_or_none(void) {
  char *path = xasprintf("%s/probe_fixed.c", cases), *kept = case_text("probe_fixed");
  CHECK(unlink(path) == 0);
  struct result r = lesson(environ, "probe_racy", "probe_fixed");
  CHECK(r.code == 1 && says(r.err, "probe_fixed.c is not there"));
  char *after = case_text("probe_racy");
  CHECK(says(after, "/* BUG: ") && access(path, F_OK) != 0);
  CHECK(write_file(path, kept, strlen(kept)));
  result_free(&r);
  free(path), free(kept), free(after);
}

static void test_names_that_are_no_cases(void) {
  const char *bad[] = {"a;b", "9x", "a b", "../a", ""};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    struct result r = lesson(environ, bad[i], "probe_fixed");
    CHECK(r.code == 2 && says(r.err, "is not a case name"));
    result_free(&r);
  }
}

/* An environment whose ninja is a stand-in that writes each argument on a line of its own
 * into recorded, then fails. */
static char **with_stand_in_ninja(const char *recorded) {
  char *bin = xasprintf("%s/bin", tmp), *ninja = xasprintf("%s/ninja", bin);
  char *script = xasprintf("#!/bin/sh\nprintf '%%s\\n' \"$@\" > '%s'\nexit 1\n", recorded);
  CHECK(make_dirs(bin) && write_file(ninja, script, strlen(script)) && chmod(ninja, 0755) == 0);
  size_t n = 0;
  while (environ[n])
    n++;
  char **envp = xmalloc((n + 2) * sizeof *envp), *abs = realpath(bin, NULL);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!starts_with(environ[i], "PATH="))
      envp[k++] = environ[i];
  envp[k++] = xasprintf("PATH=%s:%s", abs, getenv("PATH"));
  envp[k] = NULL;
  free(bin), free(ninja), free(script), free(abs);
  return envp;
}

static void test_ninja_gets_one_word_per_target(void) {
  char *recorded = xasprintf("%s/ninja-args", tmp);
  char **envp = with_stand_in_ninja(recorded);
  struct result r = lesson(envp, "probe_racy", "probe_fixed");
  CHECK(r.code == 1 && says(r.err, "ninja failed; the lesson is not added"));
  char *args = read_text(recorded);
  CHECK(strcmp(args, "build/cases/probe_racy\nbuild/clang19/cases/probe_racy\n"
                     "build/gcc/cases/probe_racy\nbuild/cases/probe_fixed\n"
                     "build/clang19/cases/probe_fixed\nbuild/gcc/cases/probe_fixed\n") == 0);
  CHECK(access("expected/probe_racy.txt", F_OK) != 0);
  result_free(&r);
  size_t last = 0;
  while (envp[last])
    last++;
  free(envp[last - 1]);
  free(envp), free(args), free(recorded);
}

/* Programs that are there but that no lesson names: it says what line to add. */
static void test_programs_no_lesson_names(void) {
  char *path = xasprintf("%s/lessons.txt", cases);
  CHECK(write_file(path, LESSONS, strlen(LESSONS)));
  struct result r = lesson(environ, "probe_racy", "probe_fixed");
  CHECK(r.code == 1 && says(r.err, "no line of") && says(r.err, "probe_racy probe_fixed: KIND"));
  result_free(&r);
  free(path);
}

/* Writes dir/NAME.c printing "word WORD" and builds it with TSan into binary. */
static int build_printing(const char *dir, const char *word, const char *binary) {
  char *source = xasprintf("%s/%s.c", dir, word);
  char *text = xasprintf("#include <stdio.h>\nint main(void) {\n  puts(\"word %s\");\n"
                         "  return 0;\n}\n",
                         word);
  int ok = write_file(source, text, strlen(text)) && build_with_tsan(source, binary);
  free(source), free(text);
  return ok;
}

static void test_rebless_with_a_stale_choice(void) {
  const char *builds[][2] = {{"b/cases", "x"}, {"b/clang19/cases", "y"}, {"b/gcc/cases", "y"}};
  for (size_t i = 0; i < 3; i++) {
    char *dir = xasprintf("%s/%s", tmp, builds[i][0]), *binary = xasprintf("%s/w", dir);
    CHECK(make_dirs(dir) && build_printing(tmp, builds[i][1], binary));
    free(dir), free(binary);
  }
  char *exp = xasprintf("%s/exp", tmp), *file = xasprintf("%s/w.txt", exp);
  char *source = xasprintf("%s/w.c", cases), *build_dir = xasprintf("%s/b", tmp);
  const char old[] = "# the word\nexit 0\nstdout: word {{x|z}}\n";
  CHECK(make_dirs(exp) && write_file(file, old, strlen(old)) && write_file(source, "", 0));
  char *argv[] = {(char *)RACECHECK,
                  "bless",
                  "--every-compiler",
                  "--cases",
                  cases,
                  "--build",
                  build_dir,
                  "--expected",
                  exp,
                  "w",
                  NULL};
  struct result r = run(argv);
  char *text = read_text(file);
  CHECK(r.code == 0 && says(r.out, "blessed"));
  CHECK_STR(text, "# the word\nexit 0\nstdout: word {{x|y}}\n");
  result_free(&r);
  free(exp), free(file), free(source), free(build_dir), free(text);
}

int main(void) {
  tmp = test_folder_make("lesson");
  cases = xasprintf("%s/cases", tmp);
  char *lessons = xasprintf("%s/lessons.txt", cases);
  CHECK(make_dirs(cases) && write_file(lessons, LESSONS, strlen(LESSONS)));
  test_skeletons_and_the_lessons_line();
  test_all_or_none();
  test_names_that_are_no_cases();
  test_ninja_gets_one_word_per_target();
  test_programs_no_lesson_names();
  test_rebless_with_a_stale_choice();
  free(lessons), free(cases);
  test_folder_remove(tmp);
  return test_summary("lesson");
}
