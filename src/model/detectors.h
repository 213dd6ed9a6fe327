/* The detectors of `ninja matrix`, its columns, in one table: the three ThreadSanitizer
 * builds, valgrind's Helgrind and DRD, which run the program, and the analysers that read
 * its source before it runs: Clang's -Wthread-safety, the Clang Static Analyzer with its
 * pthread lock checker (by clang 14 and clang 19), clang-tidy and `racecheck vet`.
 * tools/gen_build_ninja.c reads the same table to write a cell's build edge. */
#ifndef RACECHECK_DETECTORS_H
#define RACECHECK_DETECTORS_H

#include "text.h"

#include <stddef.h>

enum detector_tool {
  TOOL_TSAN,       /* the program, built with TSan, runs on its own */
  TOOL_VALGRIND,   /* a plain build runs under a valgrind tool */
  TOOL_CLANG,      /* a clang command analyses the source: words, the flags, the file */
  TOOL_CLANG_TIDY, /* clang-tidy: words, the file, "--", the flags */
  TOOL_VET,        /* racecheck's own copylocks check, in this process */
};

struct detector {
  const char *id;      /* "tsan-clang14": its cells' folder and its word in expected/matrix.txt */
  const char *heading; /* its column in the terminal: four characters at most */
  const char *name;    /* "TSan, clang 14": in Markdown and JSON */
  enum detector_tool tool;
  const char *compiler;     /* TSan and valgrind: the build it runs, by the compiler variant of
                               rules.ninja ("" for clang 14, "clang19", "gcc") */
  const char *const *words; /* its command, before the program or the file */
  int annotated;            /* the source is read with cases/thread_safety.h included first */
};

/* How long each run of the matrix has. Long enough for every run to end on its own, twice
 * over on a busy machine (Helgrind's and GCC's TSan's 1000 threads take up to 7 s while
 * the matrix runs), and for DRD to have said what it says of the 1000-thread counters,
 * which it takes 48 to 80 s to run through. */
enum { MATRIX_DEADLINE_S = 20 };

extern const struct detector DETECTORS[];
extern const size_t N_DETECTORS;

/* The detector with this id, or NULL. */
const struct detector *detector_named(const char *id);
/* Whether it runs the program (TSan, valgrind), rather than reading its source. */
int tool_runs_program(enum detector_tool tool);
int detector_runs_program(const struct detector *d);

/* The flags every analyser reads a case with, as the case is built. */
void detector_source_flags(const char *cases_dir, struct strlist *argv);

#endif
