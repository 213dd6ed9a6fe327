/* Grading for the course platforms: `grade --format gradescope` and `--format prairielearn`
 * on one student's submission (LESSON.c files in a folder), checked against each platform's
 * format (a schema each in tests/formats/, with python3-jsonschema) and for its scores; and
 * autograder/run_autograder run as Gradescope runs it, in its layout (/autograder/source,
 * /autograder/submission, /autograder/results), laid out by bubblewrap. */
#include "runlib.h"

static const char RACECHECK[] = "build/asan/racecheck";
static const char PYTHON[] = "/usr/bin/python3";

static int json_valid(const char *instance, const char *schema) {
  struct result r = run(
      (char *[]){(char *)PYTHON, "-m", "jsonschema", "-i", (char *)instance, (char *)schema, NULL});
  if (r.code != 0)
    printf("jsonschema on %s against %s said (exit %d):\n%s%s\n", instance, schema, r.code, r.out,
           r.err);
  int valid = r.code == 0;
  result_free(&r);
  return valid;
}

static int copy(const char *from, const char *to) {
  struct buf text = {0};
  int ok = read_file(from, &text) && write_file(to, text.data, text.len);
  buf_free(&text);
  return ok;
}

/* A submission: a right fix of the counter (the fixed twin itself) and the bank unfixed. */
static char *submission(const char *dir) {
  char *sub = xasprintf("%s/alice", dir), *counter = xasprintf("%s/counter_racy.c", sub);
  char *bank = xasprintf("%s/bank_racy.c", sub);
  CHECK(make_dirs(sub) && copy("cases/counter_mutex.c", counter) &&
        copy("cases/bank_racy.c", bank));
  free(counter), free(bank);
  return sub;
}

static void test_formats(const char *dir, const char *sub) {
  static const struct {
    const char *format, *schema, *score;
  } PLATFORMS[] = {{"gradescope", "tests/formats/gradescope.schema.json", "\"score\":1}"},
                   {"prairielearn", "tests/formats/prairielearn.schema.json", "\"score\":0.5,"}};
  for (size_t i = 0; i < 2; i++) {
    char *out = xasprintf("%s/grades", dir),
         *file = xasprintf("%s/%s.json", dir, PLATFORMS[i].format);
    struct result r =
        run_with(RACECHECK, (char *[]){"grade", "--format", (char *)PLATFORMS[i].format, "--out",
                                       out, (char *)sub, NULL});
    CHECK(r.code == 1); /* a fix is not right: a grade, not an error */
    CHECK(write_file(file, r.out, strlen(r.out)) && json_valid(file, PLATFORMS[i].schema));
    CHECK(says(r.out, PLATFORMS[i].score) && says(r.out, "\"name\":\"counter_racy\"") &&
          says(r.out, "\"name\":\"bank_racy\""));
    result_free(&r);
    free(out), free(file);
  }
}

/* Whether bubblewrap can make a namespace here: a container may not allow it. */
static int bwrap_works(void) {
  struct result r = run((char *[]){"bwrap", "--ro-bind", "/", "/", "true", NULL});
  int works = r.code == 0;
  if (!works)
    printf("platforms: SKIP the autograder's layout: bubblewrap cannot run here: %s", r.err);
  result_free(&r);
  return works;
}

/* Gradescope's layout, made by bubblewrap: the checkout as /autograder/source, the student's
 * files as /autograder/submission, and /autograder/results written. */
static void test_run_autograder(const char *dir, const char *sub) {
  if (!bwrap_works())
    return;
  char *repo = realpath(".", NULL), *results = xasprintf("%s/results", dir);
  CHECK(make_dirs(results));
  struct result r = run((char *[]){"bwrap",
                                   "--ro-bind",
                                   "/usr",
                                   "/usr",
                                   "--ro-bind",
                                   "/etc",
                                   "/etc",
                                   "--symlink",
                                   "usr/lib",
                                   "/lib",
                                   "--symlink",
                                   "usr/lib64",
                                   "/lib64",
                                   "--symlink",
                                   "usr/bin",
                                   "/bin",
                                   "--symlink",
                                   "usr/sbin",
                                   "/sbin",
                                   "--dev",
                                   "/dev",
                                   "--proc",
                                   "/proc",
                                   "--tmpfs",
                                   "/tmp",
                                   "--dir",
                                   "/autograder",
                                   "--bind",
                                   repo,
                                   "/autograder/source",
                                   "--ro-bind",
                                   (char *)sub,
                                   "/autograder/submission",
                                   "--bind",
                                   results,
                                   "/autograder/results",
                                   "--die-with-parent",
                                   "/autograder/source/autograder/run_autograder",
                                   NULL});
  CHECK(r.code == 0);
  if (r.code != 0)
    printf("run_autograder said:\n%s%s\n", r.out, r.err);
  char *file = xasprintf("%s/results.json", results);
  struct buf text = {0};
  CHECK(read_file(file, &text) && json_valid(file, "tests/formats/gradescope.schema.json"));
  CHECK(says(buf_str(&text), "\"score\":1}"));
  buf_free(&text);
  free(file);
  result_free(&r);
  free(repo), free(results);
}

int main(void) {
  char *dir = test_folder_make("platforms"), *sub = submission(dir);
  test_formats(dir, sub);
  test_run_autograder(dir, sub);
  free(sub);
  test_folder_remove(dir);
  return test_summary("platforms");
}
