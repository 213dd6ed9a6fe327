/* A detector's reports as printed, split into sections and stack frames but not yet
 * normalized: what the TSan and valgrind parsers produce and the normalizer reads. */
#ifndef RACECHECK_RAW_REPORT_H
#define RACECHECK_RAW_REPORT_H

#include <stddef.h>

struct raw_frame {
  char *func;   /* as printed; NULL for "<null>" or "???" */
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
  int deadly; /* the program died of a signal; this is where */
};

struct raw_reports {
  struct raw_report *items;
  size_t len;
  int unterminated; /* a report was cut off (the program died or its output was truncated) */
};

/* Adds a report that owns `kind`. */
struct raw_report *raw_reports_add(struct raw_reports *out, char *kind);
struct raw_section *raw_report_add_section(struct raw_report *r, const char *title);
/* A frame for the last section, or for an untitled first one; parse fills it from text. */
void raw_report_add_frame(struct raw_report *r, const char *text,
                          void (*parse)(const char *text, struct raw_frame *out));
void raw_reports_free(struct raw_reports *r);

#endif
