/* The interleaving, drawn for a terminal in 80 columns: for a data race one lane per
 * thread, the two accesses in the order the detector saw them, each with its source line
 * and the locks held, and the sentence that is the verdict; for a deadlock, who waits for
 * what and who holds it. */
#ifndef RACECHECK_PICTURE_H
#define RACECHECK_PICTURE_H

#include "explain.h"
#include "report.h"

#include <stdio.h>

/* Finds a program's source line for a picture: a copy to free, or NULL. */

/* Which of a race's two accesses the detector saw first: the one it calls "previous". */
size_t race_first_seen(const struct report *r);
/* The sentence under a race's picture: why nothing ordered its two accesses. */
const char *race_verdict(const struct report *r);

void picture_print(FILE *out, const struct report *r, source_line_fn source, void *ctx);

/* Prints text in lines of at most 80 columns, each starting with `indent` (the first with
 * `first` instead), broken at spaces. */
void print_wrapped(FILE *out, const char *first, const char *indent, const char *text);

#endif
