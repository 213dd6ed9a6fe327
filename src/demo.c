#include "demo.h"

#include "case_info.h"
#include "expect.h"
#include "explain.h"
#include "lessons.h"
#include "picture.h"

#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *paint(const struct demo_options *o, const char *code) {
  return o->color ? code : "";
}
#define BOLD(o) paint(o, "\033[1m")
#define RED(o) paint(o, "\033[31m")
#define GREEN(o) paint(o, "\033[32m")
#define DIM(o) paint(o, "\033[2m")
#define RESET(o) paint(o, "\033[0m")

/* The lines of a case's source, and where its code starts after the header comment. */
static size_t read_source(const char *path, struct strlist *lines) {
  struct buf text = {0};
  if (read_file(path, &text))
    split_lines(text.data, text.len, lines);
  buf_free(&text);
  for (size_t i = 0; i < lines->len; i++)
    if (strstr(lines->items[i], "*/"))
      return i + 1;
  return 0;
}

/* Under a finding line, the source line of each "FILE.c:LINE" it names. */
static void quote_sources(const struct demo_options *o, const char *line) {
  for (const char *p = strstr(line, ".c:"); p; p = strstr(p + 3, ".c:")) {
    const char *start = p;
    while (start > line && start[-1] != ' ')
      start--;
    char *file = xstrndup(start, (size_t)(p + 2 - start));
    char *path = xasprintf("%s/%s", o->cases_dir, file);
    int number = atoi(p + 3);
    struct strlist src = {0};
    read_source(path, &src);
    if (number > 0 && (size_t)number <= src.len)
      printf("%s      %4d | %s%s\n", DIM(o), number,
             src.items[number - 1] + strspn(src.items[number - 1], " "), RESET(o));
    strlist_free(&src);
    free(file);
    free(path);
  }
}

/* What the expected file's comment says about the case, and what each kind of finding
 * means: the words a learner needs under what the detector said. */
static void explain_case(const struct case_paths *p, const struct run_result *r) {
  struct expected want = {0};
  char *error = NULL;
  if (expect_load(p->expected, &want, &error) == 0) {
    struct strlist comment = {0};
    split_lines(buf_str(&want.header), want.header.len, &comment);
    for (size_t i = 0; i < comment.len; i++)
      if (starts_with(comment.items[i], "#"))
        printf("  %s\n", comment.items[i]);
    strlist_free(&comment);
  }
  free(error);
  expect_free(&want);
  int told[REPORT_KINDS] = {0};
  for (size_t i = 0; i < r->findings.findings.len; i++) {
    enum report_kind kind = r->findings.findings.items[i].report.kind;
    if (told[kind]++)
      continue;
    print_wrapped(stdout, "  What it means: ", "    ", explain(kind)->means);
  }
}

static void show_case(const struct demo_options *o, const char *name) {
  struct case_paths p = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, name);
  struct case_info info = {0};
  case_info_read(p.source, &info);
  int breaks = info.nbug_lines > 0; /* a case marks where it breaks its rule */
  printf("\n%s%s%s %s\n", breaks ? RED(o) : GREEN(o), name, RESET(o),
         breaks ? "breaks the rule" : "keeps it");
  printf("$ ");
  for (size_t i = 0; i < info.detector.len; i++)
    printf("%s ", info.detector.items[i]);
  printf("%s\n", p.binary);
  fflush(stdout);
  struct run_result r = {0};
  run_case(&o->run, &p, name, &r);
  if (r.error)
    printf("racecheck: %s\n", r.error);
  for (size_t i = 0; i < r.lines.len; i++) {
    const char *line = r.lines.items[i];
    if (starts_with(line, "stdout: ")) {
      printf("  %s\n", line + strlen("stdout: "));
      continue;
    }
    printf("  %s%s%s\n", line[0] == ' ' ? "" : BOLD(o), line, RESET(o));
    quote_sources(o, line);
  }
  if (r.detector_log_path && r.detector_log_len)
    printf("  %sthe detector's own words: %s%s\n", DIM(o), r.detector_log_path, RESET(o));
  explain_case(&p, &r);
  run_result_free(&r);
  case_info_free(&info);
  case_paths_free(&p);
}

