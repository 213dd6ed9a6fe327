/* The machine-readable outputs, checked by real validators rather than by matching strings:
 * `--format json` against docs/racecheck.schema.json with python3-jsonschema, what a case's
 * findings must say against the schemas in tests/formats/, and `--junit` against
 * tests/junit.xsd with xmllint. Each validator is also shown a document it must refuse, so a
 * validator that accepts everything fails the test. */
#include "runlib.h"

static const char RACECHECK[] = "build/asan/racecheck";
static const char SCHEMA[] = "docs/racecheck.schema.json";
static const char JUNIT_XSD[] = "tests/junit.xsd";
/* Debian's python3, where python3-jsonschema is installed, whatever python3 is first in PATH */
static const char PYTHON[] = "/usr/bin/python3";

static char *tmp;

static char *in_tmp(const char *name, const char *text) {
  char *path = xasprintf("%s/%s", tmp, name);
  if (text && !write_file(path, text, strlen(text))) {
    printf("cannot write %s\n", path);
    exit(1);
  }
  return path;
}

/* Whether `instance` validates against `schema`; says why not when it was expected to. */
static int json_valid(const char *instance, const char *schema, int expect_valid) {
  char *argv[] = {(char *)PYTHON, "-m", "jsonschema", "-i", (char *)instance, (char *)schema, NULL};
  struct result r = run(argv);
  if ((r.code == 0) != expect_valid)
    printf("jsonschema on %s against %s said (exit %d):\n%s%s\n", instance, schema, r.code, r.out,
           r.err);
  int valid = r.code == 0;
  result_free(&r);
  return valid;
}

static int xml_valid(const char *path, int expect_valid) {
  char *argv[] = {"xmllint", "--noout", "--schema", (char *)JUNIT_XSD, (char *)path, NULL};
  struct result r = run(argv);
  if ((r.code == 0) != expect_valid)
    printf("xmllint on %s said (exit %d):\n%s%s\n", path, r.code, r.out, r.err);
  int valid = r.code == 0;
  result_free(&r);
  return valid;
}

static void replace_first(char **text, const char *from, const char *to) {
  char *hit = strstr(*text, from);
  if (!CHECK(hit != NULL))
    return;
  char *edited = xasprintf("%.*s%s%s", (int)(hit - *text), *text, to, hit + strlen(from));
  free(*text);
  *text = edited;
}

static void test_validators_are_installed(void) {
  char *argv[] = {(char *)PYTHON, "-c", "import jsonschema", NULL};
  struct result r = run(argv);
  if (!CHECK(r.code == 0))
    printf("%s has no jsonschema module: ./bootstrap installs python3-jsonschema\n", PYTHON);
  result_free(&r);
  char *xmllint[] = {"xmllint", "--version", NULL};
  r = run(xmllint);
  if (!CHECK(r.code == 0))
    printf("xmllint cannot run: ./bootstrap installs libxml2-utils\n");
  result_free(&r);
}

/* Every case, passing, racy or hung, in one JSON document that keeps to the schema; and
 * the same document with one stray member is refused. */
static void test_check_json_keeps_to_the_schema(void) {
  char *argv[] = {(char *)RACECHECK, "check", "--format", "json", "--all", NULL};
  struct result r = run(argv);
  if (!CHECK(r.code == 0)) /* say which case did not pass */
    for (const char *p = r.out; (p = strstr(p, "\"verdict\":\"")); p++)
      if (p[strlen("\"verdict\":\"")] != 'P')
        printf("a case did not pass: %.300s\n", p);
  char *path = in_tmp("all.json", r.out);
  CHECK(json_valid(path, SCHEMA, 1));
  CHECK(json_valid(path, "tests/formats/counter_racy.schema.json", 1));
  CHECK(json_valid(path, "tests/formats/lock_order_deadlock.schema.json", 1));
  char *tampered = xstrdup(r.out);
  replace_first(&tampered, "\"op\":", "\"stray\":1,\"op\":");
  char *bad = in_tmp("tampered.json", tampered);
  CHECK(!json_valid(bad, SCHEMA, 0));
  free(tampered), free(bad), free(path);
  result_free(&r);
}

/* The expectation schemas can fail: a fixed twin does not satisfy what the racy case must. */
static void test_expectations_can_fail(void) {
  char *argv[] = {(char *)RACECHECK, "check", "--format", "json", "counter_mutex", NULL};
  struct result r = run(argv);
  char *path = in_tmp("counter_mutex.json", r.out);
  CHECK(json_valid(path, SCHEMA, 1));
  CHECK(!json_valid(path, "tests/formats/counter_racy.schema.json", 0));
  free(path);
  result_free(&r);
}

