/* Text for a terminal of 80 columns, measured as a terminal shows it: one column for each
 * UTF-8 character, none for a colour's escape sequence. Prose is wrapped at spaces; a line
 * of code or of a program's output, whose breaks mean something, is cut with "...". */
#ifndef RACECHECK_COLUMNS_H
#define RACECHECK_COLUMNS_H

#include <stddef.h>
#include <stdio.h>

enum { TERMINAL_COLUMNS = 80 };

/* How many columns text takes. */
size_t display_width(const char *text);
/* Prints indent and text on one line, cut to fit TERMINAL_COLUMNS with "..." at its end. */
void print_cut(FILE *out, const char *indent, const char *text);
/* Prints text in lines of at most TERMINAL_COLUMNS, the first starting with `first`, the
 * others with `rest`, broken at spaces (a word too long for a line is broken where the line
 * ends). */
void print_wrapped_columns(FILE *out, const char *first, const char *rest, const char *text);

#endif
