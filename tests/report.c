/* The HTML report, read back from what headless Chromium rendered: every lesson's page shows
 * its rule, its programs, the lines its expected file names marked, and a picture with a
 * lane per thread; no page logs a console message or refers to anything outside the file;
 * and a program that prints markup, from a file named like markup, cannot add an element to
 * its page. Where Chromium is missing, the test says SKIP and passes. */
#include "browser.h"
#include "case_info.h"
#include "html.h"
#include "lessons.h"
#include "page.h"
#include "runlib.h"
#include "story.h"

#include <sys/stat.h>

static const char RACECHECK[] = "build/asan/racecheck";
static char *tmp;

/* ---- what a rendered page holds ---- */

/* The text of the tag around `at` (from its '<' to its '>'), or NULL. */
static char *tag_around(const char *dom, const char *at) {
  const char *start = at, *end = strchr(at, '>');
  while (start > dom && *start != '<')
    start--;
  return *start == '<' && end ? xstrndup(start, (size_t)(end - start + 1)) : NULL;
}

static int count(const char *text, const char *what) {
  int n = 0;
  for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
    n++;
  return n;
}

/* Why a rendered page would reach outside itself: a src or an href that is not a page of the
 * report or a place in one, and the number of console messages. 0: none. */
static int outside_problems(const char *dom, const char *err) {
  int problems = count(dom, " src=\"") + count(dom, "<script") + count(dom, "<iframe") +
                 count(dom, "<link") + count(dom, "<object");
  for (const char *p = strstr(dom, " href=\""); p; p = strstr(p + 1, " href=\"")) {
    const char *value = p + strlen(" href=\"");
    size_t len = strcspn(value, "\"");
    char *href = xstrndup(value, len);
    int local = !strstr(href, ":") && !starts_with(href, "//");
    if (!local)
      printf("a link outside the report: %s\n", href);
    problems += !local;
    free(href);
  }
  struct strlist console = {0};
  browser_console(err, &console);
  for (size_t i = 0; i < console.len; i++)
    printf("console: %s\n", console.items[i]);
  problems += (int)console.len;
  strlist_free(&console);
  return problems + !strstr(dom, "Content-Security-Policy");
}

struct rendered {
  char *dom, *err;
};

static struct rendered render(const char *page) {
  const char *flags[] = {"--dump-dom", NULL};
  struct buf out = {0}, err = {0};
  char *error = NULL;
  if (browser_run(flags, page, &out, &err, &error) != 0)
    printf("%s: %s\n", page, error);
  free(error);
  return (struct rendered){out.data ? out.data : xstrdup(""), err.data ? err.data : xstrdup("")};
}

static void rendered_free(struct rendered *r) {
  free(r->dom), free(r->err);
}

/* ---- what the page must show, from the case's own files ---- */

/* Text as Chromium writes a text node back: only &, < and > as entities. */
static char *escaped(const char *text) {
  struct buf b = {0};
  for (const char *p = text; *p; p++)
    buf_adds(&b, *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : (char[]){*p, 0});
  return b.data ? b.data : xstrdup("");
}

/* Whether the page holds `what`; says what it lacks, not the whole page. */
static int shows(const char *dom, const char *what) {
  if (strstr(dom, what))
    return 1;
  printf("  the page does not show: %s\n", what);
  return 0;
}

/* Each "NAME.c:LINE" in the expected file's finding lines must be a marked line. */
static void check_named_lines(const char *dom, const char *name) {
  char *path = xasprintf("expected/%s.txt", name), *file = xasprintf("%s.c:", name);
  char *text = slurp(path);
  int checked = 0;
  for (const char *p = strstr(text, file); p; p = strstr(p + 1, file)) {
    const char *line_start = p;
    while (line_start > text && line_start[-1] != '\n')
      line_start--;
    if (*line_start == '#')
      continue;
    char *choice = xstrndup(line_start, (size_t)(p - line_start));
    const char *open = strstr(choice, "{{");
    int chosen = open && !strstr(open, "}}"); /* in {{a|b}}: not every compiler names it */
    free(choice);
    if (chosen)
      continue;
    char *id = xasprintf("id=\"%s-L%d\"", name, atoi(p + strlen(file)));
    const char *at = strstr(dom, id);
    char *tag = at ? tag_around(dom, at) : NULL;
    if (!CHECK(tag && strstr(tag, "named")))
      printf("  %s: %s is not marked as named\n", name, id);
    checked++;
    free(tag), free(id);
  }
  CHECK(checked > 0 || !strstr(text, "\ndata race"));
  free(text), free(path), free(file);
}

