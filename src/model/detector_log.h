/* What a detector's log says, once parsed: its reports as data, and what it said about
 * itself (it could not start, its output was cut, it had no symbolizer). Each parser knows
 * its own detector's phrasing; nothing after it does. */
#ifndef RACECHECK_DETECTOR_LOG_H
#define RACECHECK_DETECTOR_LOG_H

#include "report.h"

#include <stddef.h>

struct detector_log {
  struct reports reports;
  int cut_off;           /* a report was cut off (the program died or its output was cut) */
  char *cannot_start;    /* the detector refused to start, in its own words */
  int unexpected_layout; /* ...because the kernel mapped memory where its shadow must go */
  char *crash_words;     /* the detector itself failed (an internal check, no memory): its words */
  int no_symbolizer;     /* reports have no names or lines */
};

/* ThreadSanitizer's text, as clang's and GCC's runtimes print it. */
void tsan_parse(const char *text, size_t len, struct detector_log *out);
/* Parses one "#N func file:line:col (module+0xoff) (BuildId: ...)" line, without the "#N". */
void tsan_parse_frame(const char *text, struct frame *out);

/* A valgrind thread tool's text (DRD, Helgrind). With source_root, its paths are full ones
 * (--fullpath-after=): a frame under source_root is the program's, by its path there; any
 * other frame's code is a library's, named by its path as a module. */
void valgrind_parse(const char *text, size_t len, const char *source_root,
                    struct detector_log *out);
/* Parses one "at 0x...: func (file:line)" or "by 0x...: func (in module)" line. */
void valgrind_parse_frame(const char *text, struct frame *out);

/* Clang's diagnostics: the compiler's warnings, its static analyzer's and clang-tidy's. */
void clang_diagnostics_parse(const char *text, size_t len, struct detector_log *out);

void detector_log_free(struct detector_log *log);

#endif
