#include "options.h"

#include "case_info.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char USAGE[] =
    "usage: racecheck check [--repeat N] [--timeout S] [--build DIR] [--expected DIR]\n"
    "                       [--format text|json] [--junit FILE] CASE...\n"
    "       racecheck show [--timeout S] [--format text|json] [--brief] PROGRAM [ARGS...]\n"
    "       racecheck show [options] [--html OUT.html] FILE.c... [-- ARGS...]\n"
    "       racecheck bless [--timeout S] [--build DIR] [--expected DIR] CASE...\n"
    "       racecheck verdict [check's options] [--verdicts DIR] [--depfile] CASE...\n"
    "       racecheck summary [--verdicts DIR] CASE...\n"
    "       racecheck demo [--step] [--timeout S] [--build DIR] [--all | N | CASE...]\n"
    "       racecheck normalize LOG...\n"
    "       racecheck report [--out DIR] [--depfile] [--index] (--all | LESSON...)\n"
    "       racecheck report --shots [--out DIR] PAGE...\n"
    "       racecheck exercise [LESSON] | hint LESSON | try [--repeat N] [--source FILE] LESSON\n"
    "       racecheck try --all | grade [--lesson LESSON] [--out PREFIX] DIR\n"
    "       racecheck cell --detector ID [--program BINARY] [--depfile] [--cells DIR] CASE\n"
    "       racecheck matrix [--format text|markdown|json] [--words] [--cells DIR] [CASE...]\n"
    "       racecheck matrix --check | --bless | --readme FILE\n"
    "       racecheck explore [--preemptions K] [--budget N] [--pct N] [--seed S]\n"
    "                         (CASE | FILE.c...) [-- ARGS...]\n"
    "       racecheck step --schedule S (CASE | FILE.c...) [-- ARGS...]\n"
    "A CASE is a name: build/cases/CASE is run, under the detector cases/CASE.c names, and\n"
    "expected/CASE.txt is its expected file (--cases, --build and --expected move them).\n"
    "--all stands for every case in cases/; --gdb PATH names the debugger that reads the\n"
    "stacks of a program that hangs (default: gdb).\n"
    "verdict checks like check, prints nothing, and keeps what check would have printed in\n"
    "DIR/CASE (default: build/verdicts): ninja keeps a case's verdict until its binary, source,\n"
    "expected file or the runner changes; --depfile writes DIR/CASE.d naming the source and\n"
    "expected file, for ninja. summary prints the kept verdicts and the totals, and\n"
    "removes each verdict that did not pass, so that case runs again next time.\n"
    "--format json prints the verdicts and findings as JSON (docs/racecheck.schema.json);\n"
    "--junit FILE also writes the verdicts as JUnit XML, for CI systems.\n"
    "show FILE.c builds your own program with TSan (cached in build/show/) and runs it; under\n"
    "each finding it draws the interleaving and explains it (--brief: the findings only);\n"
    "--html OUT.html also writes that as a web page, the report's page for your program.\n"
    "report writes the HTML report into DIR (default: build/report): LESSON.html for each\n"
    "lesson of cases/lessons.txt named by its first case, running its cases once, and with\n"
    "--index the rules table, index.html, from the verdicts `ninja check` keeps; --shots\n"
    "takes screenshots of the pages named (index for the index) with headless Chromium,\n"
    "as a projector (1280x720) and a phone (412x900) show them, and 2400 pixels down, into\n"
    "DIR/shots/.\n"
    "racecheck vet [--lock-type NAME]... [-- CLANG_ARGS...] FILE.c...: copies of locks.\n"
    "exercise copies a lesson's broken program (LESSON: its number or its case's name) into\n"
    "exercises/LESSON/ for you to fix; hint says one more hint; try grades your fix: a run\n"
    "under the lesson's forced schedule, then N unforced (default 10); --all tries every\n"
    "copy you have. grade tries every submission of DIR (a folder per student, or with\n"
    "--lesson a file per student) and writes PREFIX.csv and PREFIX.json (default: grades).\n"
    "cell runs one detector of the matrix on one case and keeps what it made of it in\n"
    "DIR/ID/CASE (default: build/matrix/cells), as verdict keeps a verdict; matrix prints the\n"
    "kept cells as a table, with --words each detector's findings, and with --check compares\n"
    "them with expected/matrix.txt; --bless writes that file from them, and --readme FILE\n"
    "rewrites the matrix section of FILE from it.\n"
    "explore runs the program under many schedules (default: 100; the schedules with at\n"
    "most K preemptions first, K 2 by default, then PCT's from seed S, 1 by default, for\n"
    "the rest of the budget or at most --pct N of them) and\n"
    "names the shortest schedule that shows each finding, as a step command that replays it.\n";

int usage_error(const char *what) {
  fprintf(stderr, "racecheck: %s\n%s", what, USAGE);
  return 2;
}

