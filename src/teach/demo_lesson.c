#include "demo_lesson.h"

#include "case_info.h"
#include "columns.h"
#include "expect.h"
#include "explain.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *paint(const struct demo_options *o, const char *code) {
  return o->color ? code : "";
}
#define BOLD(o) paint(o, "\033[1m")
#define RED(o) paint(o, "\033[31m")
#define GREEN(o) paint(o, "\033[32m")
#define DIM(o) paint(o, "\033[2m")
#define RESET(o) paint(o, "\033[0m")

/* One lesson as it is shown: its parts, numbered, with a pause before each but the first. */
struct view {
  const struct demo_options *o;
  int part;
  int quit; /* the learner asked to stop */
};

int demo_pause(const struct demo_options *o) {
  if (!o->step)
    return 0;
  printf("%s[Enter: go on, q then Enter: stop]%s ", DIM(o), RESET(o));
  fflush(stdout);
  char answer[64];
  int quit = !fgets(answer, sizeof answer, stdin) || answer[0] == 'q';
  printf("\n");
  return quit;
}

static int begin_part(struct view *v, const char *title, const char *name) {
  if (v->quit || (v->part > 0 && (v->quit = demo_pause(v->o))))
    return 0;
  char *heading = xasprintf("-- %d. %s%s%s", ++v->part, title, name ? ": " : "", name ? name : "");
  printf("\n%s", BOLD(v->o));
  print_wrapped_columns(stdout, "", "   ", heading);
  printf("%s", RESET(v->o));
  free(heading);
  return 1;
}

/* The lines of a file, or none. */
static void read_lines(const char *path, struct strlist *lines) {
  struct buf text = {0};
  if (read_file(path, &text))
    split_lines(text.data, text.len, lines);
  buf_free(&text);
}

/* Where a case's code starts: the line after its header comment. */
static size_t code_start(const struct strlist *lines) {
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
    char *place = xstrndup(start, (size_t)(p + 3 + strspn(p + 3, "0123456789") - start));
    int again = strstr(line, place) < start; /* named before on this line: quoted already */
    free(place);
    struct strlist src = {0};
    read_lines(path, &src);
    if (!again && number > 0 && (size_t)number <= src.len && strchr(file, '/') == NULL) {
      char *indent = xasprintf("%s          %4d | ", DIM(o), number);
      char *code =
          xasprintf("%s%s", src.items[number - 1] + strspn(src.items[number - 1], " "), RESET(o));
      print_cut(stdout, indent, code);
      free(indent), free(code);
    }
    strlist_free(&src);
    free(file), free(path);
  }
}

/* The kind a lesson's reader should hear about: the first finding of a kind the lesson is
 * about, else the first finding. */
static const struct finding *finding_to_name(const struct lesson *l, const struct run_result *r) {
  const struct findings *f = &r->findings.findings;
  for (size_t i = 0; i < f->len; i++)
    if (l->about[f->items[i].report.kind])
      return &f->items[i];
  return f->len ? &f->items[0] : NULL;
}

/* What the run means, in words a learner reads the right way round. */
static void say_verdict(const struct demo_options *o, const char *name, const struct lesson *l,
                        const struct run_result *r, int breaks) {
  struct case_paths p = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, name);
  struct expected want = {0};
  struct strlist seen = {0};
  char *error = NULL;
  int as_expected = !r->error && expect_load(p.expected, &want, &error) == 0 &&
                    expect_match(&want, &r->lines, &seen);
  const struct finding *f = finding_to_name(l, r);
  char *words = !as_expected  ? xasprintf("NOT what %s says: `build/racecheck check %s` shows how "
                                           "this run differs",
                                          p.expected, name)
                : breaks && f ? xasprintf("%s shown, as expected", kind_shown(f->report.kind))
                : f           ? xasprintf("as expected: %s", r->summary)
                              : xstrdup("no report, as expected: the rule is kept");
  printf("%s", as_expected ? (breaks ? RED(o) : GREEN(o)) : BOLD(o));
  print_wrapped_columns(stdout, "  => ", "     ", words);
  printf("%s", RESET(o));
  free(words), free(error);
  strlist_free(&seen);
  expect_free(&want);
  case_paths_free(&p);
}

static void print_command(const struct demo_options *o, const char *name) {
  struct case_paths p = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, name);
  struct case_info info = {0};
  case_info_read(p.source, &info);
  struct buf command = {0};
  for (size_t i = 0; i < info.detector.len; i++)
    buf_printf(&command, "%s ", info.detector.items[i]);
  buf_adds(&command, p.binary);
  print_wrapped_columns(stdout, "  $ ", "      ", buf_str(&command));
  buf_free(&command);
  case_info_free(&info);
  case_paths_free(&p);
}

