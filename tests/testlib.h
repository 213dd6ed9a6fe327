/* The smallest test harness that can fail: CHECK records a failure with its line and goes on;
 * test_summary() prints "NAME: N passed, N failed" and gives the exit code. */
#ifndef RACECHECK_TESTLIB_H
#define RACECHECK_TESTLIB_H

#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tests_passed, tests_failed;

#define CHECK(cond) check_that((cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str((got), (want), #got, __FILE__, __LINE__)

static inline int check_that(int ok, const char *what, const char *file, int line) {
  if (ok) {
    tests_passed++;
  } else {
    tests_failed++;
    printf("%s:%d: check failed: %s\n", file, line, what);
  }
  return ok;
}

static inline int check_str(const char *got, const char *want, const char *what, const char *file,
                            int line) {
  int ok = got && strcmp(got, want) == 0;
  if (!ok)
    printf("%s:%d: %s\n  got:  %s\n  want: %s\n", file, line, what, got ? got : "(null)", want);
  return check_that(ok, what, file, line);
}

/* A whole file, or the test stops: a missing fixture is not something to test around. */
static inline char *slurp(const char *path) {
  struct buf b = {0};
  if (!read_file(path, &b)) {
    printf("cannot read %s\n", path);
    exit(1);
  }
  return b.data;
}

/* The linker flags a case is built with: rules.ninja's shim_ldflags, its continued lines
 * joined, split into words. */
static inline void shim_ldflags(struct strlist *out) {
  struct buf rules = {0};
  if (!read_file("rules.ninja", &rules))
    return;
  const char *start = strstr(rules.data, "\nshim_ldflags = ");
  struct buf flags = {0};
  for (const char *p = start ? start + strlen("\nshim_ldflags = ") : ""; *p; p++) {
    if (p[0] == '$' && p[1] == '\n')
      p++;
    else if (*p == '\n')
      break;
    else
      buf_add(&flags, p, 1);
  }
  split_words(buf_str(&flags), " ", out);
  buf_free(&flags);
  buf_free(&rules);
}

static inline int test_summary(const char *name) {
  printf("%s: %d passed, %d failed\n", name, tests_passed, tests_failed);
  return tests_failed ? 1 : 0;
}

#endif
