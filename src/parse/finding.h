/* A finding: a report after normalization, with the text it renders to. The text is what an
 * expected file holds; the report is what JSON, the HTML report and the grader read. */
#ifndef RACECHECK_FINDING_H
#define RACECHECK_FINDING_H

#include "report.h"

#include <stddef.h>

struct finding {
  struct report report; /* normalized */
  char *text;           /* its lines, joined by '\n' */
};

struct findings {
  struct finding *items; /* sorted by text, no two alike */
  size_t len;
};

/* Makes findings of n normalized reports (taking them over) into an empty list: each
 * rendered with as many callers as it takes to tell it from every other, sorted by text,
 * and no two alike. */
void findings_make(struct report *normalized, size_t n, struct findings *out);
void findings_free(struct findings *list);

#endif
