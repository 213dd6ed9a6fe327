#include "vet_cmd.h"

#include "compile_db.h"
#include "term.h"

#include "json.h"
#include "normalize.h"
#include "render.h"
#include "sandbox.h"
#include "sandbox_vet.h"
#include "static_run.h"
#include "text.h"
#include "vet.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char MORE[] = "(racecheck help vet says more)\n";
static const char *const CHECKS[] = {
    [VET_ALL_CHECKS] = NULL, [VET_COPYLOCKS] = "copylocks", [VET_UNLOCKPATHS] = "unlockpaths"};

struct vet_args {
  struct strlist lock_types, clang_args, files;
  const char *compile_db; /* -p BUILD_DIR */
  bool json, exit_zero, sandbox;
  enum vet_check check; /* --check copylocks|unlockpaths; both without it */
};

static void vet_args_free(struct vet_args *a) {
  strlist_free(&a->lock_types);
  strlist_free(&a->clang_args);
  strlist_free(&a->files);
}

/* The check a --check names, or VET_ALL_CHECKS for none of them. */
static enum vet_check check_named(const char *name) {
  for (size_t i = 0; i < sizeof CHECKS / sizeof *CHECKS; i++)
    if (CHECKS[i] && strcmp(CHECKS[i], name) == 0)
      return (enum vet_check)i;
  return VET_ALL_CHECKS;
}

/* Returns 0, or 2 after saying what is wrong. */
static int parse_args(int argc, char **argv, struct vet_args *a) {
  bool after_dashes = false;
  for (int i = 0; i < argc; i++) {
    const char *arg = argv[i];
    if (after_dashes) {
      bool is_file = ends_with(arg, ".c") && arg[0] != '-';
      strlist_push(is_file ? &a->files : &a->clang_args, xstrdup(arg));
    } else if (strcmp(arg, "--") == 0) {
      after_dashes = true;
    } else if (strcmp(arg, "--lock-type") == 0 && i + 1 < argc) {
      strlist_push(&a->lock_types, xstrdup(argv[++i]));
    } else if (strcmp(arg, "--format") == 0 && i + 1 < argc &&
               (strcmp(argv[i + 1], "text") == 0 || strcmp(argv[i + 1], "json") == 0)) {
      a->json = strcmp(argv[++i], "json") == 0;
    } else if (strcmp(arg, "--check") == 0 && i + 1 < argc && check_named(argv[i + 1])) {
      a->check = check_named(argv[++i]);
    } else if (strcmp(arg, "-p") == 0 && i + 1 < argc) {
      a->compile_db = argv[++i];
    } else if (starts_with(arg, "-p=") && arg[3]) {
      a->compile_db = arg + 3;
    } else if (strcmp(arg, "--exit-zero") == 0) {
      a->exit_zero = true;
    } else if (strcmp(arg, "--sandbox") == 0) {
      a->sandbox = true;
    } else if (arg[0] == '-') {
      fprintf(stderr, "racecheck vet: unknown option or missing value: %s\n%s", arg, MORE);
      return 2;
    } else {
      strlist_push(&a->files, xstrdup(arg));
    }
  }
  char *error = NULL;
  if (a->files.len == 0 && a->compile_db && compile_db_files(a->compile_db, &a->files, &error)) {
    fprintf(stderr, "racecheck vet: %s\n", error);
    free(error);
    return 2;
  }
  if (a->files.len == 0) {
    fprintf(stderr, "racecheck vet: no file to vet\n%s", MORE);
    return 2;
  }
  for (size_t i = 0; i < a->files.len; i++) { /* a FIFO would hang the parser */
    struct buf text = {0};
    char *error = NULL;
    bool ok = read_source(a->files.items[i], SOURCE_LIMIT, &text, &error);
    buf_free(&text);
    if (!ok) {
      char *shown = term_escape(error, strlen(error));
      fprintf(stderr, "racecheck vet: %s\n", shown);
      free(shown), free(error);
      return 2;
    }
  }
  return 0;
}

static void print_text(const struct vet_findings *found) {
  for (size_t i = 0; i < found->len; i++) {
    char *line = vet_render(&found->items[i]);
    printf("%s\n", line);
    free(line);
  }
}

/* The files vetted and the copies found, as a run of the findings model: what the matrix
 * keeps of vet, in the JSON of `check` and `show`. */
static void print_json(const struct strlist *files, const struct vet_findings *found) {
  struct reports reports = {0};
  vet_reports(found, &reports);
  struct run_findings run = {.end = CHILD_EXITED};
  findings_from_reports(&reports, render_report, &run.findings);
  struct json j = {.out = stdout};
  json_begin_object(&j, NULL);
  json_int(&j, "racecheck_format", 1);
  json_begin_array(&j, "files");
  for (size_t i = 0; i < files->len; i++)
    json_string(&j, NULL, files->items[i]);
  json_end_array(&j);
  json_run(&j, "run", &run);
  json_end_object(&j);
  fputc('\n', stdout);
  run_findings_free(&run);
}