/* The run's lines: what the program printed, how it ended, what the detector said. */
static void print_run(const struct demo_options *o, const struct run_result *r) {
  int printed = 0;
  for (size_t i = 0; i < r->lines.len; i++)
    if (starts_with(r->lines.items[i], "stdout: ")) {
      if (!printed++)
        printf("  it printed:\n");
      print_cut(stdout, "    | ", r->lines.items[i] + strlen("stdout: "));
    }
  if (r->lines.len)
    print_wrapped_columns(stdout, "  it ended: ", "    ", r->lines.items[0]);
  int said = 0;
  for (size_t i = 1; i < r->lines.len; i++) {
    const char *line = r->lines.items[i];
    if (starts_with(line, "stdout: "))
      continue;
    if (!said++)
      printf("  the detector said:\n");
    int under = line[0] == ' '; /* a line under a finding's first */
    char *text = xasprintf("%s%s%s", under ? "" : BOLD(o), line, RESET(o));
    print_wrapped_columns(stdout, under ? "      " : "    ", "          ", text);
    free(text);
    quote_sources(o, line);
  }
  if (!said)
    printf("  the detector said nothing.\n");
}

static void run_and_show(const struct demo_options *o, const struct lesson *l, const char *name,
                         int breaks, struct run_result *r) {
  struct case_paths p = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, name);
  struct case_info info = {0};
  case_info_read(p.source, &info);
  print_command(o, name);
  fflush(stdout);
  run_case(&o->run, &p, name, r);
  if (r->error)
    print_wrapped_columns(stdout, "  racecheck: ", "    ", r->error);
  else
    print_run(o, r);
  if (r->detector_log_path && r->detector_log_len) {
    char *where =
        xasprintf("%sthe detector's own words: %s%s", DIM(o), r->detector_log_path, RESET(o));
    print_wrapped_columns(stdout, "  ", "    ", where);
    free(where);
  }
  say_verdict(o, name, l, r, breaks);
  case_info_free(&info);
  case_paths_free(&p);
}

/* A line of the case's source, for the explanation that depends on it. */
static char *demo_source_line(const char *file, int line, void *ctx) {
  const struct case_paths *p = ctx;
  struct buf text = {0};
  struct strlist lines = {0};
  if (strcmp(path_basename(p->source), file) == 0 && read_file(p->source, &text))
    split_lines(text.data, text.len, &lines);
  char *wanted = line > 0 && (size_t)line <= lines.len ? xstrdup(lines.items[line - 1]) : NULL;
  strlist_free(&lines);
  buf_free(&text);
  return wanted;
}

/* The expected file's comments, which say why, and what each finding means. */
static void explain_run(const struct demo_options *o, const char *name,
                        const struct run_result *r) {
  struct case_paths p = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, name);
  struct expected want = {0};
  char *error = NULL;
  struct buf why = {0};
  if (expect_load(p.expected, &want, &error) == 0) {
    struct strlist comment = {0};
    split_lines(buf_str(&want.header), want.header.len, &comment);
    for (size_t i = 0; i < comment.len; i++)
      if (starts_with(comment.items[i], "#"))
        buf_printf(&why, "%s%s", why.len ? " " : "",
                   comment.items[i] + strspn(comment.items[i], "# "));
    strlist_free(&comment);
  }
  if (why.len)
    print_wrapped_columns(stdout, "  ", "  ", why.data);
  buf_free(&why);
  free(error);
  expect_free(&want);
  const struct findings *f = &r->findings.findings;
  const struct explanation **told = xmalloc((f->len + 1) * sizeof *told);
  size_t ntold = 0;
  for (size_t i = 0; i < f->len; i++) {
    const struct explanation *e = explain_report(&f->items[i].report, demo_source_line, &p);
    size_t k = 0;
    while (k < ntold && told[k] != e)
      k++;
    if (k == ntold) {
      told[ntold++] = e;
      print_wrapped_columns(stdout, "  What it means: ", "    ", e->means);
    }
  }
  free(told);
  case_paths_free(&p);
  if (r->findings.findings.len == 0 && !r->error)
    print_wrapped_columns(stdout, "  What it means: ", "    ", CLEAN_RUN);
}

/* --- The fix --------------------------------------------------------------------------- */

/* The code below a case's header comment. */
static void read_lesson_code(const char *source, struct strlist *code) {
  struct strlist lines = {0};
  read_lines(source, &lines);
  for (size_t i = code_start(&lines); i < lines.len; i++)
    strlist_push(code, xstrdup(lines.items[i]));
  strlist_free(&lines);
}

