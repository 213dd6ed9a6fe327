/* racecheck: runs each case under its race detector, normalizes what the detector says
 * and compares it with the case's expected file.
 *
 *   racecheck check [OPTIONS] CASE...    run cases, compare, print "N passed, N failed"
 *   racecheck show  [OPTIONS] PROGRAM [ARGS...]   print any program's normalized findings
 *   racecheck bless [OPTIONS] CASE...    write the expected files from a run
 *   racecheck verdict [OPTIONS] CASE...  check, and keep each verdict in build/verdicts/CASE
 *   racecheck summary [OPTIONS] CASE...  print the kept verdicts and "N passed, N failed"
 *   racecheck demo  [OPTIONS] --all      the rules in the tutorial's order, case by case
 *   racecheck normalize LOG...           print the findings in saved TSan output */
#include "case_info.h"
#include "child.h"
#include "demo.h"
#include "expect.h"
#include "run_case.h"
#include "verdict_file.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct options {
  const char *cases_dir;
  const char *build_dir;
  const char *expected_dir;
  double timeout_s;
  long repeat;
  int all;                  /* every case in cases/ */
  const char *verdicts_dir; /* kept verdicts; NULL: build/verdicts */
  int depfile;              /* verdict also writes VERDICT.d, for ninja */
  const char *gdb;          /* the debugger for a hung program's stacks */
};

static const char USAGE[] =
    "usage: racecheck check [--repeat N] [--timeout S] [--build DIR] [--expected DIR] CASE...\n"
    "       racecheck show [--timeout S] PROGRAM [ARGS...]\n"
    "       racecheck bless [--timeout S] [--build DIR] [--expected DIR] CASE...\n"
    "       racecheck verdict [check's options] [--verdicts DIR] [--depfile] CASE...\n"
    "       racecheck summary [--verdicts DIR] CASE...\n"
    "       racecheck demo [--timeout S] [--build DIR] (--all | CASE...)\n"
    "       racecheck normalize LOG...\n"
    "A CASE is a name: build/cases/CASE is run, under the detector cases/CASE.c names, and\n"
    "expected/CASE.txt is its expected file (--cases, --build and --expected move them).\n"
    "--all stands for every case in cases/; --gdb PATH names the debugger that reads the\n"
    "stacks of a program that hangs (default: gdb).\n"
    "verdict checks like check, prints nothing, and keeps what check would have printed in\n"
    "DIR/CASE (default: build/verdicts): ninja keeps a case's verdict until its binary, source,\n"
    "expected file or the runner changes; --depfile writes DIR/CASE.d naming the source and\n"
    "expected file, for ninja. summary prints the kept verdicts and the totals, and\n"
    "removes each verdict that did not pass, so that case runs again next time.\n";

static int usage_error(const char *what) {
  fprintf(stderr, "racecheck: %s\n%s", what, USAGE);
  return 2;
}

/* Parses leading options; returns the index of the first operand, or -1 after an error. */
static int parse_options(int argc, char **argv, int first, struct options *o) {
  int i = first;
  for (; i < argc && starts_with(argv[i], "--"); i++) {
    const char *opt = argv[i];
    if (strcmp(opt, "--") == 0)
      return i + 1;
    if (strcmp(opt, "--all") == 0) {
      o->all = 1;
      continue;
    }
    if (strcmp(opt, "--depfile") == 0) {
      o->depfile = 1;
      continue;
    }
    if (i + 1 >= argc) {
      usage_error("an option is missing its value");
      return -1;
    }
    const char *value = argv[++i];
    char *end = NULL;
    if (strcmp(opt, "--cases") == 0) {
      o->cases_dir = value;
    } else if (strcmp(opt, "--verdicts") == 0) {
      o->verdicts_dir = value;
    } else if (strcmp(opt, "--build") == 0) {
      o->build_dir = value;
    } else if (strcmp(opt, "--gdb") == 0) {
      o->gdb = value;
    } else if (strcmp(opt, "--expected") == 0) {
      o->expected_dir = value;
    } else if (strcmp(opt, "--timeout") == 0) {
      o->timeout_s = strtod(value, &end);
      if (*end || !(o->timeout_s > 0 && isfinite(o->timeout_s))) {
        usage_error("--timeout takes a number of seconds above 0");
        return -1;
      }
    } else if (strcmp(opt, "--repeat") == 0) {
      o->repeat = strtol(value, &end, 10);
      if (*end || o->repeat < 1 || o->repeat > 100000) {
        usage_error("--repeat takes a whole number from 1 to 100000");
        return -1;
      }
    } else {
      fprintf(stderr, "racecheck: unknown option %s\n%s", opt, USAGE);
      return -1;
    }
  }
  return i;
}

