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

/* Adds a normalized report (taking it over) with its rendered text, keeping the list sorted
 * and free of duplicates; a duplicate is freed. */
void findings_add(struct findings *list, struct report *normalized);
void findings_free(struct findings *list);

#endif
