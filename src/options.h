/* racecheck's command line: the options every command shares, and the case names. */
#ifndef RACECHECK_OPTIONS_H
#define RACECHECK_OPTIONS_H

#include "run_case.h"
#include "text.h"

enum output_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_MARKDOWN, FORMAT_TSV };

struct options {
  const char *cases_dir;
  const char *build_dir;
  const char *expected_dir;
  double timeout_s;
  long repeat;
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
  const char *readme;            /* matrix: rewrite the matrix section of this file */
  const char *html;              /* show: also write the page of the HTML report here */
  int index;                     /* report: write the index, the rules table */
  int shots;                     /* report: screenshots of the pages named, not the pages */
  const char *exercises_dir;     /* the learners' copies: exercises/ */
  const char *exercise_data_dir; /* what each exercise asks: exercises-data/ */
  const char *source;            /* try: the file to grade, instead of the learner's copy */
  const char *lesson;            /* grade: the lesson of submissions that are single files */
  const char *
      out; /* report: the pages' folder (NULL: build/report); grade: PREFIX of its .csv and .json */
  int step;                /* demo: pause between the parts of a lesson */
  int preemptions;         /* explore: the most preemptions of a schedule tried in full */
  long budget;             /* explore: how many schedules to run */
  long pct;                /* explore: how many of them PCT's, at most (-1: the rest) */
  unsigned long long seed; /* explore: where PCT's draws start */
  const char *schedule;    /* step: the schedule to follow */
  int help;                /* the command's usage, and nothing else */
};

extern const char USAGE[];

void options_init(struct options *o);
/* Parses leading options; returns the index of the first operand, or -1 after an error. */
int parse_options(int argc, char **argv, int first, struct options *o);
/* Prints what is wrong and the usage; returns 2, the exit status of a usage error. */
int usage_error(const char *what);

/* The case names to work on: the operands, or with --all every cases/NAME.c. */
int case_names(const struct options *o, int argc, char **argv, struct strlist *out);
int valid_case_name(const char *name);
struct case_paths paths_of(const struct options *o, const char *name);
struct run_options run_options_of(const struct options *o);

#endif