/* The case names to work on: the operands, or with --all every cases/NAME.c. */
static int case_names(const struct options *o, int argc, char **argv, struct strlist *out) {
  for (int i = 0; i < argc; i++)
    strlist_push(out, xstrdup(argv[i]));
  if (!o->all)
    return 0;
  if (list_cases(o->cases_dir, out) != 0) {
    fprintf(stderr, "racecheck: --all: cannot open %s: %s\n", o->cases_dir, strerror(errno));
    return -1;
  }
  return 0;
}

static int valid_case_name(const char *name) {
  return name[0] != '\0' && name[0] != '.' && !strchr(name, '/');
}

static struct case_paths paths_of(const struct options *o, const char *name) {
  return case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, name);
}

static void run_named(const struct options *o, const struct case_paths *p, const char *name,
                      struct run_result *out) {
  struct run_options ro = {.timeout_s = o->timeout_s, .gdb = o->gdb};
  run_case(&ro, p, name, out);
}

static int same_lines(const struct strlist *a, const struct strlist *b) {
  if (a->len != b->len)
    return 0;
  for (size_t i = 0; i < a->len; i++)
    if (strcmp(a->items[i], b->items[i]) != 0)
      return 0;
  return 1;
}

static void print_lines(FILE *out, const struct strlist *lines) {
  for (size_t i = 0; i < lines->len; i++)
    fprintf(out, "    %s\n", lines->items[i]);
}

static void print_verdict(FILE *out, const struct case_paths *p, const char *name, int passed,
                          const struct run_result *r, const struct strlist *seen,
                          const struct expected *want, const char *load_error) {
  fprintf(out, "%s  %s: %s\n", passed ? "PASS" : "FAIL", name, r->summary);
  if (r->note)
    fprintf(out, "    note: %s\n", r->note);
  if (load_error) {
    fprintf(out, "    %s\n    it ran and said:\n", load_error);
    print_lines(out, &r->lines);
    fprintf(out, "    if that is right, keep it with: build/racecheck bless %s\n", name);
  } else if (!passed) {
    print_diff(out, p->out_dir, name, p->expected, &want->lines, "actual run", seen);
  }
  if (!passed && r->log_path)
    fprintf(out, "    raw output: %s (stdout beside it)\n", r->log_path);
}

enum verdict { FAILED, PASSED, SKIPPED };

/* Runs one case `repeat` times against its expected file and prints its verdict. Runs are
 * compared as the expected file sees them, so a {{n}} count may vary but nothing else. A
 * detector that cannot start here is an ENV error: that says nothing about the case. */
static enum verdict check_case(const struct options *o, const char *name, FILE *out) {
  if (!valid_case_name(name)) {
    fprintf(out, "FAIL  %s: not a case name (a file name in cases/, without directories)\n", name);
    return FAILED;
  }
  struct case_paths p = paths_of(o, name);
  struct expected want = {0};
  char *load_error = NULL;
  if (expect_load(p.expected, &want, &load_error) != 0)
    want = (struct expected){0};
  struct run_result first = {0};
  struct strlist first_seen = {0};
  int passed = 0, verdict_printed = 0, skipped = 0;
  for (long run = 0; run < o->repeat; run++) {
    struct run_result r = {0};
    struct strlist seen = {0};
    run_named(o, &p, name, &r);
    int match = !r.error && expect_match(&want, &r.lines, &seen) && !load_error;
    if (r.error) {
      fprintf(out, "FAIL  %s: %s\n", name, r.error);
      passed = 0, verdict_printed = 1;
    } else if (r.findings.environment) {
      fprintf(out, "ENV   %s: %s\n", name, r.findings.environment);
      passed = 0, verdict_printed = 1, skipped = 1;
    } else if (run == 0) {
      first = r, first_seen = seen;
      passed = match;
      r = (struct run_result){0}, seen = (struct strlist){0};
    } else if (!same_lines(&first_seen, &seen)) {
      fprintf(out, "FLAKY %s: run %ld differs from run 1\n", name, run + 1);
      print_diff(out, p.out_dir, name, "run 1", &first_seen, "later run", &seen);
      passed = 0, verdict_printed = 1;
    }
    run_result_free(&r);
    strlist_free(&seen);
    if (!passed)
      break;
  }
  if (!verdict_printed)
    print_verdict(out, &p, name, passed, &first, &first_seen, &want, load_error);
  free(load_error);
  run_result_free(&first);
  strlist_free(&first_seen);
  expect_free(&want);
  case_paths_free(&p);
  return skipped ? SKIPPED : passed ? PASSED : FAILED;
}