static void check_program_shown(const char *dom, const char *name) {
  char *figure = xasprintf("<figure class=\"program\" data-case=\"%s\">", name);
  CHECK(shows(dom, figure));
  char *source = xasprintf("cases/%s.c", name);
  struct case_info info;
  if (case_info_read(source, &info) == 0) {
    for (size_t i = 0; i < info.nbug_lines; i++) {
      char *id = xasprintf("id=\"%s-L%d\"", name, info.bug_lines[i]);
      const char *at = strstr(dom, id);
      char *tag = at ? tag_around(dom, at) : NULL;
      if (!CHECK(tag && strstr(tag, " bug")))
        printf("  %s: the BUG line %s is not marked\n", name, id);
      free(tag), free(id);
    }
    case_info_free(&info);
  }
  free(source), free(figure);
}

/* The threads an expected file's findings name: "main thread", "thread created at X". */
/* The threads the first finding whose line starts with `headline` names: the finding the
 * picture draws. */
static void named_threads(const char *name, const char *headline, struct strlist *out) {
  char *path = xasprintf("expected/%s.txt", name);
  char *text = slurp(path);
  struct strlist lines = {0};
  split_lines(text, strlen(text), &lines);
  int in = 0, seen = 0;
  for (size_t i = 0; i < lines.len; i++) {
    const char *l = lines.items[i];
    if (l[0] != ' ') {
      in = !seen && starts_with(l, headline);
      seen |= in;
    }
    if (!in)
      continue;
    /* a signaller named in a waiter's line ended before the hang: it has no lane */
    const char *signalled = strstr(l, "; signalled ");
    for (const char *p = l; (p = strstr(p, "thread")) && (!signalled || p < signalled); p++) {
      char *thread = NULL;
      if (p >= l + 5 && starts_with(p - 5, "main thread"))
        thread = xstrdup("main thread");
      else if (starts_with(p, "thread created at ") || starts_with(p, "thread #") ||
               starts_with(p, "thread '")) { /* named by its place, its number, its name */
        const char *at = strstr(p, "created at ");
        if (at && (size_t)(at - p) < 64)
          thread = xstrndup(p, (size_t)(at + 11 - p) + strcspn(at + 11, " );,"));
      }
      int known = !thread;
      for (size_t k = 0; thread && k < out->len && !known; k++)
        known = strcmp(out->items[k], thread) == 0;
      if (!known)
        strlist_push(out, thread);
      else
        free(thread);
    }
  }
  strlist_free(&lines);
  free(text), free(path);
}

static int expects(const char *name, const char *what) {
  char *path = xasprintf("expected/%s.txt", name);
  char *text = slurp(path);
  int yes = strstr(text, what) != NULL;
  free(text), free(path);
  return yes;
}

/* A race or a deadlock is drawn with a lane per thread its expected file names (two threads
 * created at one line, in a loop, share a name and each has a lane). */
static void check_picture(const char *dom, const char *name) {
  const char *headline = expects(name, "\ndata race on ")          ? "data race on "
                         : expects(name, "\ndeadlock: ")           ? "deadlock: "
                         : expects(name, "\nlock-order-inversion") ? "lock-order-inversion"
                                                                   : NULL;
  const char *kind = !headline                            ? NULL
                     : starts_with(headline, "data race") ? "race"
                     : starts_with(headline, "deadlock")  ? "deadlock"
                                                          : "lock-order";
  if (!kind)
    return;
  char *svg = xasprintf("data-kind=\"%s\"", kind);
  const char *at = strstr(dom, svg);
  CHECK(shows(dom, svg));
  if (at && strcmp(kind, "lock-order") != 0) {
    const char *end = strstr(at, "</svg>");
    char *picture = xstrndup(at, end ? (size_t)(end - at) : strlen(at));
    struct strlist threads = {0};
    named_threads(name, headline, &threads);
    int lanes = count(picture, "<g class=\"lane");
    if (!CHECK(lanes >= (int)threads.len && lanes <= 2 * (int)threads.len))
      printf("  %s: %d lanes for %zu threads\n", name, lanes, threads.len);
    for (size_t i = 0; i < threads.len; i++) {
      char *lane = xasprintf("data-thread=\"%s\"", threads.items[i]);
      CHECK(shows(picture, lane));
      free(lane);
    }
    CHECK(shows(picture, "<title id=") && shows(picture, "<desc id="));
    strlist_free(&threads);
    free(picture);
  }
  free(svg);
}

