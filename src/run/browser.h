/* Debian's headless Chromium, run on a page from disk: for the report's screenshots and for
 * the tests that read what a browser rendered. Each run has a profile folder of its own
 * (made with mkdtemp, removed after) and a deadline, and is started with an argv, never
 * through a shell. */
#ifndef RACECHECK_BROWSER_H
#define RACECHECK_BROWSER_H

#include "text.h"

extern const char CHROMIUM[];

/* Whether CHROMIUM is there to be run. */
int browser_available(void);

/* Runs CHROMIUM --headless with `flags` (NULL-terminated) on the page at `path`, with
 * logging on stderr, where the page's console messages go. Returns 0 with what it printed
 * on stdout and stderr; or -1 with *error saying why it did not run or end well. */
int browser_run(const char *const *flags, const char *path, struct buf *out, struct buf *err,
                char **error);

/* The lines of stderr that are the page's console messages (Chromium's "CONSOLE" log). */
void browser_console(const char *err, struct strlist *out);

#endif