/* The last line of a check, and its exit status. */
static int print_totals(const int count[3]) {
  printf("%d passed, %d failed", count[PASSED], count[FAILED]);
  if (count[SKIPPED])
    printf(", %d skipped", count[SKIPPED]);
  printf("\n");
  return count[FAILED] ? 1 : count[SKIPPED] ? 2 : 0;
}

static int cmd_check(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("check needs at least one case");
  int count[3] = {0};
  for (int i = 0; i < argc; i++) {
    count[check_case(o, argv[i], stdout)]++;
    fflush(stdout);
  }
  return print_totals(count);
}

static char *verdict_path(const struct options *o, const char *name) {
  return o->verdicts_dir ? xasprintf("%s/%s", o->verdicts_dir, name)
                         : xasprintf("%s/verdicts/%s", o->build_dir, name);
}

/* Checks one case and keeps what the check printed as the case's verdict file, for ninja:
 * the file is an output that depends on the case's binary, source, expected file and the
 * runner, so an unchanged case is not run again. A failed case is kept too; `summary`
 * prints it and removes it. */
static int keep_verdict(const struct options *o, const char *name) {
  if (!valid_case_name(name)) {
    fprintf(stderr, "racecheck: %s is not a case name\n", name);
    return 0;
  }
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem) {
    fprintf(stderr, "racecheck: %s\n", strerror(errno));
    return 0;
  }
  check_case(o, name, mem);
  int ok = fclose(mem) == 0;
  char *path = verdict_path(o, name);
  struct case_paths p = paths_of(o, name);
  const char *read[] = {p.source, p.expected}; /* the header names the detector */
  ok = ok && verdict_file_write(path, text, len, o->depfile ? read : NULL, 2);
  case_paths_free(&p);
  free(path);
  free(text);
  return ok;
}

/* Runs one(name) for each case; returns failure_code if any of them failed. */
static int each_case(const struct options *o, int argc, char **argv,
                     int (*one)(const struct options *, const char *), int failure_code) {
  int failed = 0;
  for (int i = 0; i < argc; i++)
    failed += !one(o, argv[i]);
  return failed ? failure_code : 0;
}

static int cmd_verdict(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("verdict needs at least one case");
  return each_case(o, argc, argv, keep_verdict, 2); /* a verdict that cannot be kept */
}

static enum verdict verdict_of(const char *text) {
  return starts_with(text, "PASS ") ? PASSED : starts_with(text, "ENV ") ? SKIPPED : FAILED;
}

/* Prints the kept verdicts, as `check` would have printed them, and the totals. A verdict
 * that did not pass is removed once printed, so the next check runs its case again. */
static int cmd_summary(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("summary needs at least one case");
  int count[3] = {0};
  for (int i = 0; i < argc; i++) {
    if (!valid_case_name(argv[i]))
      return usage_error("summary takes case names (files in cases/, without .c)");
    char *path = verdict_path(o, argv[i]);
    struct buf text = {0};
    if (!read_file(path, &text)) {
      printf("FAIL  %s: no verdict in %s (%s); `ninja check` keeps one per case\n", argv[i], path,
             strerror(errno));
      count[FAILED]++;
    } else {
      enum verdict v = verdict_of(buf_str(&text));
      fputs(buf_str(&text), stdout);
      count[v]++;
      if (v != PASSED && unlink(path) != 0)
        printf("racecheck: cannot remove %s: %s\n", path, strerror(errno));
    }
    buf_free(&text);
    free(path);
  }
  return print_totals(count);
}

