/* Parses the error reports of valgrind's thread tools (DRD, Helgrind) into the same
 * sections and frames as ThreadSanitizer's: each "==PID==" line that is not indented opens
 * a section, its "at 0x...:" and "by 0x...:" lines are the frames, and a blank line ends
 * the report. The banner, valgrind's own warnings and the error summary are skipped. */
#ifndef RACECHECK_VALGRIND_PARSE_H
#define RACECHECK_VALGRIND_PARSE_H

#include "tsan_parse.h"

void valgrind_parse(const char *text, size_t len, struct raw_reports *out);

/* Parses "at 0x10920F: worker (ks.c:9)" or "by 0x484DD34: ??? (in /usr/lib/x.so)". */
void valgrind_parse_frame(const char *text, struct raw_frame *out);

#endif
