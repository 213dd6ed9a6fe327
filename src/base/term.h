/* Text a program printed, made safe to show on a terminal, the way git and less do it: each
 * control character and each byte that is not part of valid UTF-8 is shown as \xHH (ESC is
 * \x1b), so no escape sequence reaches the terminal to set its title, clear it or move its
 * cursor. Valid UTF-8 passes as it is, and so does a backslash: the escapes are for the eye,
 * not to be decoded again. C1 controls (U+0080 to U+009F, which some terminals obey) count as
 * control characters; overlong forms, surrogates and truncated sequences as invalid bytes. */
#ifndef RACECHECK_TERM_H
#define RACECHECK_TERM_H

#include <stddef.h>
#include <stdio.h>

/* Writes len bytes of text to f, escaped; '\n' and '\t' pass as they are. */
void term_write(FILE *f, const char *text, size_t len);
/* The same as a string to free, for use inside one line: '\n' is escaped too, '\t' is not. */
char *term_escape(const char *text, size_t len);
/* A word of a command line racecheck prints to be copied into a POSIX shell: as it is when
 * it is plain, else in single quotes (a quote in it as '\''), so a path with a space or a
 * quote survives the paste. Escaped first: a control character in it is shown as \xHH,
 * which the shell does not turn back, so such a word is for the eye only. */
char *shell_word(const char *word);
/* The same, always in quotes (a schedule reads as one word even when it is one). */
char *shell_quote(const char *word);

#endif