/* A failing case (its expected file edited) gives FAIL with its diff in JSON, a failure
 * in JUnit, and both validate. */
static void test_failure_in_json_and_junit(void) {
  char *expected = in_tmp("expected", NULL);
  make_dirs(expected);
  char *edited = xasprintf("%s/counter_mutex.txt", expected);
  if (!write_file(edited, "exit 1\n", 7))
    exit(1);
  char *junit = in_tmp("check.xml", NULL);
  char *argv[] = {(char *)RACECHECK, "check",   "--format", "json",          "--expected",
                  expected,          "--junit", junit,      "counter_mutex", NULL};
  struct result r = run(argv);
  CHECK(r.code == 1);
  CHECK(strstr(r.out, "\"verdict\":\"FAIL\"") && strstr(r.out, "\"failed\":1"));
  char *path = in_tmp("failed.json", r.out);
  CHECK(json_valid(path, SCHEMA, 1));
  CHECK(xml_valid(junit, 1));
  struct buf xml = {0};
  CHECK(read_file(junit, &xml) && strstr(xml.data, "<failure message=") &&
        strstr(xml.data, "+++ actual run"));
  char *tampered = xstrdup(buf_str(&xml));
  replace_first(&tampered, " classname=\"racecheck\"", "");
  char *bad = in_tmp("tampered.xml", tampered);
  CHECK(!xml_valid(bad, 0));
  free(tampered), free(bad), free(path), free(junit), free(edited), free(expected);
  buf_free(&xml);
  result_free(&r);
}

/* What a program prints cannot break the JSON or the XML around it. */
static void test_hostile_output_stays_inert(void) {
  char *binary = in_tmp("hostile_output", NULL);
  CHECK(build_with_tsan("tests/data/hostile_output.c", binary));
  struct result r;
  char *show[] = {(char *)RACECHECK, "show", "--format", "json", binary, NULL};
  r = run(show);
  CHECK(r.code == 0);
  char *json = in_tmp("hostile.json", r.out);
  CHECK(json_valid(json, SCHEMA, 1));
  /* the program's lines come escaped as the terminal shows them, a backslash JSON escapes */
  CHECK(strchr(r.out, '\033') == NULL && strstr(r.out, "\\\\x1b]0;pwned\\\\x07"));
  CHECK(strstr(r.out, "invalid \\\\xff byte") && strstr(r.out, "caf\xc3\xa9 \xe4\xb8\xad"));
  result_free(&r);

  char *cases = in_tmp("cases", NULL), *build = in_tmp("build", NULL);
  char *junit = in_tmp("hostile.xml", NULL), *expected = in_tmp("hostile-expected", NULL);
  char *case_dir = xasprintf("%s/cases", build), *case_binary = xasprintf("%s/hostile", case_dir);
  make_dirs(cases), make_dirs(case_dir), make_dirs(expected);
  char *copy[] = {"cp", binary, case_binary, NULL};
  r = run(copy);
  result_free(&r);
  char *check[] = {(char *)RACECHECK, "check",  "--cases", cases, "--build", build,
                   "--expected",      expected, "--junit", junit, "hostile", NULL};
  r = run(check);
  CHECK(r.code == 1); /* no expected file */
  CHECK(xml_valid(junit, 1));
  struct buf xml = {0};
  CHECK(read_file(junit, &xml) && !strstr(xml.data, "<script>") && strstr(xml.data, "&lt;script"));
  buf_free(&xml);
  result_free(&r);
  free(json), free(binary), free(cases), free(build), free(junit), free(expected), free(case_dir),
      free(case_binary);
}

/* vet's findings in the same model: each copy a static warning at its line and column, in
 * a document the schema accepts; a fixed twin gives none and exits 0, and --exit-zero keeps
 * a found copy from failing the build. */
static void test_vet_json(void) {
  char *argv[] = {(char *)RACECHECK, "vet", "--format", "json", "cases/copied_struct_racy.c", NULL};
  struct result r = run(argv);
  CHECK(r.code == 1);
  char *path = in_tmp("vet.json", r.out);
  CHECK(json_valid(path, SCHEMA, 1));
  CHECK(strstr(r.out, "\"kind\":\"static_warning\"") && strstr(r.out, "\"checker\":\"copylocks\""));
  CHECK(strstr(r.out, "\"file\":\"copied_struct_racy.c\",\"line\":18,\"column\":10") != NULL);
  result_free(&r);
  char *clean[] = {
      (char *)RACECHECK, "vet", "--format", "json", "cases/copied_struct_fixed.c", NULL};
  r = run(clean);
  CHECK(r.code == 0 && strstr(r.out, "\"findings\":[]"));
  result_free(&r);
  char *lenient[] = {(char *)RACECHECK, "vet", "--exit-zero", "cases/copied_struct_racy.c", NULL};
  r = run(lenient);
  CHECK(r.code == 0 && strstr(r.out, "copied_struct_racy.c:18:10: return copies lock value"));
  result_free(&r);
  free(path);
}