static int vet_now(const struct vet_args *a) {
  struct vet_options o = {(const char *const *)a->lock_types.items,
                          a->lock_types.len,
                          (const char *const *)a->clang_args.items,
                          a->clang_args.len,
                          a->compile_db,
                          a->check};
  struct vet_findings found = {0};
  char *error = NULL;
  int rc = vet_files(&o, (const char *const *)a->files.items, a->files.len, &found, &error);
  if (a->json && rc == 0)
    print_json(&a->files, &found);
  else if (!a->json)
    print_text(&found);
  if (error)
    fprintf(stderr, "%s", error);
  int status = rc != 0 ? 2 : found.len > 0 && !a->exit_zero;
  free(error);
  vet_findings_free(&found);
  return status;
}

/* libclang parses inside racecheck's process: a macro bomb could take the machine's memory
 * and time. The parse runs in a child held to VET_ROOM more address space than racecheck
 * had (a sanitizer's runtime reserves terabytes first) and to VET_TIMEOUT_S. */
enum { VET_TIMEOUT_S = 60 };
static const unsigned long long VET_ROOM = 4ULL << 30;

static unsigned long long address_space_now(void) {
  struct buf status = {0};
  read_file("/proc/self/status", &status);
  const char *at = status.data ? strstr(status.data, "VmSize:") : NULL;
  unsigned long long kib = at ? strtoull(at + strlen("VmSize:"), NULL, 10) : 0;
  buf_free(&status);
  return kib * 1024;
}

static int vet_bounded(const struct vet_args *a) {
  fflush(stdout);
  fflush(stderr);
  unsigned long long room = address_space_now() + VET_ROOM;
  pid_t pid = fork();
  if (pid == 0) {
    struct rlimit space = {(rlim_t)room, (rlim_t)room};
    setrlimit(RLIMIT_AS, &space);
    alarm(VET_TIMEOUT_S);
    int status = vet_now(a);
    fflush(stdout);
    _exit(status);
  }
  int status = 0;
  while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (pid > 0 && WIFEXITED(status))
    return WEXITSTATUS(status);
  fprintf(stderr,
          "racecheck vet: the parse was stopped (%s): it took more than %d s or %llu GiB "
          "of memory\n",
          pid < 0 ? strerror(errno) : strsignal(WTERMSIG(status)), VET_TIMEOUT_S, VET_ROOM >> 30);
  return 2;
}

/* A line of vet's about the sandbox's copy, about the file it was copied from. */
static void print_as_of(const char *line, const char *copy, const char *file) {
  if (starts_with(line, copy)) {
    char *shown = term_escape(file, strlen(file));
    printf("%s%s\n", shown, line + strlen(copy));
    free(shown);
  } else {
    printf("%s\n", line);
  }
}

/* One file in a sandbox of its own, with the headers beside it, parsed as grade builds a
 * submission: 0, 1 if vet found a copy, or 2 after saying what went wrong. */
static int vet_one_sandboxed(const struct vet_args *a, const char *file) {
  static const char *const HIDDEN[] = {"cases", "expected", "exercises-data", "exercises", "build"};
  struct sandbox s;
  struct strlist found = {0};
  char *error = NULL, *copy = NULL;
  if (sandbox_open(&s, "build", &error) == 0) {
    for (size_t i = 0; i < sizeof HIDDEN / sizeof *HIDDEN; i++)
      sandbox_hide(&s, HIDDEN[i]);
    char *folder = xstrndup(file, (size_t)(path_basename(file) - file));
    sandbox_copy_headers(&s, *folder ? folder : "."); /* a header it cannot copy is not found */
    sandbox_copy_headers(&s, "cases"); /* the lessons' own (forced_order.h), as try does */
    free(folder);
    copy = sandbox_copy_in(&s, file, &error);
    if (copy && sandbox_vet(&s, copy, &a->lock_types, CHECKS[a->check], &found, &error) == 0)
      for (size_t i = 0; i < found.len; i++)
        print_as_of(found.items[i], copy, file);
    sandbox_close(&s);
  }
  int status = error ? 2 : found.len > 0 && !a->exit_zero;
  if (error) {
    char *shown = term_escape(error, strlen(error));
    fprintf(stderr, "racecheck vet: %s\n", shown);
    free(shown);
  }
  free(error), free(copy);
  strlist_free(&found);
  return status;
}

static int vet_sandboxed(const struct vet_args *a) {
  if (a->json || a->clang_args.len > 0 || a->compile_db) {
    fprintf(stderr, "racecheck vet: --sandbox vets the files alone, as text\n%s", MORE);
    return 2;
  }
  int status = 0;
  for (size_t i = 0; i < a->files.len && status != 2; i++) {
    int one = vet_one_sandboxed(a, a->files.items[i]);
    status = one > status ? one : status;
  }
  return status;
}

int cmd_vet(int argc, char **argv) {
  struct vet_args a = {0};
  if (parse_args(argc, argv, &a) != 0) {
    vet_args_free(&a);
    return 2;
  }
  int status = a.sandbox ? vet_sandboxed(&a) : vet_bounded(&a);
  vet_args_free(&a);
  return status;
}
