/* Typed order and identity of reports: two reports compare by their fields, never by the
 * words they render to, so that rewording a finding can neither reorder nor merge findings.
 * Only what a finding shows is compared: not a detector's pid, raw ids or modules, and a
 * stack to `depth` frames (its innermost program frame and the callers shown). Each
 * returns <0, 0 or >0, like strcmp. */
#ifndef RACECHECK_REPORT_ORDER_H
#define RACECHECK_REPORT_ORDER_H

#include "report.h"

#include <stddef.h>

int frame_compare(const struct frame *a, const struct frame *b);
int stack_compare(const struct stack *a, const struct stack *b, size_t depth);
int thread_name_compare(const struct thread_name *a, const struct thread_name *b);
/* Where a mutex came from: its variable, how and where it was first seen, whether it was
 * destroyed; not its id. */
int mutex_origin_compare(const struct mutex *a, const struct mutex *b);
/* An access without the identity of the mutexes it held: only how many, and how each was
 * held (what sorts a race's two sides before the mutexes are lettered). */
int access_compare_unlettered(const struct access *a, const struct access *b);
/* How a hung thread waits: who, in which call on which object. */
int waiter_state_compare(const struct waiter *a, const struct waiter *b);
/* Whole reports, their mutexes lettered (normalized), stacks to `depth` frames. */
int report_compare(const struct report *a, const struct report *b, size_t depth);

#endif