static int show_fix(const struct demo_options *o, const char *broken, const char *fixed) {
  struct case_paths a = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, broken);
  struct case_paths b = case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, fixed);
  struct strlist a_code = {0}, b_code = {0};
  read_lesson_code(a.source, &a_code);
  read_lesson_code(b.source, &b_code);
  char *name = xasprintf("fix-%s", fixed);
  char *text = NULL;
  size_t len = 0;
  FILE *diff = open_memstream(&text, &len);
  int rc = print_diff(diff, a.out_dir, name, a.source, &a_code, b.source, &b_code);
  fclose(diff);
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  for (size_t i = 0; i < lines.len; i++)
    print_cut(stdout, "  ", lines.items[i]);
  strlist_free(&lines);
  free(text), free(name);
  strlist_free(&a_code), strlist_free(&b_code);
  case_paths_free(&a), case_paths_free(&b);
  return rc;
}

/* --- The lesson ------------------------------------------------------------------------ */

/* The header's story: its lines but the rule, the detector, the options and the twins. */
static void print_story(const struct case_info *info) {
  static const char *const SKIP[] = {"Rule: ", "Detector: ", "Options: ", "Twin: ", "Twins: "};
  struct buf story = {0};
  for (size_t i = 0; i < info->header.len; i++) {
    int skip = 0;
    for (size_t k = 0; k < sizeof SKIP / sizeof *SKIP; k++)
      skip |= starts_with(info->header.items[i], SKIP[k]);
    if (!skip)
      buf_printf(&story, "%s%s", story.len ? " " : "", info->header.items[i]);
  }
  if (story.len)
    print_wrapped_columns(stdout, "", "", story.data);
  buf_free(&story);
}

char *lesson_rule(const struct demo_options *o, const struct lesson *l) {
  struct case_paths p =
      case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, l->cases.items[0]);
  struct case_info info = {0};
  case_info_read(p.source, &info);
  const char *rule = case_info_rule(&info);
  char *out = xstrdup(rule ? rule : l->cases.items[0]);
  case_info_free(&info);
  case_paths_free(&p);
  return out;
}

int lesson_breaks_first(const struct demo_options *o, const struct lesson *l) {
  struct case_paths p =
      case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, l->cases.items[0]);
  struct case_info info = {0};
  case_info_read(p.source, &info);
  int breaks = info.nbug_lines > 0; /* a case marks where it breaks its rule */
  case_info_free(&info);
  case_paths_free(&p);
  return breaks;
}

/* The lesson's last words: the command that hands its broken program to the learner, where
 * the lesson has an exercise. */
static void print_exercise(const struct demo_options *o, const struct lesson *l, size_t number) {
  char *data = xasprintf("%s/%s.txt", o->exercise_data_dir, l->cases.items[0]);
  if (o->exercise_data_dir && access(data, R_OK) == 0) {
    char *line = xasprintf("Your turn: `racecheck exercise %zu` copies %s for you to fix.", number,
                           l->cases.items[0]);
    printf("\n");
    print_wrapped_columns(stdout, "", "", line);
    free(line);
  }
  free(data);
}

int demo_lesson(const struct demo_options *o, const struct lesson *l, size_t number, size_t total) {
  struct view v = {.o = o};
  char *rule = lesson_rule(o, l);
  char *title = xasprintf("== Lesson %zu of %zu: %s", number, total, rule);
  printf("\n%s", BOLD(o));
  print_wrapped_columns(stdout, "", "   ", title);
  printf("%s", RESET(o));
  free(title), free(rule);
  struct case_paths p =
      case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, l->cases.items[0]);
  struct case_info info = {0};
  case_info_read(p.source, &info);
  print_story(&info);
  if (l->schedule) { /* the order the lesson's threads run in, every run */
    char *schedule = xasprintf("Schedule: %s", l->schedule);
    print_wrapped_columns(stdout, "", "   ", schedule);
    free(schedule);
  }
  case_info_free(&info);
  case_paths_free(&p);
  int breaks = lesson_breaks_first(o, l), failed = 0;
  struct run_result first = {0};
  if (begin_part(&v, breaks ? "The rule broken" : "The program", l->cases.items[0]))
    run_and_show(o, l, l->cases.items[0], breaks, &first);
  if (begin_part(&v, "Why", NULL))
    explain_run(o, l->cases.items[0], &first);
  run_result_free(&first);
  for (size_t i = 1; i < l->cases.len; i++)
    if (begin_part(&v, "The rule kept", l->cases.items[i])) {
      struct run_result r = {0};
      run_and_show(o, l, l->cases.items[i], 0, &r);
      run_result_free(&r);
    }
  for (size_t i = 1; i < l->cases.len; i++) {
    char *title = xasprintf("%s -> %s", l->cases.items[0], l->cases.items[i]);
    if (begin_part(&v, "The fix", title))
      failed |= show_fix(o, l->cases.items[0], l->cases.items[i]) != 0;
    free(title);
  }
  if (!v.quit)
    print_exercise(o, l, number);
  return v.quit ? DEMO_QUIT : failed ? DEMO_FAILED : 0;
}
