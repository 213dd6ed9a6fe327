/* Runs one of the matrix's analysers on one case's source, as run_program runs a program:
 * clang and clang-tidy as commands (argv, no shell), whose diagnostics become findings
 * through the same pipeline; `racecheck vet` in this process. */
#ifndef RACECHECK_STATIC_RUN_H
#define RACECHECK_STATIC_RUN_H

#include "detectors.h"
#include "pipeline.h"
#include "vet.h"

struct static_run {
  struct run_findings findings;
  int ran; /* else error says why not */
  char *error;
  int not_installed; /* the analyser's program is not on this machine */
  double seconds;
  struct buf output; /* what the analyser printed, stdout then stderr */
};

void static_run(const struct detector *d, const char *cases_dir, const char *source,
                struct static_run *out);
void static_run_free(struct static_run *r);

/* The command a clang or clang-tidy analyser runs on a source, NULL-terminated. */
void static_run_argv(const struct detector *d, const char *cases_dir, const char *source,
                     struct strlist *argv);

/* vet's findings as static warnings of the findings model, each at its place. */
void vet_reports(const struct vet_findings *found, struct reports *out);

/* Whether a command is a program on PATH. */
int command_exists(const char *command);

#endif
