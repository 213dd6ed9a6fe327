/* One page of the HTML report: a lesson's rule, its programs side by side with the BUG and
 * FIX lines and every line a finding names marked, and for each program what racecheck and
 * the detector said, the picture of each finding and what it means. `racecheck report`
 * writes one per lesson; `racecheck show --html` writes one for a learner's own program.
 * The page is static and self-contained: its style is inline, it runs no script, and its
 * Content-Security-Policy lets it load nothing. */
#ifndef RACECHECK_PAGE_H
#define RACECHECK_PAGE_H

#include "run_case.h"
#include "text.h"

struct page_program {
  const char *name;     /* the case, or the learner's program */
  const char *source;   /* its source's path */
  const char *expected; /* its expected file, whose comments explain it; NULL: none */
  const char *detector; /* what ran it: "clang -fsanitize=thread", a valgrind command */
  const struct run_result *run;
};

struct page {
  const struct page_program *programs; /* the one that breaks the rule first */
  size_t n;
  const char *index;    /* the link back to the index, or NULL */
  const char *schedule; /* the lesson's schedule (cases/lessons.txt), or NULL */
};

/* The page's whole document. */
char *page_html(const struct page *p);

/* The start and end of a document with the report's style, and its title escaped. */
void page_begin(struct buf *b, const char *title);
void page_end(struct buf *b);

#endif
