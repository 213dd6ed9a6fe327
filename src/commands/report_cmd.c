#include "report_cmd.h"

#include "browser.h"
#include "case_info.h"
#include "check.h"
#include "html.h"
#include "lessons.h"
#include "page.h"
#include "verdict_file.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *report_dir(const struct options *o, char **owned) {
  *owned = o->out ? NULL : xasprintf("%s/report", o->build_dir);
  return o->out ? o->out : *owned;
}

/* Who judges a case: "TSan", or the valgrind tool its header names ("DRD", "Helgrind"). */
static char *detector_name(const char *source) {
  struct case_info info = {0};
  case_info_read(source, &info);
  const char *tool = NULL;
  for (size_t i = 0; i < info.detector.len && !tool; i++)
    if (starts_with(info.detector.items[i], "--tool="))
      tool = info.detector.items[i] + strlen("--tool=");
  char *name = !case_runs_under_valgrind(&info) ? xstrdup("TSan")
               : !tool                          ? xstrdup("Valgrind")
               : strcmp(tool, "drd") == 0
                   ? xstrdup("DRD")
                   : xasprintf("%c%s", toupper((unsigned char)tool[0]), tool + 1);
  case_info_free(&info);
  return name;
}

/* The cases of the lesson a page is named after: its line of lessons.txt, or the case
 * alone when no lesson starts with it. */
static void lesson_cases(const struct lessons *l, const char *name, struct strlist *out) {
  const struct lesson *lesson = lesson_of(l, name);
  if (lesson && strcmp(lesson->cases.items[0], name) == 0)
    for (size_t i = 0; i < lesson->cases.len; i++)
      strlist_push(out, xstrdup(lesson->cases.items[i]));
  else
    strlist_push(out, xstrdup(name));
}

/* A page, written whole or not at all (mkstemp, then rename), its folder made if need be. */
static int write_report_file(const char *path, const char *text, size_t len) {
  char *dir = xstrndup(path, (size_t)(path_basename(path) - path));
  int ok = make_dirs(dir) && write_file(path, text, len);
  if (!ok)
    fprintf(stderr, "racecheck: cannot write %s: %s\n", path, strerror(errno));
  free(dir);
  return ok;
}

struct page_run {
  struct case_paths paths;
  struct run_result run;
  char *detector;
};

static int write_page(const struct options *o, const char *dir, const struct lessons *l,
                      const char *name) {
  struct strlist cases = {0};
  lesson_cases(l, name, &cases);
  struct page_run *runs = xmalloc(cases.len * sizeof *runs);
  struct page_program *programs = xmalloc(cases.len * sizeof *programs);
  struct run_options ro = run_options_of(o);
  const char **read = xmalloc((2 * cases.len + 1) * sizeof *read);
  for (size_t i = 0; i < cases.len; i++) {
    struct page_run *pr = &runs[i];
    pr->paths = paths_of(o, cases.items[i]);
    free(pr->paths.log_dir); /* apart from check's logs: ninja may run both at once */
    pr->paths.log_dir = xasprintf("%s/logs", dir);
    pr->run = (struct run_result){0};
    run_case(&ro, &pr->paths, cases.items[i], &pr->run);
    pr->detector = detector_name(pr->paths.source);
    programs[i] = (struct page_program){cases.items[i], pr->paths.source, pr->paths.expected,
                                        pr->detector, &pr->run};
    read[2 * i] = pr->paths.source, read[2 * i + 1] = pr->paths.expected;
  }
  char *lessons_path = xasprintf("%s/lessons.txt", o->cases_dir);
  read[2 * cases.len] = lessons_path;
  const struct lesson *lesson = lesson_of(l, name);
  char *html = page_html(
      &(struct page){programs, cases.len, "index.html", lesson ? lesson->schedule : NULL});
  char *path = xasprintf("%s/%s.html", dir, name), *error = NULL;
  int ok = write_report_file(path, html, strlen(html)) &&
           (!o->depfile || depfile_write(path, read, 2 * cases.len + 1, &error) == 0);
  if (error)
    fprintf(stderr, "racecheck: %s\n", error);
  for (size_t i = 0; i < cases.len; i++) {
    run_result_free(&runs[i].run);
    case_paths_free(&runs[i].paths);
    free(runs[i].detector);
  }
  free(runs), free(programs), free(read), free(lessons_path), free(html), free(path), free(error);
  strlist_free(&cases);
  return ok;
}

