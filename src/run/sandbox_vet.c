#include "sandbox_vet.h"

#include "child.h"
#include "sandbox.h"
#include "term.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

/* vet stops its own parse after 60 s and 4 GiB more address space (vet_cmd.c); the sandbox
 * gives it a little longer to start, and holds all it runs to as much memory again. */
enum { VET_LIMIT_S = 75, VET_MEMORY_MIB = 4608 };

int sandbox_vet(struct sandbox *s, const char *copy, const struct strlist *lock_types,
                const char *check, struct strlist *found, char **error) {
  char *self = realpath("/proc/self/exe", NULL);
  if (!self) {
    *error = xasprintf("cannot find racecheck itself: %s", strerror(errno));
    return -1;
  }
  /* its folder is hidden: racecheck, and its part that parses C (c_parser.c) */
  char *parser = xasprintf("%.*sracecheck-c.so", (int)(path_basename(self) - self), self);
  sandbox_show(s, self);
  sandbox_show(s, parser);
  free(parser);
  struct strlist argv = {0};
  strlist_push(&argv, xstrdup(self));
  strlist_push(&argv, xstrdup("vet"));
  for (size_t i = 0; lock_types && i < lock_types->len; i++) {
    strlist_push(&argv, xstrdup("--lock-type"));
    strlist_push(&argv, xstrdup(lock_types->items[i]));
  }
  if (check) {
    strlist_push(&argv, xstrdup("--check"));
    strlist_push(&argv, xstrdup(check));
  }
  strlist_push(&argv, xstrdup(copy));
  strlist_push(&argv, NULL);
  struct child c = {.argv = argv.items,
                    .envp = environ,
                    .timeout_s = VET_LIMIT_S,
                    .keep_bytes = 1 << 20,
                    .max_memory_mib = VET_MEMORY_MIB,
                    .sandbox = s};
  int started = child_run(&c) == 0;
  int ok = started && c.end == CHILD_EXITED && (c.status == 0 || c.status == 1);
  if (ok) {
    split_lines_by(c.out.data, c.out.len, term_escape, found);
  } else if (!started) {
    *error = xasprintf("cannot run vet in the sandbox: %s", strerror(c.start_errno));
  } else {
    char *said = term_escape(buf_str(&c.err), strcspn(buf_str(&c.err), "\n"));
    *error = c.end == CHILD_EXITED && *said ? xstrdup(said)
                                            : xasprintf("vet was stopped after %.0f s in the "
                                                        "sandbox, or for more than %d MiB",
                                                        c.seconds, VET_MEMORY_MIB);
    free(said);
  }
  child_free(&c);
  argv.len--; /* the NULL */
  strlist_free(&argv);
  free(self);
  return ok ? 0 : -1;
}
