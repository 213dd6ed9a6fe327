/* The detector matrix from the outside: `racecheck matrix --check` passes on cells that are
 * what expected/matrix.txt says and fails with a diff when one cell differs or is missing;
 * docs/matrix.md's section is what `--readme` writes; the JSON validates against the schema; the
 * table fits 80 columns; and `racecheck cell` makes real cells of two analysers. The cells
 * are written from the expected matrix, so the test needs no run of the whole matrix. */
#include "runlib.h"
#include "text.h"

static const char RACECHECK[] = "build/asan/racecheck";
static const char PYTHON[] = "/usr/bin/python3";

static char *tmp;

/* A kept cell for each line of the expected matrix, under dir/DETECTOR/CASE; returns how
 * many. */
static size_t write_cells(const char *dir, const char *expected) {
  size_t written = 0;
  struct strlist lines = {0};
  split_lines(expected, strlen(expected), &lines);
  for (size_t i = 0; i < lines.len; i++) {
    struct strlist w = {0};
    split_words(lines.items[i], " ", &w);
    if (w.len >= 4 && lines.items[i][0] != '#') {
      char *folder = xasprintf("%s/%s", dir, w.items[1]);
      char *path = xasprintf("%s/%s", folder, w.items[0]);
      char *text = xasprintf("racecheck cell: %s\nbreaks: 0\nseconds: 0.1\noutcome: exit 0\n"
                             "finding: a finding\n|   at x.c:1\n",
                             lines.items[i]);
      written += CHECK(make_dirs(folder) && write_file(path, text, strlen(text)));
      free(folder), free(path), free(text);
    }
    strlist_free(&w);
  }
  strlist_free(&lines);
  return written;
}

static struct result matrix(const char *cells, const char *expected_dir, const char *extra) {
  char *argv[] = {(char *)RACECHECK,    "matrix",      "--cells", (char *)cells, "--expected",
                  (char *)expected_dir, (char *)extra, NULL};
  return run(argv);
}

static void test_cells_as_expected_pass(const char *cells, size_t written) {
  struct result r = matrix(cells, "expected", "--check");
  char *pass = xasprintf("PASS  matrix: %zu cells", written);
  CHECK(written > 0 && r.code == 0 && says(r.out, pass));
  result_free(&r);
  free(pass);
}

/* One expected cell flipped, from reported to silent: the check fails and shows the line. */
static void test_a_flipped_cell_fails(const char *cells, const char *expected) {
  char *dir = xasprintf("%s/flipped", tmp), *path = xasprintf("%s/matrix.txt", dir);
  const char from[] = "\nkeep_small_buggy drd reported held_too_long\n";
  const char *hit = strstr(expected, from);
  if (!CHECK(hit != NULL))
    return;
  char *flipped = xasprintf("%.*s\nkeep_small_buggy drd silent -\n%s", (int)(hit - expected),
                            expected, hit + strlen(from));
  CHECK(make_dirs(dir) && write_file(path, flipped, strlen(flipped)));
  struct result r = matrix(cells, dir, "--check");
  CHECK(r.code == 1 && says(r.out, "FAIL  matrix") &&
        says(r.out, "-keep_small_buggy drd silent -") &&
        says(r.out, "+keep_small_buggy drd reported held_too_long"));
  result_free(&r);
  free(flipped), free(path), free(dir);
}

static void test_a_missing_cell_fails(const char *cells) {
  char *path = xasprintf("%s/vet/bank_racy", cells);
  struct buf kept = {0};
  CHECK(read_file(path, &kept) && unlink(path) == 0);
  struct result r = matrix(cells, "expected", "--check");
  CHECK(r.code == 1 && says(r.out, "some are not kept"));
  result_free(&r);
  CHECK(write_file(path, kept.data, kept.len));
  buf_free(&kept);
  free(path);
}

/* A document's sections (docs/matrix.md's matrix, README.md's lessons table) are what
 * `racecheck matrix --readme` writes now. */
static void test_section_is_current(const char *document) {
  char *copy = xasprintf("%s/%s", tmp, path_basename(document));
  struct buf readme = {0}, rewritten = {0};
  CHECK(read_file(document, &readme) && write_file(copy, readme.data, readme.len));
  char *argv[] = {(char *)RACECHECK, "matrix", "--readme", copy, NULL};
  struct result r = run(argv);
  CHECK(r.code == 0 && read_file(copy, &rewritten));
  if (!CHECK(strcmp(buf_str(&readme), buf_str(&rewritten)) == 0))
    printf("%s is stale: build/racecheck matrix --readme %s\n", document, document);
  result_free(&r);
  buf_free(&readme), buf_free(&rewritten);
  free(copy);
}

