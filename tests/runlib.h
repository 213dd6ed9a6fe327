/* Running racecheck and the tools around it from a test: argv, never a shell, with stdout and
 * stderr kept apart, and a temporary folder under build/ for what a test writes. */
#ifndef RACECHECK_RUNLIB_H
#define RACECHECK_RUNLIB_H

#include "child.h"
#include "testlib.h"

#include <unistd.h>

extern char **environ;

struct result {
  int code; /* exit code, or -1 if it did not exit normally */
  char *out;
  char *err;
};

static inline struct result run_in(char **argv, char **envp) {
  struct child c = {
      .argv = argv, .search_path = 1, .envp = envp, .timeout_s = 120, .keep_bytes = 1 << 24};
  child_run(&c);
  struct result r = {c.end == CHILD_EXITED ? c.status : -1, xstrdup(buf_str(&c.out)),
                     xstrdup(buf_str(&c.err))};
  child_free(&c);
  return r;
}

static inline struct result run(char **argv) {
  return run_in(argv, environ);
}

/* Runs program with words, a NULL-terminated list, as its arguments. */
static inline struct result run_with(const char *program, char **words) {
  size_t n = 0;
  while (words[n])
    n++;
  char **argv = xmalloc((n + 2) * sizeof *argv);
  argv[0] = (char *)program;
  memcpy(argv + 1, words, (n + 1) * sizeof *argv);
  struct result r = run(argv);
  free(argv);
  return r;
}

static inline void result_free(struct result *r) {
  free(r->out);
  free(r->err);
}

static inline int says(const char *text, const char *what) {
  if (strstr(text, what))
    return 1;
  printf("expected to find \"%s\" in:\n%s\n", what, text);
  return 0;
}

/* The test's own folder, build/NAME.XXXXXX; removed by test_folder_remove. */
static inline char *test_folder_make(const char *name) {
  make_dirs("build");
  char *template = xasprintf("build/%s.XXXXXX", name);
  if (!mkdtemp(template)) {
    printf("cannot make a temporary folder under build/\n");
    exit(1);
  }
  return template;
}

static inline void test_folder_remove(char *dir) {
  char *rm[] = {"rm", "-rf", dir, NULL};
  struct result r = run(rm);
  result_free(&r);
  free(dir);
}

/* Builds a program with TSan and racecheck's shim, as a case is built (it can be a fork server). */
static inline int build_with_tsan(const char *source, const char *binary) {
  char *head[] = {"clang",
                  "-fsanitize=thread",
                  "-g",
                  "-O1",
                  "-pthread",
                  (char *)source,
                  "build/shim/thread_origins.o",
                  "build/shim/lock_ledger.o",
                  "build/shim/scheduler.o",
                  "build/shim/sched_points.o",
                  "build/shim/fork_server.o"};
  struct strlist flags = {0};
  shim_ldflags(&flags);
  size_t nhead = sizeof head / sizeof head[0];
  char **cc = xmalloc((nhead + flags.len + 3) * sizeof *cc);
  memcpy(cc, head, sizeof head);
  memcpy(cc + nhead, flags.items, flags.len * sizeof *cc);
  cc[nhead + flags.len] = "-o";
  cc[nhead + flags.len + 1] = (char *)binary;
  cc[nhead + flags.len + 2] = NULL;
  struct result r = run(cc);
  int ok = r.code == 0 && flags.len > 0;
  if (!ok)
    printf("cannot build %s:\n%s\n", source, r.err);
  result_free(&r);
  free(cc);
  strlist_free(&flags);
  return ok;
}

#endif
