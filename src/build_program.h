/* Builds a learner's own C files for `racecheck show`, the way the cases are built: with
 * ThreadSanitizer, debug information, no optimisation (so every access keeps its line and
 * its variable's name) and racecheck's thread-origin shim. Builds are kept in a cache keyed
 * by everything that goes into them: the compiler (its path, size and time), its flags, the
 * sources' and the shim's bytes, and the bytes of every header the compiler read (its
 * depfile), so showing the same code twice builds it once and a changed header builds
 * again. A sandbox's cache is its own folder, never shared. */
#ifndef RACECHECK_BUILD_PROGRAM_H
#define RACECHECK_BUILD_PROGRAM_H

#include <stddef.h>

struct sandbox;

/* Returns the program's path (to free), or NULL with *error saying why (clang's own words
 * for code that does not compile). cache_dir is made if need be. */
char *build_program(char *const *sources, size_t n, const char *cache_dir, char **error);

/* How else a program can be built: for valgrind (no TSan, DWARF 4, as the cases are), with
 * macros defined (-D words), and with a folder searched for headers after the sources' own. */
struct build_flavour {
  int for_valgrind;
  const char *const *defines;    /* "RACECHECK_UNFORCED"...; NULL-terminated, or NULL */
  const char *include_dir;       /* or NULL */
  const struct sandbox *sandbox; /* the compiler runs inside it (sandbox.h), or NULL */
};
char *build_program_as(char *const *sources, size_t n, const char *cache_dir,
                       const struct build_flavour *flavour, char **error);

/* What in the source switches ThreadSanitizer off, as the compiler's syntax tree of it shows
 * (a no_sanitize attribute, a __tsan_ hook or call, a dynamic annotation), named in a few
 * words (to free); NULL if nothing does. */
char *build_program_detector_off(const char *source, const struct build_flavour *flavour);

#endif