void options_init(struct options *o) {
  *o = (struct options){
      .cases_dir = "cases",
      .build_dir = "build",
      .expected_dir = "expected",
      .timeout_s = 10,
      .repeat = 1,
      .gdb = "gdb",
      .exercises_dir = "exercises",
      .exercise_data_dir = "exercises-data",
      .preemptions = 2,
      .budget = 100,
      .pct = -1,
      .seed = 1,
  };
}

/* The options that take no value. */
static int *flag_named(struct options *o, const char *opt) {
  struct {
    const char *name;
    int *flag;
  } flags[] = {{"--all", &o->all},     {"--depfile", &o->depfile}, {"--words", &o->words},
               {"--check", &o->check}, {"--bless", &o->bless},     {"--index", &o->index},
               {"--shots", &o->shots}, {"--step", &o->step},       {"--help", &o->help}};
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
    if (strcmp(opt, flags[i].name) == 0)
      return flags[i].flag;
  return NULL;
}

/* Parses leading options; returns the index of the first operand, or -1 after an error. */
int parse_options(int argc, char **argv, int first, struct options *o) {
  int i = first;
  for (; i < argc && starts_with(argv[i], "--"); i++) {
    const char *opt = argv[i];
    if (strcmp(opt, "--") == 0)
      return i + 1;
    int *flag = flag_named(o, opt);
    if (flag) {
      *flag = 1;
      continue;
    }
    if (strcmp(opt, "--brief") == 0) {
      o->brief = 1;
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
    } else if (strcmp(opt, "--junit") == 0) {
      o->junit = value;
    } else if (strcmp(opt, "--detector") == 0) {
      o->detector = value;
    } else if (strcmp(opt, "--program") == 0) {
      o->program = value;
    } else if (strcmp(opt, "--cells") == 0) {
      o->cells_dir = value;
    } else if (strcmp(opt, "--html") == 0) {
      o->html = value;
    } else if (strcmp(opt, "--out") == 0) {
      o->out = value;
    } else if (strcmp(opt, "--readme") == 0) {
      o->readme = value;
    } else if (strcmp(opt, "--exercises") == 0) {
      o->exercises_dir = value;
    } else if (strcmp(opt, "--exercise-data") == 0) {
      o->exercise_data_dir = value;
    } else if (strcmp(opt, "--source") == 0) {
      o->source = value;
    } else if (strcmp(opt, "--lesson") == 0) {
      o->lesson = value;
    } else if (strcmp(opt, "--format") == 0) {
      if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0 &&
          strcmp(value, "markdown") != 0 && strcmp(value, "tsv") != 0) {
        usage_error("--format takes text, json, markdown (matrix only) or tsv (try only)");
        return -1;
      }
      o->format = strcmp(value, "json") == 0       ? FORMAT_JSON
                  : strcmp(value, "markdown") == 0 ? FORMAT_MARKDOWN
                  : strcmp(value, "tsv") == 0      ? FORMAT_TSV
                                                   : FORMAT_TEXT;
    } else if (strcmp(opt, "--expected") == 0) {
      o->expected_dir = value;
    } else if (strcmp(opt, "--timeout") == 0) {
      o->timeout_s = strtod(value, &end);
      if (*end || !(o->timeout_s > 0 && isfinite(o->timeout_s))) {
        usage_error("--timeout takes a number of seconds above 0");
        return -1;
      }
    } else if (strcmp(opt, "--schedule") == 0) {
      o->schedule = value;
    } else if (strcmp(opt, "--preemptions") == 0) {
      o->preemptions = (int)strtol(value, &end, 10);
      if (*end || o->preemptions < 0 || o->preemptions > 8) {
        usage_error("--preemptions takes a whole number from 0 to 8");
        return -1;
      }
    } else if (strcmp(opt, "--budget") == 0) {
      o->budget = strtol(value, &end, 10);
      if (*end || o->budget < 1 || o->budget > 1000000) {
        usage_error("--budget takes a whole number from 1 to 1000000");
        return -1;
      }
    } else if (strcmp(opt, "--pct") == 0) {
      o->pct = strtol(value, &end, 10);
      if (*end || o->pct < 0 || o->pct > 1000000) {
        usage_error("--pct takes a whole number from 0 to 1000000");
        return -1;
      }
    } else if (strcmp(opt, "--seed") == 0) {
      o->seed = strtoull(value, &end, 10);
      if (*end || !*value || value[0] == '-') {
        usage_error("--seed takes a whole number");
        return -1;
      }
    } else if (strcmp(opt, "--repeat") == 0) {
      o->repeat = strtol(value, &end, 10);
      o->repeat_given = 1;
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
int case_names(const struct options *o, int argc, char **argv, struct strlist *out) {
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

int valid_case_name(const char *name) {
  return name[0] != '\0' && name[0] != '.' && !strchr(name, '/');
}

struct case_paths paths_of(const struct options *o, const char *name) {
  return case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, name);
}

struct run_options run_options_of(const struct options *o) {
  return (struct run_options){.timeout_s = o->timeout_s, .gdb = o->gdb};
}
