/* A cell of the detector matrix: what one detector made of one case, decided from typed
 * findings, in one place (cell_classify), and kept as a file that ninja knows as an output.
 *
 * A case breaks its rule (it has a BUG line) or keeps it. A finding is the detector's unless
 * racecheck made it (a hang's diagnosis, a timeout, the lock ledger's findings, a failed run)
 * or it says the detector itself failed.
 * A detector's finding is about the lesson when
 *   - from a run: its kind is one the lesson is about (cases/lessons.txt) and it names a
 *     place in the case's own file: an access, a lock-order edge, an event, or for a report
 *     about a thread, where that thread was created (a race on a flag in a shared header is
 *     not the lesson);
 *   - from an analyser: one of its places (the warning or a note) is a line of the lesson:
 *     a line of a function of the case's own file that holds a BUG line; and the lesson's
 *     other case, which keeps the rule, does not get the same warning word for word.
 * The cell is, the first that applies:
 *   not installed  the detector's program is not on this machine;
 *   crashed        the detector failed (an analyser that could not read the file, a valgrind
 *                  assertion), or the program died of a signal;
 *   reported       the case breaks its rule and a finding is about the lesson;
 *   false report   the case keeps its rule and the detector reported anything;
 *   hung           racecheck found every thread of the program asleep for good;
 *   timeout        the run was stopped at its deadline;
 *   silent         none of these: on a broken rule, a miss; on a kept one, the right answer. */
#ifndef RACECHECK_CELL_H
#define RACECHECK_CELL_H

#include "bug_scope.h"
#include "pipeline.h"
#include "report.h"

enum cell_state {
  CELL_REPORTED,
  CELL_SILENT,
  CELL_FALSE_REPORT,
  CELL_HUNG,
  CELL_TIMEOUT,
  CELL_CRASHED,
  CELL_NOT_INSTALLED,
  N_CELL_STATES
};

struct cell {
  char *case_name;
  char *detector; /* its id */
  int breaks;     /* the case breaks its rule */
  enum cell_state state;
  char kinds[REPORT_KINDS]; /* kinds[k]: a finding of kind k decided the state */
  int stopped;              /* the run was stopped at its deadline */
  char *outcome;            /* how the run ended: "exit 66", "timeout after 10 s: ..." */
  char *why;                /* crashed, not installed: what failed, in its words */
  char *setting;            /* options the case gives this detector, which its verdict needs
                               ("--exclusive-threshold=50"), or NULL */
  double seconds;           /* how long the run or the analysis took */
  struct strlist words;     /* each of the detector's findings, as racecheck words it */
};

/* What a cell is decided from. */
struct cell_evidence {
  const struct run_findings *run; /* NULL when nothing ran */
  const char *not_run;            /* why nothing ran, or why the analyser failed */
  int not_installed;              /* ...because its program is not on this machine */
  int analysis;                   /* an analyser read the source, rather than a run */
  int breaks;
  const char *about;             /* the lesson's kinds, indexed by kind; NULL: none */
  const char *source;            /* the case's file, as findings name it: "counter_racy.c" */
  const struct bug_scope *scope; /* an analysis: the lesson's lines */
  const struct findings *twin;   /* an analysis: its findings on the lesson's other cases; a
                                    warning they also get, word for word, is not the bug */
};

/* Fills out's state, kinds, stopped flag, outcome, why and words; the names and seconds are
 * the caller's. */
void cell_classify(const struct cell_evidence *e, struct cell *out);

/* "reported", "false_report"...: a state's word in expected/matrix.txt and JSON; -1 for a
 * word that is no state. */
const char *cell_state_word(enum cell_state s);
int cell_state_named(const char *word);
/* "reported", "false report": for a reader. */
const char *cell_state_text(enum cell_state s);

/* The cell as one line of expected/matrix.txt: "counter_racy drd reported data_race stopped".
 * cell_line_parse reads one back (names, state, kinds, stopped); 0, or -1 with *error. */
char *cell_line(const struct cell *c);
int cell_line_parse(const char *line, struct cell *out, char **error);

/* The kept cell, whole; cell_file_parse reads one back: 0, or -1 if it is not a kept cell. */
char *cell_file_text(const struct cell *c);
int cell_file_parse(const char *text, struct cell *out);

void cell_free(struct cell *c);

#endif
