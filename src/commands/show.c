#include "show.h"

#include "build_program.h"
#include "check.h"
#include "compile_db.h"
#include "explain.h"
#include "explore.h"
#include "json.h"
#include "page.h"
#include "picture.h"
#include "run_case.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the program's sources are: the files show was given, else the working folder. */
struct sources {
  char *const *paths;
  size_t n;
};

static char *source_line(const char *file, int line, void *ctx) {
  const struct sources *s = ctx;
  char *path = NULL;
  for (size_t i = 0; i < s->n && !path; i++)
    if (strcmp(path_basename(s->paths[i]), file) == 0)
      path = xstrdup(s->paths[i]);
  if (!path)
    path = xstrdup(file);
  struct buf text = {0};
  struct strlist lines = {0};
  if (read_file(path, &text))
    split_lines(text.data, text.len, &lines);
  char *wanted = line > 0 && (size_t)line <= lines.len ? xstrdup(lines.items[line - 1]) : NULL;
  strlist_free(&lines);
  buf_free(&text);
  free(path);
  return wanted;
}

static void show_json(const char *program, const struct run_result *r, struct sources *sources) {
  struct json j = {.out = stdout, .source = source_line, .source_ctx = sources};
  json_begin_object(&j, NULL);
  json_int(&j, "racecheck_format", 1);
  json_string(&j, "program", program);
  json_string(&j, "summary", r->summary);
  json_string(&j, "note", r->note);
  json_run(&j, "run", &r->findings);
  json_end_object(&j);
}

/* Under each finding, for a learner: the interleaving and what it means. */
static void explain_findings(const struct run_result *r, struct sources *sources) {
  const struct findings *f = &r->findings.findings;
  struct strlist words = {0};
  explain_jargon(&r->findings, &words);
  if (words.len)
    printf("\n  In plain words:\n");
  for (size_t i = 0; i < words.len; i++)
    print_wrapped(stdout, "    ", "      ", words.items[i]);
  strlist_free(&words);
  for (size_t i = 0; i < f->len; i++) {
    const struct report *report = &f->items[i].report;
    printf("\n");
    if (f->len > 1) /* which finding this is about */
      printf("%.*s\n", (int)strcspn(f->items[i].text, "\n"), f->items[i].text);
    picture_print(stdout, report, source_line, sources);
    const struct explanation *e = explain_report(report, source_line, sources);
    print_wrapped(stdout, "  What it means: ", "    ", e->means);
    char *fix = xasprintf("%s.", e->fix);
    print_wrapped(stdout, "  The usual fix: ", "    ", fix);
    free(fix);
  }
  if (f->len == 0 && r->findings.end == CHILD_EXITED)
    print_wrapped(stdout, "\n  A clean run: ", "    ", CLEAN_RUN);
}

/* A finding's line, folded at a space to fit 80 columns, the rest indented under it; what
 * the program printed is shown as it was. */
static void print_finding_line(const char *line) {
  size_t lead = strspn(line, " ");
  if (strlen(line) <= 80 || starts_with(line, "stdout: ")) {
    printf("%s\n", line);
    return;
  }
  char *first = xstrndup(line, lead), *rest = xasprintf("%s    ", first);
  print_wrapped(stdout, first, rest, line + lead);
  free(first), free(rest);
}

static void show_text(const struct options *o, const struct run_result *r,
                      struct sources *sources) {
  for (size_t i = 0; i < r->lines.len; i++)
    print_finding_line(r->lines.items[i]);
  if (r->note)
    printf("note: %s\n", r->note);
  char *environment = run_environment_problem(r);
  if (environment)
    printf("environment: %s\n", environment);
  else if (!o->brief)
    explain_findings(r, sources);
  free(environment);
}

/* The report's page for the program: its first source beside what the run showed. */
static int write_html(const char *out, const struct run_result *r, const struct sources *s) {
  struct page_program program = {path_basename(s->paths[0]), s->paths[0], NULL, "TSan", r};
  char *html = page_html(&(struct page){&program, 1, NULL, NULL});
  int ok = write_file(out, html, strlen(html));
  if (!ok)
    fprintf(stderr, "racecheck: cannot write %s: %s\n", out, strerror(errno));
  free(html);
  return ok;
}

static int refuse_program(const char *program) {
  char *why = NULL;
  if (!is_regular_executable(program, &why)) {
    fprintf(stderr, "racecheck: %s\n", why);
    free(why);
    return 1;
  }
  if (!built_with_tsan(program)) {
    fprintf(stderr,
            "racecheck: %s is not a program built with -fsanitize=thread (or cannot be "
            "read); give show its .c files and it builds them, or build it with "
            "racecheck cc\n",
            program);
    return 1;
  }
  if (!built_with_shim(program))
    fprintf(stderr,
            "racecheck: %s was built without racecheck's shim (or stripped of its\n"
            "  symbols): if it hangs, its threads are named by the function they started in,\n"
            "  not by the line that created them, and no owner's lock is traced to the line\n"
            "  that took it. Build it with racecheck cc (make CC=\"racecheck cc\") for the\n"
            "  whole diagnosis.\n",
            program);
  return 0;
}

/* "show FILE.c FILE.c -- ARGS": the sources, then the program's own arguments. */
static size_t count_sources(int argc, char **argv) {
  size_t n = 0;
  while ((int)n < argc && ends_with(argv[n], ".c"))
    n++;
  return n;
}

