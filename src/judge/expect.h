/* Expected files: what a case must report, as plain text a learner can read.
 * Lines starting with '#' are comments and blank lines are skipped; "{{n}}" in a line
 * stands for any whole number (a lost-update count that changes from run to run), and
 * "{{write|read}}" for either word (where two compilers' detectors word a report apart);
 * "{{{{}}" is two braces that a program printed. */
#ifndef RACECHECK_EXPECT_H
#define RACECHECK_EXPECT_H

#include "text.h"

#include <stdio.h>

struct expected {
  struct strlist lines; /* what must match, in order */
  struct buf header;    /* the comment and blank lines before the first line */
  struct strlist after; /* [i]: the comment and blank lines after lines.items[i], or "" */
};

/* Returns 0, or -1 with a one-line message in *error ("line 3: ..."); errno is kept for I/O. */
int expect_load(const char *path, struct expected *out, char **error);
/* The same from text already read. */
int expect_parse(const char *text, size_t len, struct expected *out, char **error);
void expect_free(struct expected *e);

int line_matches(const char *pattern, const char *text);
/* A line of output as an expected file must write it to mean just that text: each "{{" as
 * "{{{{}}", so that nothing a program prints reads as a pattern. */
char *expect_literal(const char *text);

/* Whether the actual lines match; if not, *seen gets the actual lines with every line that
 * matched its pattern replaced by the pattern, so that a diff shows only real differences. */
int expect_match(const struct expected *e, const struct strlist *actual, struct strlist *seen);

/* The text of an expected file holding `actual` under `header`. */
char *expect_render(const struct buf *header, const struct strlist *actual);
/* The text of an expected file holding `lines` with every comment of `old`, for bless. A
 * comment stays before the line it was before, if that line is still there: the same text,
 * a line its pattern matches, or the line that took its place. If it is gone, the comment
 * goes before the next line that is still there. The header stays on top, and no comment is
 * ever dropped. */
char *expect_rewrite(const struct expected *old, const struct strlist *lines);
/* The lines of n runs (as expected-file lines) as one expected file's: a line they all print
 * alike stays as it is; lines alike but for some words (each space kept) get those words as
 * choices, {{write|read}}. Returns 1, or 0 when they differ by more (a line more or less, a
 * word more or less, a choice that would hold a brace or a bar). */
int expect_merge(struct strlist *const *lines, size_t n, struct strlist *out);

/* Prints `diff -u` of two line lists to out, through files under dir, which it creates if
 * need be. Returns 0, or -1 when no diff could be shown (and says why). */
int print_diff(FILE *out, const char *dir, const char *name, const char *old_label,
               const struct strlist *old_lines, const char *new_label,
               const struct strlist *new_lines);

#endif
