/* Builds a learner's own C files for `racecheck show`, the way the cases are built: with
 * ThreadSanitizer, debug information, no optimisation (so every access keeps its line and
 * its variable's name) and racecheck's thread-origin shim. Builds are kept in a cache keyed
 * by everything that goes into them: the compiler (its path, size and time), its flags, the
 * sources' and the shim's bytes, and the bytes of every header the compiler read (its
 * depfile), so showing the same code twice builds it once and a changed header builds
 * again. A sandbox builds in its own folder; its program is kept for the next sandbox only
 * in a cache outside its reach (build_flavour.shared_cache). */
#ifndef RACECHECK_BUILD_PROGRAM_H
#define RACECHECK_BUILD_PROGRAM_H

#include "text.h"

#include <stddef.h>

struct sandbox;

/* How a program is built besides: for valgrind (no TSan, DWARF 4, as the cases are), with
 * a folder searched for headers after the sources' own,
 * inside a sandbox, and with the learner's own compiler flags (before the sources) and
 * linker flags (after). */
struct build_flavour {
  int for_valgrind;
  const char *include_dir;       /* or NULL */
  const struct sandbox *sandbox; /* the compiler runs inside it (sandbox.h), or NULL */
  /* with a sandbox: where its builds are kept for the next try of the same inputs, a folder
   * racecheck's user writes and the sandbox cannot see; only for builds made before
   * anything of the submission ran in the sandbox (which can write its own folder). NULL:
   * the sandbox's builds are its own */
  const char *shared_cache;
  const struct strlist *compile_flags, *link_flags; /* each may be NULL */
};
/* The functions of the C library the shim calls or wraps, NULL-ended: a submission that
 * defines one is refused (build_program_detector_off). */
extern const char *const SHIM_CALLS[];

/* Returns the program's path (to free), or NULL with *error saying why (clang's own words
 * for code that does not compile). cache_dir is made if need be. */
char *build_program_as(char *const *sources, size_t n, const char *cache_dir,
                       const struct build_flavour *flavour, char **error);

/* For `racecheck cc`: the shim's objects, built once into cache_dir (keyed by the shim's
 * files, as a program is), appended to objects; returns 0, or -1 with *error. */
int shim_objects(const char *cache_dir, struct strlist *objects, char **error);
/* The words that link a program with the shim: each call the shim wraps. */
extern const char SHIM_LINK_FLAGS[];
/* The words that build a program the way racecheck does, NULL-terminated: TSan, debug
 * information, frame pointers, threads. */
extern const char *const TSAN_BUILD_FLAGS[];
/* What in the source switches ThreadSanitizer off, as the compiler's syntax tree of it shows
 * (a no_sanitize attribute, a __tsan_ hook or call, a dynamic annotation), named in a few
 * words (to free); NULL if nothing does. */
char *build_program_detector_off(const char *source, const struct build_flavour *flavour);

#endif
