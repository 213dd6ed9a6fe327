/* A finding: a report after normalization, with the text it renders to. Findings are told
 * apart and ordered by their fields (report_order.h); the text, rendered once by the
 * renderer the caller hands in, is what an expected file holds; the report is what JSON,
 * the HTML report and the grader read. */
#ifndef RACECHECK_FINDING_H
#define RACECHECK_FINDING_H

#include "report.h"

#include <stddef.h>

struct finding {
  struct report report; /* normalized */
  size_t depth;         /* how many frames of each stack it shows */
  char *text;           /* its lines, joined by '\n' */
};

struct findings {
  struct finding *items; /* in the order of report_compare, no two alike */
  size_t len;
};

/* What renders a report, showing `depth` frames of each stack: malloc'd. */
typedef char *(*finding_renderer)(const struct report *r, size_t depth);

/* Makes findings of n normalized reports (taking them over), appended to out: each showing
 * as many callers as it takes to tell it from every other, in the order of report_compare,
 * no two alike, and rendered by `render`. */
void findings_make(struct report *normalized, size_t n, finding_renderer render,
                   struct findings *out);
void findings_free(struct findings *list);

#endif