static void test_sections(void) {
  test_section_is_current("docs/matrix.md");
  test_section_is_current("README.md");
  char *copy = xasprintf("%s/nothing.md", tmp);
  char *check[] = {(char *)RACECHECK, "matrix", "--check", "--readme", copy, NULL};
  CHECK(write_file(copy, "no section\n", 11));
  struct result r = run(check);
  CHECK(r.code != 0 && says(r.err, "has no section racecheck writes"));
  result_free(&r);
  /* the lessons table follows cases/lessons.txt: a lesson's cells changed, its row changes */
  char *readme = xasprintf("%s/README.md", tmp);
  struct buf text = {0};
  CHECK(read_file("README.md", &text) && write_file(readme, text.data, text.len));
  char *edited = xasprintf("%s/matrix.txt", tmp);
  struct buf matrix = {0};
  CHECK(read_file("expected/matrix.txt", &matrix));
  static const char reported[] = "keep_small_buggy drd reported held_too_long\n";
  char *at = strstr(buf_str(&matrix), reported);
  CHECK(at != NULL);
  char *changed = at ? xasprintf("%.*skeep_small_buggy drd silent -\n%s", (int)(at - matrix.data),
                                 matrix.data, at + strlen(reported))
                     : xstrdup("");
  CHECK(write_file(edited, changed, strlen(changed)));
  free(changed);
  char *rewrite[] = {(char *)RACECHECK, "matrix", "--expected", (char *)tmp,
                     "--readme",        readme,   NULL};
  r = run(rewrite);
  buf_free(&text);
  CHECK(r.code == 0 && read_file(readme, &text) &&
        says(buf_str(&text), "| `keep_small_buggy` | `keep_small_fixed` | none of them |"));
  result_free(&r);
  buf_free(&text), buf_free(&matrix);
  free(copy), free(readme), free(edited);
}

static void test_json_validates(const char *cells) {
  char *argv[] = {(char *)RACECHECK, "matrix", "--cells", (char *)cells, "--format", "json", NULL};
  struct result r = run(argv);
  char *path = xasprintf("%s/matrix.json", tmp);
  CHECK(r.code == 0 && write_file(path, r.out, strlen(r.out)));
  char *validate[] = {
      (char *)PYTHON, "-m", "jsonschema", "-i", path, "docs/racecheck.schema.json", NULL};
  struct result v = run(validate);
  if (!CHECK(v.code == 0))
    printf("jsonschema said:\n%s%s\n", v.out, v.err);
  result_free(&v);
  result_free(&r);
  free(path);
}

static void test_table_fits_80_columns(const char *cells) {
  char *argv[] = {(char *)RACECHECK, "matrix", "--cells", (char *)cells, "--words", NULL};
  struct result r = run(argv);
  CHECK(r.code == 0 && says(r.out, "What each detector cannot see") &&
        says(r.out, "bank_racy under drd: reported"));
  size_t widest = 0;
  for (const char *p = r.out; *p;) {
    size_t n = strcspn(p, "\n");
    widest = n > widest ? n : widest;
    p += n + (p[n] == '\n');
  }
  CHECK(widest <= 80);
  result_free(&r);
}

/* Two real cells, from analysers that need no build: the check vet adds, and the thread
 * safety analysis wrong on a cleanup handler's unlock. */
static void test_real_cells(void) {
  char *dir = xasprintf("%s/real", tmp);
  const char *const pairs[][3] = {
      {"vet", "copied_mutex_racy", "reported static_warning"},
      {"thread-safety", "forgotten_unlock_fixed", "false_report static_warning"}};
  for (size_t i = 0; i < 2; i++) {
    char *argv[] = {(char *)RACECHECK,   "cell", "--cells", dir, "--detector", (char *)pairs[i][0],
                    (char *)pairs[i][1], NULL};
    struct result r = run(argv);
    char *path = xasprintf("%s/%s/%s", dir, pairs[i][0], pairs[i][1]);
    struct buf kept = {0};
    CHECK(r.code == 0 && read_file(path, &kept) && says(buf_str(&kept), pairs[i][2]));
    buf_free(&kept);
    free(path);
    result_free(&r);
  }
  free(dir);
}

int main(void) {
  tmp = test_folder_make("matrix-test");
  char *cells = xasprintf("%s/cells", tmp);
  char *expected = slurp("expected/matrix.txt");
  test_cells_as_expected_pass(cells, write_cells(cells, expected));
  test_a_flipped_cell_fails(cells, expected);
  test_a_missing_cell_fails(cells);
  test_sections();
  test_json_validates(cells);
  test_table_fits_80_columns(cells);
  test_real_cells();
  free(expected);
  free(cells);
  test_folder_remove(tmp);
  return test_summary("matrix");
}
