/* Findings and verdicts as JSON, as docs/racecheck.schema.json describes them, for CI
 * systems, editors and course graders. Every string is valid UTF-8 JSON, whatever bytes the
 * program printed: control characters are escaped and invalid bytes become U+FFFD. */
#ifndef RACECHECK_JSON_H
#define RACECHECK_JSON_H

#include "explain.h"
#include "pipeline.h"

#include <stdio.h>

struct json {
  FILE *out;
  int depth;
  unsigned char need_comma[64]; /* per open object or array: a member was written */
  /* the program's source lines, for the explanations that read them; source may be NULL */
  source_line_fn source;
  void *source_ctx;
};

void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
/* A member (key given) or an array element (key NULL); a NULL string writes null. */
void json_string(struct json *j, const char *key, const char *value);
void json_int(struct json *j, const char *key, long value);
void json_bool(struct json *j, const char *key, int value);
/* A number to one decimal: a ratio, a time. */
void json_tenths(struct json *j, const char *key, double value);
/* A number as exact as 6 significant digits: a fraction of the points. */
void json_number(struct json *j, const char *key, double value);

/* The run: how it ended, its stdout, notes and every finding with its parts, and the words
 * `show` prints under them: each finding's explanation, the plain words for the detector's
 * jargon, and what a clean run proves. */
void json_run(struct json *j, const char *key, const struct run_findings *f);

#endif