static int show_program(const struct options *o, char **argv, struct sources *sources) {
  struct run_options ro = run_options_of(o);
  ro.caller_tsan_options = 1; /* a look at a program, not a verdict: the caller's say goes */
  const char *caller = getenv("TSAN_OPTIONS");
  if (caller && *caller)
    fprintf(stderr, "racecheck: your TSAN_OPTIONS are in effect after racecheck's own: %s\n",
            caller);
  struct run_result r = {0};
  run_program(&ro, path_basename(argv[0]), argv, &r);
  if (r.error) {
    fprintf(stderr, "racecheck: %s\n", r.error);
    run_result_free(&r);
    return 2;
  }
  if (r.warning)
    fprintf(stderr, "racecheck: %s\n", r.warning);
  if (o->format == FORMAT_JSON)
    show_json(argv[0], &r, sources);
  else
    show_text(o, &r, sources);
  int clean =
      r.findings.findings.len == 0 && r.findings.end == CHILD_EXITED && r.findings.status == 0;
  int written = !o->html || write_html(o->html, &r, sources);
  run_result_free(&r);
  return !written ? 2 : clean ? 0 : 1;
}

/* Each finding of the exploration, shown as show shows a run: its shortest schedule's, run
 * again under it. */
static void show_found(const struct options *o, const struct explore_setup *setup,
                       const struct target *t, const struct exploration *x) {
  struct sources sources = {t->sources, t->nsources};
  for (size_t i = 0; i < x->nfindings; i++) {
    const struct explore_finding *f = &x->findings[i];
    printf("\nfinding %zu of %zu: %s\n", i + 1, x->nfindings, f->what);
    exploration_print_replay(f, t->operands);
    struct run_options ro = setup->run;
    ro.schedule = f->schedule;
    struct run_result r = {0};
    run_program(&ro, path_basename(t->argv[0]), t->argv, &r);
    printf("\nThat schedule, run again:\n");
    if (r.error)
      printf("racecheck: %s\n", r.error);
    else
      show_text(o, &r, &sources);
    run_result_free(&r);
  }
  if (x->nfindings == 0)
    printf("no finding: clean under every schedule run\n");
}

static int show_explored(const struct options *o, int argc, char **argv) {
  if (o->format == FORMAT_JSON || o->html || o->compile_db)
    return usage_error("show --explore writes text: without --format json, --html or -p");
  struct target t;
  int rc = target_open(o, argc, argv, "show --explore", &t);
  if (rc != 0)
    return rc;
  struct explore_setup setup = explore_setup_of(o, &t);
  struct exploration x = {0};
  rc = explore_schedules(&setup, &x);
  if (rc == 0) {
    exploration_print_counts(o, t.operands, &x);
    show_found(o, &setup, &t, &x);
    rc = x.nfindings ? 1 : 0;
  }
  exploration_free(&x);
  target_free(&t);
  return rc;
}

int cmd_show(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("show needs a program to run, or its .c files");
  if (o->explore)
    return show_explored(o, argc, argv);
  size_t n = count_sources(argc, argv);
  if (n == 0 && o->html)
    return usage_error("show --html needs the program's .c files, to show them");
  if (n == 0) {
    struct sources none = {0};
    return refuse_program(argv[0]) ? 2 : show_program(o, argv, &none);
  }
  if ((int)n < argc && strcmp(argv[n], "--") != 0)
    return usage_error("show takes .c files, then -- and the program's arguments");
  char *error = NULL, *cache = xasprintf("%s/show", o->build_dir);
  struct strlist flags = {0};
  for (size_t i = 0; i < o->compile_flags.len; i++)
    strlist_push(&flags, xstrdup(o->compile_flags.items[i]));
  for (size_t i = 0; o->compile_db && i < n && !error; i++)
    compile_db_flags(o->compile_db, argv[i], &flags, &error);
  struct build_flavour flavour = {.compile_flags = &flags, .link_flags = &o->link_flags};
  char *program = error ? NULL : build_program_as(argv, n, cache, &flavour, &error);
  free(cache);
  strlist_free(&flags);
  if (!program) {
    fprintf(stderr, "racecheck: %s\n", error);
    free(error);
    return 2;
  }
  size_t nargs = (int)n < argc ? (size_t)argc - n - 1 : 0;
  char **run_argv = xmalloc((nargs + 2) * sizeof *run_argv);
  run_argv[0] = program;
  memcpy(run_argv + 1, argv + n + 1, nargs * sizeof *run_argv);
  run_argv[nargs + 1] = NULL;
  struct sources sources = {argv, n};
  int rc = show_program(o, run_argv, &sources);
  free(run_argv), free(program);
  return rc;
}

int cmd_normalize(const struct options *o, int argc, char **argv) {
  (void)o;
  if (argc == 0)
    return usage_error("normalize needs a saved TSan log");
  int failed = 0;
  for (int i = 0; i < argc; i++) {
    struct buf log = {0};
    if (!read_file(argv[i], &log)) {
      fprintf(stderr, "racecheck: %s: %s\n", argv[i], strerror(errno));
      failed++;
      buf_free(&log);
      continue;
    }
    struct run_capture capture = {.end = CHILD_NOT_STARTED, .err = log.data, .err_len = log.len};
    struct run_findings found = {0};
    struct strlist lines = {0};
    run_findings_make(&capture, &found);
    run_findings_lines(&found, &lines);
    for (size_t j = 0; j < lines.len; j++)
      printf("%s\n", lines.items[j]);
    strlist_free(&lines);
    run_findings_free(&found);
    buf_free(&log);
  }
  return failed ? 2 : 0;
}
