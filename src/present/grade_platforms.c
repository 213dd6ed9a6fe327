#include "grade_platforms.h"

#include "json.h"

#include <stdlib.h>
#include <string.h>

/* What a student reads under a test: the verdict, why, and how try decided it. */
static char *test_output(const struct grade_row *r) {
  return xasprintf("%s: %s (%s)", r->verdict, r->why, r->reason);
}

static void gradescope(struct json *j, const struct grade_table *t) {
  size_t passed = 0;
  json_begin_object(j, NULL);
  json_begin_array(j, "tests");
  for (size_t i = 0; i < t->len; i++) {
    const struct grade_row *r = &t->rows[i];
    int pass = strcmp(r->verdict, "PASS") == 0;
    passed += pass;
    char *output = test_output(r);
    json_begin_object(j, NULL);
    json_string(j, "name", r->lesson);
    json_number(j, "score", pass ? 1 : 0);
    json_number(j, "max_score", 1);
    json_string(j, "status", pass ? "passed" : "failed");
    json_string(j, "output", output);
    json_string(j, "visibility", "visible");
    json_end_object(j);
    free(output);
  }
  json_end_array(j);
  json_number(j, "score", (double)passed);
  if (t->len == 0)
    json_string(j, "output",
                "No file of the submission is named after a lesson: nothing to grade.");
  json_end_object(j);
}

/* A submission racecheck could not grade (ERROR: the machine, not the student) is not
 * gradable, so that it costs the student no attempt. */
static void prairielearn(struct json *j, const struct grade_table *t) {
  size_t passed = 0, errors = 0;
  for (size_t i = 0; i < t->len; i++) {
    passed += strcmp(t->rows[i].verdict, "PASS") == 0;
    errors += strcmp(t->rows[i].verdict, "ERROR") == 0;
  }
  json_begin_object(j, NULL);
  json_bool(j, "gradable", errors == 0 && t->len > 0);
  json_number(j, "score", t->len ? (double)passed / (double)t->len : 0);
  json_string(j, "message",
              t->len == 0 ? "No file of the submission is named after a lesson: nothing to grade."
              : errors    ? "racecheck could not grade every file on this machine."
              : passed == t->len ? "Every fix is right."
                                 : "Some fixes are not right yet.");
  json_begin_array(j, "tests");
  for (size_t i = 0; i < t->len; i++) {
    const struct grade_row *r = &t->rows[i];
    int pass = strcmp(r->verdict, "PASS") == 0;
    char *output = test_output(r);
    json_begin_object(j, NULL);
    json_string(j, "name", r->lesson);
    json_number(j, "points", pass ? 1 : 0);
    json_number(j, "max_points", 1);
    json_string(j, "output", output);
    json_string(j, "message", r->why);
    json_end_object(j);
    free(output);
  }
  json_end_array(j);
  json_end_object(j);
}

void grade_platform_results(FILE *out, const struct grade_table *t, enum grade_platform p) {
  struct json j = {.out = out};
  if (p == GRADESCOPE)
    gradescope(&j, t);
  else
    prairielearn(&j, t);
  fputc('\n', out);
}
