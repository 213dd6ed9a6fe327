/* Parses ThreadSanitizer's text reports, as printed between its "=====" lines, into
 * sections and stack frames. Nothing is normalized here: that is normalize.c's job. */
#ifndef RACECHECK_TSAN_PARSE_H
#define RACECHECK_TSAN_PARSE_H

#include "raw_report.h"

void tsan_parse(const char *text, size_t len, struct raw_reports *out);

/* Parses one "#N func file:line:col (module+0xoff) (BuildId: ...)" line, without the "#N". */
void tsan_parse_frame(const char *text, struct raw_frame *out);

#endif
