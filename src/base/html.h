/* Text into HTML and SVG. Whatever a program printed, a source held or a detector wrote goes
 * through html_add: <, >, &, " and ' become entities, a control character other than a tab or
 * a newline becomes \xHH, and a byte that starts no valid UTF-8 character becomes U+FFFD, so
 * nothing a program prints can become markup. */
#ifndef RACECHECK_HTML_H
#define RACECHECK_HTML_H

#include "text.h"

#include <stddef.h>

void html_add(struct buf *b, const char *text);
void html_addn(struct buf *b, const char *text, size_t len);
/* The escaped text of a printf format: the arguments are escaped with the rest. */
void html_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
