/* Turns ThreadSanitizer's raw reports into findings: everything that changes between runs,
 * builds or machines goes (addresses, pids, tids, thread numbers, module offsets, BuildIds,
 * directories, columns, which access came first, the runtime's and libc's own frames). */
#ifndef RACECHECK_NORMALIZE_H
#define RACECHECK_NORMALIZE_H

#include "finding.h"
#include "tsan_parse.h"

/* Parses and normalizes a whole stderr text; returns 1 if a report in it was cut off. */
int findings_from_tsan_text(const char *text, size_t len, struct findings *out);
/* The same for valgrind's thread tools (DRD, Helgrind). */
void findings_from_valgrind_text(const char *text, size_t len, struct findings *out);

/* Whether a frame belongs to the program rather than to the TSan runtime or the C library. */
int is_program_frame(const struct raw_frame *fr);

/* The name a program called to get into the runtime: "__interceptor_free" -> "free". */
const char *call_name(const char *func);

#endif
