/* racecheck's command line: every option once, in a table, and each command's declaration of
 * the options it takes, its usage, its help and an example (git's parse-options idiom). An
 * option a command does not declare is an error, not a value quietly ignored. */
#ifndef RACECHECK_OPTIONS_H
#define RACECHECK_OPTIONS_H

#include "text.h"

#include <stdio.h>

enum output_format {
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_MARKDOWN,
  FORMAT_GRADESCOPE,  /* grade: Gradescope's results.json */
  FORMAT_PRAIRIELEARN /* grade: PrairieLearn's external grader results */
};

enum option_id {
  OPT_ALL,
  OPT_BLESS,
  OPT_BRIEF,
  OPT_BUDGET,
  OPT_BUILD,
  OPT_CASES,
  OPT_CELLS,
  OPT_CHECK,
  OPT_COMPILE_DB,
  OPT_DEPFILE,
  OPT_DETECTOR,
  OPT_EVERY_COMPILER,
  OPT_EXERCISE_DATA,
  OPT_EXEC_EACH,
  OPT_EXERCISES,
  OPT_EXPECTED,
  OPT_EXPLORE,
  OPT_FORMAT,
  OPT_GDB,
  OPT_HELP,
  OPT_HTML,
  OPT_INDEX,
  OPT_JOBS,
  OPT_JUNIT,
  OPT_LESSON,
  OPT_NO_SANDBOX,
  OPT_OUT,
  OPT_PCT,
  OPT_PREEMPTIONS,
  OPT_PROGRAM,
  OPT_README,
  OPT_REPEAT,
  OPT_SANDBOX,
  OPT_SCHEDULE,
  OPT_SEED,
  OPT_SHOTS,
  OPT_SOURCE,
  OPT_STEP,
  OPT_TIMEOUT,
  OPT_VERDICTS,
  OPT_WORDS,
  OPT_END /* ends a command's list of options */
};

struct options {
  const char *cases_dir;
  const char *build_dir;
  const char *expected_dir;
  double timeout_s;
  long repeat;
  int budget_given;         /* --budget was given: try explores that many schedules */
  int repeat_given;         /* --repeat was given: try's stress runs are that many */
  int all;                  /* every case in cases/ */
  const char *verdicts_dir; /* kept verdicts; NULL: build/verdicts */
  int depfile;              /* verdict also writes VERDICT.d, for ninja */
  const char *gdb;          /* the debugger for a hung program's stacks */
  enum output_format format;
  const char *junit;             /* check also writes JUnit XML here */
  int brief;                     /* show: the findings alone, without pictures and explanations */
  const char *detector;          /* cell: the matrix's detector, by its id */
  const char *program;           /* cell: the binary a detector runs */
  const char *cells_dir;         /* kept cells; NULL: build/matrix/cells */
  int words;                     /* matrix: each cell's findings under the table */
  int check;                     /* matrix: compare the kept cells with expected/matrix.txt */
  int bless;                     /* matrix: write expected/matrix.txt from the kept cells */
  struct strlist readmes;        /* matrix: rewrite the sections racecheck writes in these */
  const char *html;              /* show: also write the page of the HTML report here */
  int index;                     /* report: write the index, the rules table */
  int shots;                     /* report: screenshots of the pages named, not the pages */
  const char *exercises_dir;     /* the learners' copies: exercises/ */
  const char *exercise_data_dir; /* what each exercise asks: exercises-data/ */
  const char *source;            /* try: the file to grade, instead of the learner's copy */
  const char *lesson;            /* grade: the lesson of submissions that are single files */
  const char *out; /* report: the pages' folder (NULL: build/report); grade: PREFIX of its files */
  int step;        /* demo: pause between the parts of a lesson */
  int sandbox;     /* try: build and run the submission inside bubblewrap */
  int no_sandbox;  /* grade: run the submissions as racecheck's own user, with no sandbox */
  int jobs;        /* grade: how many submissions at once (0: as many as the cores) */
  int every_compiler; /* bless: from every compiler's build, their wordings merged */
  int explore;        /* show: explore schedules, and show each finding found */
  int preemptions;    /* explore: the most preemptions of a schedule tried in full */
  int exec_each; /* explore: start the program for each schedule, not fork it from one started */
  long budget;   /* explore: how many schedules to run */
  long pct;      /* explore: how many of them PCT's, at most (-1: the rest) */
  long seed;     /* explore: where PCT's draws start */
  const char *schedule;   /* step: the schedule to follow */
  int help;               /* the command's usage, and nothing else */
  const char *compile_db; /* show: the build folder whose compile_commands.json gives flags */
  /* The compiler flags given before the files (-I -D -U -std= -include), each one word,
   * and the linker's (-l -L), for a command that builds the learner's program. */
  struct strlist compile_flags, link_flags;
};

/* One option a command takes, with what it means for that command; NULL: what it means for
 * every command that takes it. */
struct command_option {
  enum option_id id;
  const char *help;
};

/* Where a command's operands may stand among its options. */
enum operand_order {
  OPTIONS_FIRST,   /* options, then operands: the first operand ends the options */
  OPTIONS_ANYWHERE /* options before, between or after the operands, up to a "--" */
};

struct command_spec {
  const char *name;
  const char *summary; /* one line, for `racecheck help` */
  const char *usage;   /* the synopsis, one or more lines, each starting "racecheck NAME" */
  const char *about;   /* what it does, in a paragraph */
  const char *example; /* one or more command lines */
  const char *formats; /* what --format takes here, as "text|json"; NULL: no --format */
  enum operand_order order;
  int compiler_flags; /* takes -I -D -U -std= -include -l -L for the program it builds */
  const struct command_option *options; /* ends with OPT_END */
};

void options_init(struct options *o);
void options_free(struct options *o);
/* Parses the options of command c from argv[first..]; the operands, in order, go to
 * operands, which ends with a NULL past its last item, as a program's argv does. Returns 0,
 * or 2 after saying what is wrong. */
int parse_options(const struct command_spec *c, int argc, char **argv, int first, struct options *o,
                  struct strlist *operands);
/* Prints the command's usage, options and example. */
void print_command_help(const struct command_spec *c, FILE *out);
/* Prints what is wrong and how to see the usage; returns 2, the exit status of a usage
 * error. */
int usage_error(const char *what);

/* The case names to work on: the operands, or with --all every cases/NAME.c. */
int case_names(const struct options *o, int argc, char **argv, struct strlist *out);
int valid_case_name(const char *name);

#endif