/* The code below the header comment of a case's source. */
static void read_code(const char *source, struct strlist *code) {
  struct strlist lines = {0};
  for (size_t i = read_source(source, &lines); i < lines.len; i++)
    strlist_push(code, xstrdup(lines.items[i]));
  strlist_free(&lines);
}

static int show_fix(const struct demo_options *o, const char *broken, const char *fixed) {
  struct case_paths a = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, broken);
  struct case_paths b = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, fixed);
  struct strlist a_code = {0}, b_code = {0};
  read_code(a.source, &a_code);
  read_code(b.source, &b_code);
  char *name = xasprintf("fix-%s", fixed);
  printf("\n%sthe fix, %s -> %s (code below the header comment):%s\n", BOLD(o), broken, fixed,
         RESET(o));
  fflush(stdout);
  int rc = print_diff(stdout, a.out_dir, name, a.source, &a_code, b.source, &b_code);
  strlist_free(&a_code), strlist_free(&b_code);
  case_paths_free(&a), case_paths_free(&b);
  free(name);
  return rc;
}

/* Returns 0, or -1 if a fix could not be shown. */
static int show_lesson(const struct demo_options *o, char **cases, size_t n) {
  struct case_paths p = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, cases[0]);
  struct case_info info = {0};
  case_info_read(p.source, &info);
  printf("\n%s==== %s", BOLD(o), cases[0]);
  for (size_t i = 0; i < info.header.len; i++)
    if (starts_with(info.header.items[i], "Rule: "))
      printf(": %s", info.header.items[i] + strlen("Rule: "));
  printf("%s\n", RESET(o));
  for (size_t i = 0; i < info.header.len; i++)
    if (!starts_with(info.header.items[i], "Rule: ") &&
        !starts_with(info.header.items[i], "Detector: "))
      printf("%s\n", info.header.items[i]);
  for (size_t i = 0; i < n; i++)
    show_case(o, cases[i]);
  int rc = 0;
  for (size_t i = 1; i < n; i++)
    rc |= show_fix(o, cases[0], cases[i]);
  case_info_free(&info);
  case_paths_free(&p);
  return rc;
}

static int demo_lessons(const struct demo_options *o) {
  struct lessons lessons;
  char *error = NULL;
  if (lessons_read(o->cases_dir, &lessons, &error) != 0) /* then every case on its own */
    fprintf(stderr, "racecheck: %s\n", error);
  free(error);
  struct strlist every = {0};
  int failed = 0;
  for (size_t i = 0; i < lessons.len; i++)
    failed |= show_lesson(o, lessons.items[i].cases.items, lessons.items[i].cases.len);
  list_cases(o->cases_dir, &every); /* unreadable: only the lessons are shown */
  for (size_t i = 0; i < every.len; i++)
    if (!lesson_of(&lessons, every.items[i]))
      failed |= show_lesson(o, &every.items[i], 1);
  strlist_free(&every);
  lessons_free(&lessons);
  return failed ? 1 : 0;
}

int demo(const struct demo_options *o, char **names, size_t n) {
  if (n == 0)
    return demo_lessons(o);
  int failed = 0;
  for (size_t i = 0; i < n; i++)
    failed |= show_lesson(o, &names[i], 1);
  return failed ? 1 : 0;
}

int cmd_demo(const struct options *o, int argc, char **argv) {
  struct demo_options d = {
      .cases_dir = o->cases_dir,
      .build_dir = o->build_dir,
      .expected_dir = o->expected_dir,
      .run = {.timeout_s = o->timeout_s, .gdb = o->gdb},
      .color = isatty(STDOUT_FILENO) && !(getenv("NO_COLOR") && *getenv("NO_COLOR")),
  };
  for (int i = 0; i < argc; i++)
    if (!valid_case_name(argv[i]))
      return usage_error("demo takes case names (files in cases/, without .c)");
  if (argc == 0 && !o->all)
    return usage_error("demo needs case names, or --all for every lesson");
  return demo(&d, argv, (size_t)argc);
}
