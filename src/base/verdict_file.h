/* Kept verdicts: what `racecheck check` printed for one case, in a file that ninja knows as
 * an output, so that a case whose inputs did not change is not run again. */
#ifndef RACECHECK_VERDICT_FILE_H
#define RACECHECK_VERDICT_FILE_H

#include <stddef.h>

/* Writes the verdict text to path (atomically, making its folder), and when read is not
 * NULL, path.d: a make-style depfile naming the n_read files the check read besides the
 * binary. Returns 0, or -1 with *error saying what could not be written. */
int verdict_file_write(const char *path, const char *text, size_t len, const char *const *read,
                       size_t n_read, char **error);

/* Writes output.d, a make-style depfile naming the n_read files read to make output (see
 * above): for the report's pages too. Returns 0, or -1 with *error set. */
int depfile_write(const char *output, const char *const *read, size_t n_read, char **error);

#endif