/* try's verdict as the data grade reads back: a document the schema accepts, and one the
 * schema refuses when its verdict is not one of the three. */
static void test_try_json(void) {
  char *argv[] = {(char *)RACECHECK, "try", "--format", "json",
                  "--repeat",        "1",   "--source", "tests/exercises/counter_racy/no_threads.c",
                  "counter_racy",    NULL};
  struct result r = run(argv);
  CHECK(r.code == 1);
  char *path = in_tmp("try.json", r.out);
  CHECK(json_valid(path, SCHEMA, 1) && strstr(r.out, "\"verdict\":\"FAIL\""));
  char *forged = xstrdup(r.out), *at = strstr(forged, "\"FAIL\"");
  if (CHECK(at != NULL))
    memcpy(at, "\"MAYB\"", 6);
  char *bad = in_tmp("try_forged.json", forged);
  CHECK(!json_valid(bad, SCHEMA, 0));
  result_free(&r);
  free(path), free(forged), free(bad);
}

/* The text, unwrapped: each line's break and the indent after it become one space. */
static char *unwrapped(const char *text) {
  struct buf b = {0};
  for (const char *p = text; *p; p++) {
    if (*p != '\n') {
      buf_add(&b, p, 1);
      continue;
    }
    buf_adds(&b, " ");
    p += strspn(p + 1, " ");
  }
  return b.data ? b.data : xstrdup("");
}

/* `show --format json` says what `show` says under each finding, in the same words: the
 * explanation chosen from the run (a spin, two kinds of waiter on one condition, a failed
 * run), its cause, the plain words and the clean run's caveat, in a document the schema
 * accepts. */
static void test_show_json_has_the_explanations(void) {
  static const char *const PROGRAMS[] = {"tests/data/spin_flag.c", "tests/data/pc_one_cond.c",
                                         "tests/data/pc_if_wait.c", "tests/data/pc_two_conds.c",
                                         "tests/data/read_lock_write.c"};
  char *build = in_tmp("show-build", NULL);
  for (size_t i = 0; i < sizeof PROGRAMS / sizeof PROGRAMS[0]; i++) {
    char *json_argv[] = {(char *)RACECHECK, "show", "--format",          "json",
                         "--build",         build,  (char *)PROGRAMS[i], NULL};
    char *text_argv[] = {(char *)RACECHECK, "show", "--build", build, (char *)PROGRAMS[i], NULL};
    struct result json = run(json_argv), text = run(text_argv);
    char *path = in_tmp("explained.json", json.out);
    CHECK(json_valid(path, SCHEMA, 1));
    /* every string of the words, one a line, as python reads them from the document */
    char *words_argv[] = {
        (char *)PYTHON, "-c",
        "import json,sys\n"
        "run=json.load(open(sys.argv[1]))['run']\n"
        "words=run['plain_words']+([run['clean_run']] if run['clean_run'] else [])\n"
        "for f in run['findings']:\n"
        "  e=f['explanation']; words+=[w for w in (e['cause'],e['means'],e['fix']) if w]\n"
        "print('\\n'.join(words))",
        path, NULL};
    struct result words = run(words_argv);
    char *said = unwrapped(text.out);
    struct strlist lines = {0};
    split_lines(words.out, strlen(words.out), &lines);
    CHECK(words.code == 0 && lines.len >= 1);
    for (size_t k = 0; k < lines.len; k++)
      if (!CHECK(strstr(said, lines.items[k]) != NULL))
        printf("%s: the JSON says, the text does not: %s\n", PROGRAMS[i], lines.items[k]);
    strlist_free(&lines);
    free(said), free(path);
    result_free(&json), result_free(&text), result_free(&words);
  }
  free(build);
}

int main(void) {
  tmp = test_folder_make("formats");
  test_validators_are_installed();
  test_check_json_keeps_to_the_schema();
  test_expectations_can_fail();
  test_failure_in_json_and_junit();
  test_hostile_output_stays_inert();
  test_vet_json();
  test_try_json();
  test_show_json_has_the_explanations();
  test_folder_remove(tmp);
  return test_summary("formats");
}
