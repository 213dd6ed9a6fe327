/* racecheck vet: Go's `go vet` copylocks check, for C. Parses C files with libclang and
 * finds every place where a lock, or a struct, union or array holding one at any depth, is
 * copied: a copy is a second lock that nobody else locks. And its unlockpaths check: every
 * way out of a function (a return, or its end) that still holds a lock the function took,
 * where the walk can show it (lock_paths.c says when it says nothing).
 *
 * A lock is a pthread_mutex_t, pthread_rwlock_t, pthread_spinlock_t, pthread_cond_t,
 * pthread_barrier_t, sem_t, mtx_t or cnd_t; a typedef, struct or union marked
 * __attribute__((annotate("racecheck_lock"))); or a type named in vet_options.lock_types. */
#ifndef RACECHECK_VET_H
#define RACECHECK_VET_H

#include <stddef.h>

enum vet_kind {
  VET_PASS_BY_VALUE_DECL,      /* a function declares a parameter that holds a lock */
  VET_RETURNS_BY_VALUE_DECL,   /* a function whose body is not in sight returns one */
  VET_CALL_COPIES,             /* an argument is copied into a by-value parameter */
  VET_RETURN_COPIES,           /* a return statement copies an existing object */
  VET_ASSIGN_COPIES,           /* a = b */
  VET_INIT_COPIES,             /* struct account b = a; or { .acct = a } in a declaration */
  VET_COMPOUND_LITERAL_COPIES, /* (struct bank){ .acct = a } */
  VET_MEMCPY_COPIES,           /* memcpy or memmove to or from an object that holds a lock */
  VET_RETURN_HOLDS_LOCK,       /* unlockpaths: a return leaves the function holding `lock` */
  VET_END_HOLDS_LOCK,          /* unlockpaths: the function's end is reached holding `lock` */
};

/* Which of vet's checks run. */
enum vet_check { VET_ALL_CHECKS, VET_COPYLOCKS, VET_UNLOCKPATHS };

/* One step of the way from the copied value down to its lock: the step's type as written,
 * and the member that holds it (NULL for the copied value itself). */
struct vet_step {
  char *type;
  char *member;
};

struct vet_finding {
  char *file; /* as libclang opened it: the path given, or a header's path as included */
  unsigned line, column;
  enum vet_kind kind;
  /* What the message names: the function declared (the two _DECL kinds), called (CALL,
   * MEMCPY) or returning (RETURN); the object assigned (ASSIGN) or declared (INIT); the
   * object copied (COMPOUND_LITERAL). Spelled as in the source. */
  char *name;
  struct vet_step *path; /* outermost first; the last step's type is the lock */
  size_t path_len;
  /* The two _HOLDS_LOCK kinds: the function's name is `name`, the place is the way out; the
   * lock as the call that took it spells it ("&b->lock"), and that call's line. */
  char *lock;
  unsigned lock_line;
};

struct vet_findings {
  struct vet_finding *items;
  size_t len;
};

struct vet_options {
  const char *const *lock_types; /* more locks: typedef names, tags, or "struct TAG" */
  size_t n_lock_types;
  const char *const *clang_args; /* after the defaults (-std=c17 -D_GNU_SOURCE -pthread
                                    -Icases -I<the file's folder>), so they can override them */
  size_t n_clang_args;
  /* A build folder whose compile_commands.json gives each file's arguments, in place of
   * the defaults and the folder; or NULL. */
  const char *compile_db;
  enum vet_check check;
};

/* Analyses every file and appends its findings to out, sorted by file, line and column, each
 * once. Returns 0; or -1 when a file did not parse cleanly, with *error set to libclang's
 * error diagnostics (malloc'd) and out holding the findings of the files that did. */
int vet_files(const struct vet_options *o, const char *const *files, size_t n,
              struct vet_findings *out, char **error);

/* The finding as one line, in go vet's words: "FILE:LINE:COL: call of deposit copies lock
 * value: struct account contains pthread_mutex_t mu", or "FILE:LINE:COL: this return leaves
 * withdraw holding &balance_mu, locked on line 14". malloc'd. */
char *vet_render(const struct vet_finding *f);

/* The same message without its place: "call of deposit copies lock value: ...". malloc'd. */
char *vet_message(const struct vet_finding *f);

/* "CALL_COPIES" for VET_CALL_COPIES, and so on. */
const char *vet_kind_name(enum vet_kind kind);
/* The check that finds it: "copylocks" or "unlockpaths". */
const char *vet_checker_name(enum vet_kind kind);

void vet_findings_free(struct vet_findings *list);
void vet_finding_free(struct vet_finding *f);

#endif
