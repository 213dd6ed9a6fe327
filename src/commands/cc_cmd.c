/* `racecheck cc ARGS...` runs clang with ARGS and what racecheck's diagnosis needs: TSan,
 * debug information and frame pointers on every compile, and on a link the shim (where each
 * thread was created, the lock ledger) with the calls it wraps. Everything else is the
 * build's own: make CC="racecheck cc", CMake's CMAKE_C_COMPILER, ninja's cc. */
#include "cc_cmd.h"

#include "build_program.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char COMPILER[] = "clang";

/* Whether clang, given these words, links: not when it only compiles, assembles,
 * preprocesses or checks. */
static int links(int argc, char **argv) {
  static const char *const NOT_LINKING[] = {"-c", "-S", "-E", "-M", "-MM", "-fsyntax-only"};
  for (int i = 0; i < argc; i++)
    for (size_t k = 0; k < sizeof NOT_LINKING / sizeof *NOT_LINKING; k++)
      if (strcmp(argv[i], NOT_LINKING[k]) == 0)
        return 0;
  return 1;
}

/* The shim's objects are kept beside the racecheck that built them: BUILD/cc-shim/. */
static char *shim_cache(void) {
  char *exe = realpath("/proc/self/exe", NULL);
  if (!exe)
    return NULL;
  *(char *)path_basename(exe) = '\0';
  char *cache = xasprintf("%scc-shim", exe);
  free(exe);
  return cache;
}

/* Whether the word names a C compiler, as CMake's CMAKE_C_COMPILER_LAUNCHER passes one
 * before its arguments: it is left out, since racecheck builds with clang. */
static int names_a_compiler(const char *word) {
  const char *name = path_basename(word);
  return strcmp(name, "cc") == 0 || strcmp(name, "gcc") == 0 || starts_with(name, "gcc-") ||
         strcmp(name, "clang") == 0 || starts_with(name, "clang-");
}

int cmd_cc(int argc, char **argv) {
  if (argc > 0 && names_a_compiler(argv[0]))
    argc--, argv++;
  if (argc == 0) {
    fprintf(stderr, "racecheck cc: no input files: it takes what clang takes\n"
                    "(racecheck help cc says more)\n");
    return 2;
  }
  struct strlist words = {0};
  strlist_push(&words, xstrdup(COMPILER));
  for (const char *const *f = TSAN_BUILD_FLAGS; *f; f++)
    strlist_push(&words, xstrdup(*f));
  for (int i = 0; i < argc; i++)
    strlist_push(&words, xstrdup(argv[i]));
  if (links(argc, argv)) {
    char *cache = shim_cache(), *error = NULL;
    if (!cache || shim_objects(cache, &words, &error) != 0) {
      fprintf(stderr, "racecheck cc: %s\n", error ? error : "cannot find racecheck's folder");
      free(cache), free(error);
      strlist_free(&words);
      return 1;
    }
    free(cache);
    strlist_push(&words, xstrdup(SHIM_LINK_FLAGS));
  }
  strlist_push(&words, NULL);
  execvp(COMPILER, words.items);
  fprintf(stderr, "racecheck cc: cannot run %s: %s (./bootstrap installs clang)\n", COMPILER,
          strerror(errno));
  strlist_free(&words);
  return 1;
}
