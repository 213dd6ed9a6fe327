/* A bug scope once found: the part that needs no libclang. */
#include "bug_scope.h"

#include <stdlib.h>

int bug_scope_holds(const struct bug_scope *s, int line) {
  for (size_t i = 0; i < s->len; i++)
    if (line >= s->ranges[i].first && line <= s->ranges[i].last)
      return 1;
  return 0;
}

void bug_scope_free(struct bug_scope *s) {
  free(s->ranges);
  *s = (struct bug_scope){0};
}