static char *rule_of(const char *name) {
  char *source = xasprintf("cases/%s.c", name);
  struct case_info info;
  char *rule = NULL;
  if (case_info_read(source, &info) == 0) {
    for (size_t i = 0; i < info.header.len && !rule; i++)
      if (starts_with(info.header.items[i], "Rule: "))
        rule = escaped(info.header.items[i] + strlen("Rule: "));
    case_info_free(&info);
  }
  free(source);
  return rule;
}

static void check_lesson(const char *dir, const struct strlist *cases) {
  char *page = xasprintf("%s/%s.html", dir, cases->items[0]);
  struct rendered r = render(page);
  char *rule = rule_of(cases->items[0]);
  CHECK(rule && shows(r.dom, rule));
  for (size_t i = 0; i < cases->len; i++) {
    check_program_shown(r.dom, cases->items[i]);
    check_named_lines(r.dom, cases->items[i]);
    check_picture(r.dom, cases->items[i]);
  }
  /* the key to BUG and FIX marks is there when, and only when, some line carries one */
  CHECK(!strstr(r.dom, " bug\" id=") == !strstr(r.dom, "where the rule is broken"));
  CHECK(!strstr(r.dom, " fix\" id=") == !strstr(r.dom, "where it is kept"));
  if (!CHECK(outside_problems(r.dom, r.err) == 0))
    printf("  %s reaches outside itself\n", page);
  if (strstr(r.dom, "stdout: A calls lock()") || strstr(r.dom, "stdout: A read ")) /* a story */
    CHECK(shows(r.dom, "data-kind=\"story\""));
  rendered_free(&r);
  free(rule), free(page);
}

static void test_every_lesson_page(void) {
  char *dir = xasprintf("%s/report", tmp);
  char *report[] = {(char *)RACECHECK, "report", "--out", dir, "--all", NULL};
  struct result r = run(report);
  CHECK(r.code == 0);
  result_free(&r);
  struct lessons l;
  char *error = NULL;
  if (!CHECK(lessons_read("cases", &l, &error) == 0)) {
    printf("%s\n", error);
    free(error);
    free(dir);
    return;
  }
  for (size_t i = 0; i < l.len; i++)
    check_lesson(dir, &l.items[i].cases);
  char *index = xasprintf("%s/index.html", dir);
  struct rendered idx = render(index);
  for (size_t i = 0; i < l.len; i++) {
    char *link = xasprintf("href=\"%s.html\"", l.items[i].cases.items[0]);
    CHECK(shows(idx.dom, link));
    free(link);
  }
  CHECK(outside_problems(idx.dom, idx.err) == 0);
  rendered_free(&idx);
  lessons_free(&l);
  free(index), free(dir);
}

/* The checks above must be able to fail: a page that loads an image from the network and
 * runs a script is caught. */
static void test_a_page_that_reaches_out_is_caught(void) {
  char *page = xasprintf("%s/leaky.html", tmp);
  const char leaky[] = "<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" "
                       "content=\"default-src 'none'\"><p>hi<img src=\"http://example.invalid/"
                       "x.png\"><script>console.log('hi')</script>";
  if (!write_file(page, leaky, strlen(leaky)))
    exit(1);
  struct rendered r = render(page);
  CHECK(outside_problems(r.dom, r.err) >= 2);
  struct strlist console = {0};
  browser_console(r.err, &console);
  CHECK(console.len >= 1); /* the blocked image and the blocked script */
  strlist_free(&console);
  rendered_free(&r);
  free(page);
}

