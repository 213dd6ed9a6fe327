/* The docs' figures of the tree itself are the tree's: every "N cells" in the README and
 * docs/ is the matrix's size (cases times detectors), and every way the docs say "all the
 * cases" ("the N cases", "all N cases", "N cases pass", "N kept verdicts") is the number of
 * NAME.c files in cases/. A figure of something else (a subset, an older tree) is written
 * otherwise. */
#include "array.h"
#include "case_info.h"
#include "detectors.h"
#include "testlib.h"

#include <ctype.h>
#include <dirent.h>

/* The words after a number that make it the count of every case, or of every cell. */
static const char *const ALL_CASES_AFTER[] = {" cases pass", " kept verdicts"};
static const char *const ALL_CASES_BEFORE[] = {"the ", "all ", "course's "};

static int ends_with_word(const char *line, const char *at, const char *word) {
  size_t n = strlen(word);
  return (size_t)(at - line) >= n && strncmp(at - n, word, n) == 0;
}

/* Whether the number at `at` (its digits run to `end`) counts every case. */
static int counts_all_cases(const char *line, const char *at, const char *end) {
  for (size_t i = 0; i < COUNT(ALL_CASES_AFTER); i++)
    if (starts_with(end, ALL_CASES_AFTER[i]))
      return 1;
  const char *after = end + strlen(" cases");
  if (!starts_with(end, " cases") || isalpha((unsigned char)*after) ||
      starts_with(after, " that")) /* "the 26 cases that keep their rule": some of them */
    return 0;
  for (size_t i = 0; i < COUNT(ALL_CASES_BEFORE); i++)
    if (ends_with_word(line, at, ALL_CASES_BEFORE[i]))
      return 1;
  return 0;
}

/* How many figures of the line are stale, each said on stdout when `say`. */
static int stale_in_line(const char *path, size_t number, const char *line, long cases, long cells,
                         int say) {
  int stale = 0;
  for (const char *p = line; *p; p++) {
    if (!isdigit((unsigned char)*p) || (p > line && isalnum((unsigned char)p[-1])))
      continue;
    char *end;
    long n = strtol(p, &end, 10);
    if (starts_with(end, " cells") && n != cells && ++stale && say)
      printf("  %s:%zu says %ld cells; the matrix has %ld\n", path, number, n, cells);
    if (counts_all_cases(line, p, end) && n != cases && ++stale && say)
      printf("  %s:%zu says %ld cases; cases/ has %ld\n", path, number, n, cases);
    p = end - 1;
  }
  return stale;
}

static void check_file(const char *path, long cases, long cells) {
  char *text = slurp(path);
  size_t number = 1;
  int stale = 0;
  for (char *line = text; *line; number++) {
    size_t len = strcspn(line, "\n");
    char *next = line + len + (line[len] != 0);
    line[len] = '\0';
    stale += stale_in_line(path, number, line, cases, cells, 1);
    line = next;
  }
  CHECK(stale == 0);
  free(text);
}

static void check_docs(long cases, long cells) {
  check_file("README.md", cases, cells);
  DIR *d = opendir("docs");
  CHECK(d != NULL);
  for (struct dirent *e; d && (e = readdir(d));)
    if (ends_with(e->d_name, ".md")) {
      char *path = xasprintf("docs/%s", e->d_name);
      check_file(path, cases, cells);
      free(path);
    }
  if (d)
    closedir(d);
}

/* The check itself can fail: a stale figure in a line is caught, a subset is not. */
static void test_the_check_catches_a_stale_figure(void) {
  CHECK(stale_in_line("x.md", 1, "the 27 cases, 270 cells", 51, 510, 0) == 2);
  CHECK(stale_in_line("x.md", 1, "all 27 cases pass; 27 kept verdicts", 51, 510, 0) == 2);
  CHECK(stale_in_line("x.md", 1, "the 14 breaking cases of 27 cases; 510 cells", 51, 510, 0) == 0);
  CHECK(stale_in_line("x.md", 1, "0 of the 26 cases that keep theirs", 51, 510, 0) == 0);
}

int main(void) {
  struct strlist names = {0};
  CHECK(list_cases("cases", &names) == 0);
  long cases = (long)names.len, cells = cases * (long)N_DETECTORS;
  test_the_check_catches_a_stale_figure();
  check_docs(cases, cells);
  strlist_free(&names);
  return test_summary("docs");
}