/* ---- the index: the rules table ---- */

static void verdict_cell(struct buf *b, const struct options *o, const char *name) {
  enum verdict_status status;
  char *summary = NULL;
  if (verdict_kept_read(o, name, &status, &summary) != 0) {
    buf_adds(b, "<span class=\"verdict-word\">not checked</span> (run <code>ninja check</code>)");
    return;
  }
  buf_printf(b, "<span class=\"verdict-word %s\">%s</span> ",
             status == VERDICT_PASS ? "pass" : "fail", verdict_word(status));
  html_add(b, summary);
  free(summary);
}

static char *rule_of(const struct options *o, const char *name) {
  struct case_paths p = paths_of(o, name);
  struct case_info info = {0};
  case_info_read(p.source, &info);
  const char *rule = case_info_rule(&info);
  char *out = xstrdup(rule ? rule : name);
  case_info_free(&info);
  case_paths_free(&p);
  return out;
}

static void case_cell(struct buf *b, const struct options *o, const char *page, const char *name) {
  struct case_paths p = paths_of(o, name);
  char *detector = detector_name(p.source);
  buf_adds(b, "<div class=\"case\"><a href=\"");
  html_printf(b, "%s.html#%s-L1", page, name);
  buf_adds(b, "\"><code>");
  html_add(b, name);
  buf_adds(b, "</code></a> <small>(");
  html_add(b, detector);
  buf_adds(b, ")</small><br>");
  verdict_cell(b, o, name);
  buf_adds(b, "</div>");
  free(detector);
  case_paths_free(&p);
}

static void index_row(struct buf *b, const struct options *o, const struct strlist *cases) {
  const char *page = cases->items[0];
  char *rule = rule_of(o, page);
  buf_adds(b, "<tr class=\"lesson\"><td><a class=\"rule\" href=\"");
  html_printf(b, "%s.html", page);
  buf_adds(b, "\">");
  html_add(b, rule);
  buf_adds(b, "</a></td><td>");
  case_cell(b, o, page, page);
  buf_adds(b, "</td><td>");
  for (size_t i = 1; i < cases->len; i++)
    case_cell(b, o, page, cases->items[i]);
  if (cases->len == 1)
    buf_adds(b, "<small>no twin: this case shows the rule at work</small>");
  buf_adds(b, "</td></tr>\n");
  free(rule);
}

static int write_index(const struct options *o, const char *dir, const struct lessons *l,
                       const struct strlist *alone) {
  struct buf b = {0};
  page_begin(&b, "racecheck: the rules of mutexes, proved by a race detector");
  buf_adds(&b, "<header><h1>The rules of mutexes, each proved by a race detector</h1>"
               "<p class=\"lead\">Each lesson is a rule, a program that breaks it and the "
               "programs that keep it, run under a real detector. Open a rule to see the "
               "code with the lines the detector named, what it said, and a picture of the "
               "interleaving. Each verdict is <code>ninja check</code>'s: the run compared "
               "with what the case's expected file says it must report.</p></header>\n"
               "<main><table class=\"rules\"><thead><tr><th>Rule</th><th>Breaks it</th>"
               "<th>Keeps it</th></tr></thead><tbody>\n");
  for (size_t i = 0; i < l->len; i++)
    index_row(&b, o, &l->items[i].cases);
  for (size_t i = 0; i < alone->len; i++) {
    struct strlist one = {0};
    strlist_push(&one, xstrdup(alone->items[i]));
    index_row(&b, o, &one);
    strlist_free(&one);
  }
  buf_adds(&b, "</tbody></table></main>\n");
  page_end(&b);
  char *path = xasprintf("%s/index.html", dir);
  int ok = write_report_file(path, b.data, b.len);
  free(path);
  buf_free(&b);
  return ok;
}

