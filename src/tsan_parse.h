/* Parses ThreadSanitizer's text reports, as printed between its "=====" lines, into
 * sections and stack frames. Nothing is normalized here: that is normalize.c's job. */
#ifndef RACECHECK_TSAN_PARSE_H
#define RACECHECK_TSAN_PARSE_H

#include <stddef.h>

struct raw_frame {
  char *func;   /* as printed; NULL for "<null>" */
  char *file;   /* as printed, maybe absolute; NULL when the frame has no source */
  int line;     /* 0 when unknown */
  char *module; /* "prog", "libc.so.6"...; NULL when not printed */
};

struct raw_section {
  char *title; /* "Write of size 4 at 0x... by thread T1:"; "" for the frames under the header */
  struct raw_frame *frames;
  size_t nframes;
};

struct raw_report {
  char *kind; /* "data race", "thread leak"... as in "WARNING: ThreadSanitizer: KIND (pid=N)" */
  struct raw_section *sections;
  size_t nsections;
};

struct raw_reports {
  struct raw_report *items;
  size_t len;
  int unterminated; /* a report was cut off (the program died or its output was truncated) */
};

void tsan_parse(const char *text, size_t len, struct raw_reports *out);
void raw_reports_free(struct raw_reports *r);

/* Parses one "#N func file:line:col (module+0xoff) (BuildId: ...)" line, without the "#N". */
void tsan_parse_frame(const char *text, struct raw_frame *out);

#endif