static int cmd_show(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("show needs a program to run");
  if (!built_with_tsan(argv[0])) {
    fprintf(stderr,
            "racecheck: %s is not a program built with -fsanitize=thread (or cannot be "
            "read)\n",
            argv[0]);
    return 2;
  }
  struct run_options ro = {.timeout_s = o->timeout_s, .gdb = o->gdb};
  struct run_result r = {0};
  run_program(&ro, path_basename(argv[0]), argv, &r);
  if (r.error) {
    fprintf(stderr, "racecheck: %s\n", r.error);
    run_result_free(&r);
    return 2;
  }
  for (size_t i = 0; i < r.lines.len; i++)
    printf("%s\n", r.lines.items[i]);
  int clean = starts_with(r.summary, "no report (exit 0)");
  run_result_free(&r);
  return clean ? 0 : 1;
}

/* Two runs must agree before their output becomes the truth for every later run. Lines that
 * match a pattern of the existing expected file ({{n}}) keep the pattern. */
static int bless_case(const struct options *o, const char *name) {
  if (!valid_case_name(name)) {
    fprintf(stderr, "racecheck: %s is not a case name\n", name);
    return 0;
  }
  struct case_paths p = paths_of(o, name);
  struct expected old = {0};
  char *error = NULL;
  if (expect_load(p.expected, &old, &error) != 0) /* a new file, or one to replace whole */
    old = (struct expected){0};
  struct run_result runs[2] = {{0}};
  struct strlist seen[2] = {{0}};
  int ok = 1;
  for (int i = 0; i < 2 && ok; i++) {
    run_named(o, &p, name, &runs[i]);
    if (runs[i].error || runs[i].findings.environment) {
      fprintf(stderr, "racecheck: not blessing %s: %s\n", name,
              runs[i].error ? runs[i].error : runs[i].findings.environment);
      ok = 0;
    } else {
      expect_match(&old, &runs[i].lines, &seen[i]);
    }
  }
  if (ok && !same_lines(&seen[0], &seen[1])) {
    printf("racecheck: not blessing %s: two runs disagree, so the case is not reproducible.\n"
           "Force its interleaving in the case itself; a rerun must not be what makes it "
           "report. A number that may change is written {{n}} in the expected file.\n",
           name);
    print_diff(stdout, p.out_dir, name, "run 1", &seen[0], "run 2", &seen[1]);
    ok = 0;
  }
  if (ok) {
    char *text = expect_render(&old.header, &seen[0]);
    if (!write_file(p.expected, text, strlen(text))) {
      fprintf(stderr, "racecheck: cannot write %s: %s\n", p.expected, strerror(errno));
      ok = 0;
    } else {
      printf("blessed %s: %s\n", p.expected, runs[0].summary);
    }
    free(text);
  }
  for (int i = 0; i < 2; i++) {
    run_result_free(&runs[i]);
    strlist_free(&seen[i]);
  }
  free(error);
  expect_free(&old);
  case_paths_free(&p);
  return ok;
}

static int cmd_bless(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return usage_error("bless needs at least one case");
  return each_case(o, argc, argv, bless_case, 1);
}

static int cmd_normalize(int argc, char **argv) {
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

static int cmd_demo(const struct options *o, int argc, char **argv) {
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

int main(int argc, char **argv) {
  if (argc < 2)
    return usage_error("no command");
  struct options o = {
      .cases_dir = "cases",
      .build_dir = "build",
      .expected_dir = "expected",
      .timeout_s = 10,
      .repeat = 1,
      .gdb = "gdb",
  };
  int first = parse_options(argc, argv, 2, &o);
  if (first < 0)
    return 2;
  setup_supervision();
  const char *cmd = argv[1];
  if (strcmp(cmd, "demo") == 0)
    return cmd_demo(&o, argc - first, argv + first);
  static const struct {
    const char *name;
    int (*run)(const struct options *, int, char **);
  } ON_CASES[] = {{"check", cmd_check},
                  {"bless", cmd_bless},
                  {"verdict", cmd_verdict},
                  {"summary", cmd_summary}};
  for (size_t i = 0; i < sizeof ON_CASES / sizeof ON_CASES[0]; i++) {
    if (strcmp(cmd, ON_CASES[i].name) != 0)
      continue;
    struct strlist names = {0};
    if (case_names(&o, argc - first, argv + first, &names) != 0)
      return 2;
    int rc = ON_CASES[i].run(&o, (int)names.len, names.items);
    strlist_free(&names);
    return rc;
  }
  if (strcmp(cmd, "show") == 0)
    return cmd_show(&o, argc - first, argv + first);
  if (strcmp(cmd, "normalize") == 0)
    return cmd_normalize(argc - first, argv + first);
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
    fputs(USAGE, stdout);
    return 0;
  }
  return usage_error("unknown command");
}
