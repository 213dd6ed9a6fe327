/* Where a case's lesson is in its source, for a static analyser's warning to be about it:
 * every function whose definition holds one of the case's BUG lines, and a BUG line outside
 * any function by itself. Parsed with libclang, as `racecheck vet` parses. */
#ifndef RACECHECK_BUG_SCOPE_H
#define RACECHECK_BUG_SCOPE_H

#include <stddef.h>

struct line_range {
  int first, last; /* counted from 1, both included */
};

struct bug_scope {
  struct line_range *ranges;
  size_t len;
};

/* The scope of the bug lines of source, parsed as a case is built (-std=c17 -D_GNU_SOURCE
 * -pthread, its own folder on the include path). Returns 0; or -1 with *error saying why the
 * file could not be parsed. */
int bug_scope_find(const char *source, const int *bug_lines, size_t n_bug_lines,
                   struct bug_scope *out, char **error);
/* Whether line is in the scope. */
int bug_scope_holds(const struct bug_scope *s, int line);
void bug_scope_free(struct bug_scope *s);

#endif
