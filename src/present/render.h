/* A normalized report in racecheck's words, as the expected files hold it: the kind and what
 * it is on, then one indented line per access, event, edge, thread or waiter, then where
 * each mutex came from. The one place those words are written. */
#ifndef RACECHECK_RENDER_H
#define RACECHECK_RENDER_H

#include "report.h"
#include "text.h"

/* The report's lines, joined by '\n'. Mutex ids print as letters (0 is A). Each place is
 * its innermost frame, and its callers up to `depth` frames in all. */
char *render_report(const struct report *r, size_t depth);

/* The waiters, each line `lead`, its name and what words() says of it (nothing when it
 * returns NULL); threads with the same name of which the same is said share one line, as
 * profilers group identical stacks: "4998 threads created at x.c:12, each blocked in
 * pthread_mutex_lock(&m) at x.c:7". The diagnosis sorts them, so alike ones are neighbours. */
void render_waiters_grouped(struct buf *b, const char *lead, const struct report *r,
                            char *(*words)(const struct waiter *));
/* A waiter's line up to where it stands: "thread created at x.c:48 blocked in pthread_join". */
char *render_waiter_state(const struct waiter *w);

/* "holding a and b, and a read lock on c": the mutexes an access held; "" for none. */
char *render_held_words(const struct report *r, const struct access *a);
/* "main thread", "thread created at x.c:31", "thread started in worker", "thread". */
void render_thread_name(struct buf *b, const struct thread_name *n);
/* A mutex as a finding names it: its variable ("accounts_lock"); or, where the executable
 * does not name it, where it came from ("the mutex created at x.c:36", "the mutex first
 * locked at x.c:17"); or, known by neither, its letter ("mutex A"). */
char *render_mutex_name(const struct report *r, int id);
/* " in func at file:line" */
void render_frame(struct buf *b, const struct frame *fr);

#endif
