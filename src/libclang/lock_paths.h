/* vet's unlockpaths check: each way out of a function (a return, or its end) that still holds
 * a lock the function took, walked over the function's statements with the locks held; read
 * from several translation units at once, since whether a lock is left for another function
 * to unlock (a caller, a helper) is known only once every function has been walked. */
#ifndef RACECHECK_LOCK_PATHS_H
#define RACECHECK_LOCK_PATHS_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>

/* A way out of a function that keeps a lock the function took: where, the function, the
 * lock as the call that took it spells it ("&b->lock"), and that call's line. */
struct kept_lock {
  char *file;
  unsigned line, column;
  bool at_end; /* the end of the function's body, not a return */
  char *function, *lock;
  unsigned lock_line;
};

struct kept_locks {
  struct kept_lock *items;
  size_t len;
};

struct lock_paths;

struct lock_paths *lock_paths_new(void);
/* Walks every function defined in tu outside the system's headers. */
void lock_paths_walk(struct lock_paths *p, CXTranslationUnit tu);
/* Appends what the walks found and no other function may settle (the strings are the
 * caller's now); frees p. */
void lock_paths_finish(struct lock_paths *p, struct kept_locks *out);

#endif