/* The cases no lesson names: each a page of its own, after the lessons. */
static void cases_alone(const struct options *o, const struct lessons *l, struct strlist *out) {
  struct strlist every = {0};
  list_cases(o->cases_dir, &every);
  for (size_t i = 0; i < every.len; i++)
    if (!lesson_of(l, every.items[i]))
      strlist_push(out, xstrdup(every.items[i]));
  strlist_free(&every);
}

/* A page as a projector and a phone show it, and its first 2400 pixels, where the pictures
 * are: DIR/shots/PAGE.png, PAGE-phone.png and PAGE-full.png. */
static const struct {
  const char *suffix, *size;
} SCREENS[] = {{"", "--window-size=1280,720"},
               {"-phone", "--window-size=412,900"},
               {"-full", "--window-size=1280,2400"}};

static int take_shots(const char *dir, char **pages, int n) {
  if (!browser_available()) {
    fprintf(stderr, "racecheck: no %s to take screenshots with (./bootstrap installs it)\n",
            CHROMIUM);
    return 2;
  }
  char *shots = xasprintf("%s/shots", dir);
  int failed = !make_dirs(shots);
  for (int i = 0; i < n && !failed; i++)
    for (size_t s = 0; s < sizeof SCREENS / sizeof SCREENS[0]; s++) {
      char *page = xasprintf("%s/%s.html", dir, pages[i]);
      char *flag = xasprintf("--screenshot=%s/%s%s.png", shots, pages[i], SCREENS[s].suffix);
      const char *flags[] = {"--hide-scrollbars", SCREENS[s].size, flag, NULL};
      struct buf out = {0}, err = {0};
      char *error = NULL;
      if (!valid_case_name(pages[i]) || browser_run(flags, page, &out, &err, &error) != 0) {
        fprintf(stderr, "racecheck: no screenshot of %s: %s\n", page,
                error ? error : "not a page name");
        failed = 1;
      }
      free(page), free(flag), free(error);
      buf_free(&out), buf_free(&err);
    }
  if (!failed)
    printf("racecheck: screenshots in %s/\n", shots);
  free(shots);
  return failed ? 2 : 0;
}

int cmd_report(const struct options *o, int argc, char **argv) {
  if (o->shots) {
    char *owned;
    int rc = take_shots(report_dir(o, &owned), argv, argc);
    free(owned);
    return rc;
  }
  if (argc == 0 && !o->index && !o->all)
    return usage_error("report needs lessons (their first case), --index or --all");
  struct lessons l;
  char *error = NULL;
  if (lessons_read(o->cases_dir, &l, &error) != 0) {
    fprintf(stderr, "racecheck: %s\n", error);
    free(error);
    return 2;
  }
  char *owned;
  const char *dir = report_dir(o, &owned);
  struct strlist alone = {0}, pages = {0};
  cases_alone(o, &l, &alone);
  for (int i = 0; i < argc; i++)
    strlist_push(&pages, xstrdup(argv[i]));
  for (size_t i = 0; o->all && i < l.len; i++)
    strlist_push(&pages, xstrdup(l.items[i].cases.items[0]));
  for (size_t i = 0; o->all && i < alone.len; i++)
    strlist_push(&pages, xstrdup(alone.items[i]));
  int failed = 0;
  for (size_t i = 0; i < pages.len; i++)
    if (!valid_case_name(pages.items[i]))
      failed += fprintf(stderr, "racecheck: %s is not a case name\n", pages.items[i]) > 0;
    else
      failed += !write_page(o, dir, &l, pages.items[i]);
  if (o->index || o->all)
    failed += !write_index(o, dir, &l, &alone);
  strlist_free(&alone), strlist_free(&pages);
  lessons_free(&l);
  free(owned);
  return failed ? 2 : 0;
}