/* A program's output, source and file name are all shown as text. */
static void test_markup_from_a_program_stays_text(void) {
  char *source = xasprintf("%s/<img src=x onerror=alert(3)>.c", tmp);
  char *text = slurp("tests/data/report_hostile.c");
  if (!write_file(source, text, strlen(text)))
    exit(1);
  char *build = xasprintf("%s/build", tmp), *page = xasprintf("%s/hostile.html", tmp);
  char *show[] = {(char *)RACECHECK, "show", "--build", build, "--html", page, source, NULL};
  struct result r = run(show);
  CHECK(r.code == 1); /* the race */
  result_free(&r);
  struct rendered shown = render(page);
  CHECK(outside_problems(shown.dom, shown.err) == 0);
  CHECK(count(shown.dom, "<img") == 0 && count(shown.dom, "<script") == 0);
  CHECK(shows(shown.dom, "&lt;script&gt;document.title = 'owned by stdout'&lt;/script&gt;"));
  CHECK(shows(shown.dom, "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;"));
  CHECK(shows(shown.dom, "&lt;img src=x onerror=alert(3)&gt;.c"));
  CHECK(!strstr(shown.dom, "<title>owned"));
  CHECK(shows(shown.dom, "data-kind=\"race\""));
  CHECK(!strstr(shown.dom, "keeps it")); /* no verdict of its own on a learner's program */
  rendered_free(&shown);
  free(source), free(text), free(build), free(page);
}

/* A learner's own program, indented with tabs, named in lower case, with no BUG or FIX
 * mark: its loop body is drawn inside its loop, its name is shown as written, and the page
 * has no key to marks it does not carry. */
static void test_a_learners_program_as_written(void) {
  char *source = xasprintf("%s/main-race.c", tmp);
  const char text[] = "#include <pthread.h>\n"
                      "static int hits;\n"
                      "static void *count(void *arg) {\n"
                      "\tfor (int i = 0; i < 3; i++)\n"
                      "\t\thits++;\n"
                      "\treturn arg;\n"
                      "}\n"
                      "int main(void) {\n"
                      "\tpthread_t t;\n"
                      "\tpthread_create(&t, NULL, count, NULL);\n"
                      "\tcount(NULL);\n"
                      "\tpthread_join(t, NULL);\n"
                      "}\n";
  if (!write_file(source, text, strlen(text)))
    exit(1);
  char *build = xasprintf("%s/build", tmp), *page = xasprintf("%s/main-race.html", tmp);
  char *show[] = {(char *)RACECHECK, "show", "--build", build, "--html", page, source, NULL};
  struct result r = run(show);
  CHECK(r.code == 1); /* the race */
  result_free(&r);
  struct rendered shown = render(page);
  CHECK(shows(shown.dom, "<h1 class=\"file\">main-race.c</h1>"));
  CHECK(shows(shown.dom, "</span>        for (int i = 0; i &lt; 3; i++)</span>"));
  CHECK(shows(shown.dom, "</span>                hits++;</span>"));
  CHECK(!strstr(shown.dom, "\t"));
  CHECK(!strstr(shown.dom, "where the rule is broken") && !strstr(shown.dom, "where it is kept"));
  CHECK(shows(shown.dom, "a line the detector named")); /* that mark it does carry */
  rendered_free(&shown);
  free(source), free(build), free(page);
}

/* ---- the parts, without a browser ---- */

static void test_html_escapes_everything(void) {
  struct buf b = {0};
  html_add(&b, "<script>a & \"b\" 'c'\x01\x1b[0m\xff\xc3\xa9\n");
  CHECK_STR(b.data, "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;\\x01\\x1B[0m\xef\xbf\xbd"
                    "\xc3\xa9\n");
  buf_free(&b);
}

