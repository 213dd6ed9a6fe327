#include "page.h"

#include "case_info.h"
#include "expect.h"
#include "explain.h"
#include "html.h"
#include "page_style.h"
#include "story.h"
#include "svg.h"

#include <stdlib.h>
#include <string.h>

/* Nothing may load: no script, no font, no image but inline ones, no frame, no form. */
static const char POLICY[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'";

void page_begin(struct buf *b, const char *title) {
  buf_printf(b,
             "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             "<meta name=\"referrer\" content=\"no-referrer\"><title>",
             POLICY);
  html_add(b, title);
  buf_printf(b, "</title><style>%s</style></head><body>\n", PAGE_STYLE);
}

void page_end(struct buf *b) {
  buf_adds(b, "</body></html>\n");
}

/* A line with its tabs as the spaces up to the next stop of 8, as a terminal shows it: a
 * browser counts a tab's stops from where the line box starts, which a hanging line number
 * moves, so a tab-indented loop body would look outside its loop. */
static char *expand_tabs(const char *line) {
  struct buf out = {0};
  size_t column = 0;
  for (const char *p = line; *p; p++) {
    if (*p == '\t') {
      do
        buf_adds(&out, " ");
      while (++column % 8);
      continue;
    }
    buf_add(&out, p, 1);
    column += ((unsigned char)*p & 0xc0) != 0x80; /* a column per UTF-8 character */
  }
  return out.data ? out.data : xstrdup("");
}

/* The lines of a source, tabs expanded, and the first line of its code (after the header
 * comment). */
static size_t source_lines(const char *path, struct strlist *lines) {
  struct buf text = {0};
  if (read_file(path, &text))
    split_lines(text.data, text.len, lines);
  buf_free(&text);
  for (size_t i = 0; i < lines->len; i++) {
    char *expanded = expand_tabs(lines->items[i]);
    free(lines->items[i]);
    lines->items[i] = expanded;
  }
  for (size_t i = 0; lines->len && starts_with(lines->items[0], "/*") && i < lines->len; i++)
    if (strstr(lines->items[i], "*/"))
      return i + 1;
  return 0;
}

/* ---- which lines the findings name ---- */

struct named_lines {
  const char *file; /* the source's base name, as findings name it */
  int *lines;
  size_t n;
};

static void name_frame(struct named_lines *nl, const struct frame *fr) {
  if (fr->file && fr->line > 0 && strcmp(fr->file, nl->file) == 0) {
    nl->lines = xrealloc(nl->lines, (nl->n + 1) * sizeof *nl->lines);
    nl->lines[nl->n++] = fr->line;
  }
}

static void name_stack(struct named_lines *nl, const struct stack *s) {
  for (size_t i = 0; i < s->len; i++)
    name_frame(nl, &s->frames[i]);
}

static void name_thread(struct named_lines *nl, const struct thread_name *n) {
  if (n->naming == THREAD_CREATED_AT)
    name_frame(nl, &n->at);
}

/* Every place a finding names: its accesses and events, where its threads were created,
 * where its mutexes and its memory came from, where each thread of a hang waits. */
static void name_report(struct named_lines *nl, const struct report *r) {
  for (size_t i = 0; i < r->naccesses; i++)
    name_stack(nl, &r->accesses[i].stack), name_thread(nl, &r->accesses[i].by);
  for (size_t i = 0; i < r->nthreads; i++)
    name_thread(nl, &r->threads[i].name);
  for (size_t i = 0; i < r->nmutexes; i++)
    name_stack(nl, &r->mutexes[i].created);
  name_stack(nl, &r->location.stack);
  for (size_t i = 0; i < r->nevents; i++)
    name_stack(nl, &r->events[i].stack);
  for (size_t i = 0; i < r->nedges; i++)
    name_stack(nl, &r->edges[i].acquired), name_stack(nl, &r->edges[i].earlier);
  for (size_t i = 0; i < r->nwaiters; i++) {
    name_thread(nl, &r->waiters[i].who);
    name_thread(nl, &r->waiters[i].target);
    name_thread(nl, &r->waiters[i].owner_name);
    name_frame(nl, &r->waiters[i].at);
    name_frame(nl, &r->waiters[i].owner_locked_at);
    name_frame(nl, &r->waiters[i].owner_exited_at);
    name_frame(nl, &r->waiters[i].signalled_at);
    name_thread(nl, &r->waiters[i].signaller);
  }
}

static int is_named(const struct named_lines *nl, int line) {
  for (size_t i = 0; i < nl->n; i++)
    if (nl->lines[i] == line)
      return 1;
  return 0;
}

/* ---- the programs, side by side ---- */

/* Which marks the programs' lines carry. */
struct marks {
  int bug, fix, named;
};

static void code_line(struct buf *b, const char *name, size_t number, const char *text, int named,
                      struct marks *m) {
  const char *tag = strstr(text, "/* BUG") ? "BUG" : strstr(text, "/* FIX") ? "FIX" : NULL;
  m->bug |= tag && tag[0] == 'B', m->fix |= tag && tag[0] == 'F', m->named |= named;
  buf_printf(b, "<span class=\"line%s%s%s\" id=\"", named ? " named" : "",
             tag && tag[0] == 'B' ? " bug" : "", tag && tag[0] == 'F' ? " fix" : "");
  html_add(b, name);
  buf_printf(
      b, "-L%zu\" data-line=\"%zu\"><span class=\"n\">%s%zu</span><span class=\"tag\">%s</span>",
      number, number, named ? "&#9654;" : "", number, tag ? tag : "");
  if (named)
    buf_adds(b, "<span class=\"sr\">named by the detector: </span>");
  html_add(b, text);
  buf_adds(b, "</span>");
}

static int breaks_rule(const char *source) {
  struct case_info info = {0};
  int breaks = case_info_read(source, &info) == 0 && info.nbug_lines > 0;
  case_info_free(&info);
  return breaks;
}

static void program_figure(struct buf *b, const struct page_program *p, struct marks *m) {
  struct named_lines nl = {.file = path_basename(p->source)};
  const struct findings *f = &p->run->findings.findings;
  for (size_t i = 0; i < f->len; i++)
    name_report(&nl, &f->items[i].report);
  struct strlist lines = {0};
  size_t first = source_lines(p->source, &lines);
  int breaks = breaks_rule(p->source);
  buf_adds(b, "<figure class=\"program\" data-case=\"");
  html_add(b, p->name);
  buf_adds(b, "\"><figcaption>");
  html_add(b, nl.file);
  if (p->expected) /* a case says whether it breaks its rule; a learner's program does not */
    buf_printf(b, "<span class=\"badge %s\">%s</span>", breaks ? "breaks" : "keeps",
               breaks ? "breaks the rule" : "keeps it");
  buf_adds(b, "</figcaption><pre class=\"code\"><code>");
  for (size_t i = first; i < lines.len; i++)
    code_line(b, p->name, i + 1, lines.items[i], is_named(&nl, (int)i + 1), m);
  buf_adds(b, "</code></pre></figure>\n");
  strlist_free(&lines);
  free(nl.lines);
}

/* ---- what each program's run said ---- */

static char *page_source_line(const char *file, int line, void *ctx) {
  const struct page *p = ctx;
  for (size_t i = 0; i < p->n; i++)
    if (strcmp(path_basename(p->programs[i].source), file) == 0) {
      struct strlist lines = {0};
      source_lines(p->programs[i].source, &lines);
      char *text = line > 0 && (size_t)line <= lines.len ? xstrdup(lines.items[line - 1]) : NULL;
      strlist_free(&lines);
      return text;
    }
  return NULL;
}

static void detector_words(struct buf *b, const struct page_program *p) {
  const struct run_result *r = p->run;
  struct buf log = {0};
  int read = r->detector_log_path && read_file(r->detector_log_path, &log);
  buf_adds(b, "<details class=\"raw\"><summary>");
  html_printf(b, "%s's own words", p->detector);
  buf_adds(b, "</summary><pre>");
  if (read && log.len)
    html_addn(b, log.data, log.len);
  else
    buf_adds(b, "(it printed nothing)");
  buf_adds(b, "</pre></details>\n");
  buf_free(&log);
}

/* The expected file's comments: what the case's author says its findings mean. A note on
 * the file's own patterns ("# {{write|read}}: ...", to the end of its sentence) is for
 * whoever edits the file, not for a learner. */
static void author_comments(struct buf *b, const char *expected) {
  struct expected want = {0};
  char *error = NULL;
  if (expected && expect_load(expected, &want, &error) == 0) {
    struct strlist lines = {0};
    split_lines(buf_str(&want.header), want.header.len, &lines);
    int open = 0, in_note = 0;
    for (size_t i = 0; i < lines.len; i++) {
      const char *line = lines.items[i];
      if (!starts_with(line, "#"))
        continue;
      const char *text = line + 1 + (line[1] == ' ');
      if (starts_with(text, "{{") || in_note) {
        in_note = !ends_with(text, ".");
        continue;
      }
      buf_adds(b, open ? " " : "<p class=\"author\">");
      html_add(b, text);
      open = 1;
    }
    if (open)
      buf_adds(b, "</p>\n");
    strlist_free(&lines);
  }
  free(error);
  expect_free(&want);
}

static void explanations(struct buf *b, const struct run_findings *f, const struct page *page) {
  const struct explanation **told = xmalloc((f->findings.len + 1) * sizeof *told);
  size_t ntold = 0;
  for (size_t i = 0; i < f->findings.len; i++) {
    const struct explanation *e =
        explain_report(&f->findings.items[i].report, page_source_line, (void *)page);
    size_t k = 0;
    while (k < ntold && told[k] != e)
      k++;
    if (k < ntold)
      continue;
    told[ntold++] = e;
    buf_adds(b, "<p><strong>What it means:</strong> ");
    html_add(b, e->means);
    buf_adds(b, " <strong>The usual fix:</strong> ");
    html_add(b, e->fix);
    buf_adds(b, ".</p>\n");
  }
  free(told);
  struct strlist words = {0};
  explain_jargon(f, &words);
  if (words.len)
    buf_adds(b, "<p><strong>In plain words:</strong></p>\n<ul class=\"words\">\n");
  for (size_t i = 0; i < words.len; i++) {
    buf_adds(b, "<li>");
    html_add(b, words.items[i]);
    buf_adds(b, "</li>\n");
  }
  if (words.len)
    buf_adds(b, "</ul>\n");
  strlist_free(&words);
  if (f->findings.len == 0 && f->end == CHILD_EXITED) {
    buf_adds(b, "<p><strong>A clean run:</strong> ");
    html_add(b, CLEAN_RUN);
    buf_adds(b, "</p>\n");
  }
}

static void story_picture(struct buf *b, const struct page_program *p, size_t index) {
  struct strlist out = {0};
  const struct strlist *said = &p->run->findings.stdout_lines;
  for (size_t i = 0; i < said->len; i++)
    strlist_push(&out, xstrdup(said->items[i] + strlen("stdout: ")));
  struct story s;
  if (story_read(&out, &s)) {
    char *id = xasprintf("story%zu", index);
    buf_adds(b, "<h3>The steps, in the schedule's order</h3><div class=\"figure-wrap\">");
    svg_story(b, &s, id);
    buf_adds(b, "</div>\n");
    free(id);
    story_free(&s);
  }
  strlist_free(&out);
}

static void pictures(struct buf *b, const struct page *page, size_t index) {
  const struct findings *f = &page->programs[index].run->findings.findings;
  for (size_t i = 0; i < f->len; i++) {
    char *id = xasprintf("p%zu-f%zu", index, i);
    struct buf svg = {0};
    if (svg_finding(&svg, &f->items[i].report, id, page_source_line, (void *)page)) {
      buf_adds(b, "<div class=\"figure-wrap\">");
      buf_adds(b, buf_str(&svg));
      buf_adds(b, "</div>\n");
      const struct report *r = &f->items[i].report;
      if ((r->kind == REPORT_DATA_RACE || r->kind == REPORT_MEMORY_ERROR) && r->naccesses == 2) {
        buf_adds(b, "<p class=\"race-verdict\">");
        html_add(b, race_verdict(r));
        buf_adds(b, "</p>\n");
      }
    }
    buf_free(&svg);
    free(id);
  }
}

static void program_run(struct buf *b, const struct page *page, size_t index) {
  const struct page_program *p = &page->programs[index];
  const struct run_result *r = p->run;
  int clean = r->findings.findings.len == 0;
  buf_adds(b, "<section class=\"run\" id=\"run-");
  html_add(b, p->name);
  buf_adds(b, "\" data-case=\"");
  html_add(b, p->name);
  buf_adds(b, "\"><h2>");
  html_printf(b, "%s: what racecheck says", p->name);
  buf_printf(b, "</h2><pre class=\"said%s\">", clean ? " clean" : "");
  if (r->error)
    html_printf(b, "racecheck: %s\n", r->error);
  for (size_t i = 0; i < r->lines.len; i++)
    html_printf(b, "%s\n", r->lines.items[i]);
  buf_adds(b, "</pre>\n");
  detector_words(b, p);
  pictures(b, page, index);
  if (page->schedule) /* a story, if what it printed tells one */
    story_picture(b, p, index);
  author_comments(b, p->expected);
  explanations(b, &r->findings, page);
  buf_adds(b, "</section>\n");
}

/* ---- the page ---- */

static void rule_header(struct buf *b, const struct page *p) {
  struct case_info info = {0};
  case_info_read(p->programs[0].source, &info);
  const char *rule = case_info_rule(&info);
  if (p->index)
    buf_printf(b, "<nav><a href=\"%s\">&larr; All lessons</a></nav>\n", p->index);
  /* a rule is a sentence, capitalised by the style; a file's name is shown as written */
  buf_adds(b, rule ? "<header><h1 class=\"rule\">" : "<header><h1 class=\"file\">");
  html_add(b, rule ? rule : path_basename(p->programs[0].source));
  buf_adds(b, "</h1><p class=\"lead\">");
  for (size_t i = 0; i < info.header.len; i++)
    if (!starts_with(info.header.items[i], "Rule: ") &&
        !starts_with(info.header.items[i], "Detector: ") &&
        !starts_with(info.header.items[i], "Options: ")) {
      html_add(b, info.header.items[i]);
      buf_adds(b, " ");
    }
  buf_adds(b, "</p>");
  if (p->schedule) {
    buf_adds(b, "<p class=\"schedule\">Every run follows the lesson's schedule: <code>");
    html_add(b, p->schedule);
    buf_adds(b, "</code></p>");
  }
  buf_adds(b, "</header>\n");
  case_info_free(&info);
}

/* Links down the page, for a projector: to the programs and to each run. */
static void contents(struct buf *b, const struct page *p) {
  buf_adds(b, "<p class=\"contents\">On this page: <a href=\"#programs\">the programs</a>");
  for (size_t i = 0; i < p->n; i++) {
    buf_adds(b, " &middot; <a href=\"#run-");
    html_add(b, p->programs[i].name);
    buf_adds(b, "\">what racecheck says of ");
    html_add(b, p->programs[i].name);
    buf_adds(b, "</a>");
  }
  buf_adds(b, "</p>\n");
}

/* The key to the marks the programs' lines carry, each only when some line carries it. */
static void key(struct buf *b, const struct marks *m) {
  if (!m->bug && !m->fix && !m->named)
    return;
  buf_adds(b, "<p class=\"key\">");
  if (m->bug)
    buf_adds(b, "<span><b>BUG</b> where the rule is broken</span>");
  if (m->fix)
    buf_adds(b, "<span><b>FIX</b> where it is kept</span>");
  if (m->named)
    buf_adds(b, "<span><b>&#9654;</b> a line the detector named</span>");
  buf_adds(b, "</p>\n");
}

char *page_html(const struct page *p) {
  struct buf b = {0};
  char *title = xasprintf("racecheck: %s", p->programs[0].name);
  page_begin(&b, title);
  free(title);
  rule_header(&b, p);
  contents(&b, p);
  buf_adds(&b, "<main><section class=\"sources\" id=\"programs\"><h2>The programs</h2>");
  struct buf figures = {0};
  struct marks marks = {0};
  for (size_t i = 0; i < p->n; i++)
    program_figure(&figures, &p->programs[i], &marks);
  key(&b, &marks);
  buf_adds(&b, "<div class=\"programs\">\n");
  buf_adds(&b, buf_str(&figures));
  buf_adds(&b, "</div></section>\n");
  buf_free(&figures);
  for (size_t i = 0; i < p->n; i++)
    program_run(&b, p, i);
  buf_adds(&b, "</main>\n");
  page_end(&b);
  return b.data;
}