/* Without a browser: the page escapes what a run printed and what a source holds. */
static void test_page_escapes_a_run(void) {
  struct run_result r = {0};
  strlist_push(&r.lines, xstrdup("stdout: <script>alert(1)</script>"));
  strlist_push(&r.findings.stdout_lines, xstrdup("stdout: <b>A</b> read \" & '"));
  struct page_program p = {"report_hostile", "tests/data/report_hostile.c", NULL, "TSan", &r};
  char *html = page_html(&(struct page){&p, 1, NULL, "<i>A</i>:balance B"});
  CHECK(count(html, "<script") == 0 && count(html, "<b>A</b>") == 0 && count(html, "<i>") == 0);
  CHECK(shows(html, "&lt;i&gt;A&lt;/i&gt;:balance B"));
  CHECK(shows(html, "stdout: &lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(shows(html, "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;document.title"));
  free(html);
  run_result_free(&r);
}

static void lines_of(const char *text, struct strlist *out) {
  split_lines(text, strlen(text), out);
}

static void test_story_of_a_table_and_of_actors(void) {
  struct strlist table = {0}, actors = {0}, none = {0};
  lines_of("step thread 1         thread 2     mutex state   counter\n"
           "1    calls lock()     -            locked by T1  0\n"
           "2    -                calls lock() locked by T1  0\n"
           "3    updates 0 -> 1   (waiting)    locked by T1  1\n"
           "counter = 1\n",
           &table);
  struct story s;
  CHECK(story_read(&table, &s) == 1 && s.lanes.len == 2 && s.len == 4);
  if (s.len == 4) {
    CHECK_STR(s.lanes.items[1], "thread 2");
    CHECK(s.steps[1].lane == 1 && s.steps[2].lane == 0 && s.steps[2].waiting[1]);
    CHECK_STR(s.steps[2].action, "updates 0 -> 1");
    CHECK(s.state_names.len == 2 && s.steps[0].state.len == 2);
    if (s.steps[0].state.len == 2)
      CHECK_STR(s.steps[0].state.items[0], "locked by T1");
    CHECK_STR(s.state_names.items[0], "mutex state");
    CHECK(s.steps[3].lane == -1);
  }
  story_free(&s);
  lines_of("A read 100\nB read 100\nA wrote 90\nB wrote 90\nbalance 90\n", &actors);
  CHECK(story_read(&actors, &s) == 1 && s.lanes.len == 2 && s.len == 5);
  if (s.len == 5) {
    CHECK(s.steps[2].lane == 0 && s.steps[4].lane == -1);
    CHECK_STR(s.steps[3].action, "wrote 90");
  }
  story_free(&s);
  lines_of("counter = 1000\n", &none);
  CHECK(story_read(&none, &s) == 0);
  strlist_free(&table), strlist_free(&actors), strlist_free(&none);
}

/* A table of 20 threads: every column is read (a fixed 16 once dropped the rest). */
static void test_story_of_many_threads(void) {
  struct buf text = {0};
  buf_adds(&text, "step");
  for (int t = 1; t <= 20; t++)
    buf_printf(&text, "  thread %-2d", t);
  buf_adds(&text, "\n1   ");
  for (int t = 1; t <= 20; t++)
    buf_printf(&text, "  %-9s", t == 20 ? "locks it" : "(waiting)");
  buf_adds(&text, "\n");
  struct strlist table = {0};
  lines_of(text.data, &table);
  struct story s;
  CHECK(story_read(&table, &s) == 1 && s.lanes.len == 20 && s.len == 1);
  if (s.len == 1 && s.lanes.len == 20) {
    CHECK_STR(s.lanes.items[19], "thread 20");
    CHECK(s.steps[0].lane == 19);
  }
  story_free(&s);
  strlist_free(&table);
  buf_free(&text);
}

int main(void) {
  test_html_escapes_everything();
  test_story_of_a_table_and_of_actors();
  test_story_of_many_threads();
  test_page_escapes_a_run();
  if (!browser_available()) {
    printf("report: SKIP: %s is not installed (./bootstrap installs it), so no page was "
           "rendered in a browser\n",
           CHROMIUM);
    return test_summary("report");
  }
  tmp = test_folder_make("report");
  test_a_page_that_reaches_out_is_caught();
  test_every_lesson_page();
  test_markup_from_a_program_stays_text();
  test_a_learners_program_as_written();
  test_folder_remove(tmp);
  return test_summary("report");
}
