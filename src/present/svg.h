/* The interleaving of a finding drawn as inline SVG, for the HTML report: for a race one
 * lane per thread, the two accesses as marks in the order the detector saw them, the locks
 * each held as bars beside them, the racing pair joined; for a deadlock the wait-for graph
 * (threads and mutexes as nodes, who waits for what, who holds it); for a lock-order
 * inversion the cycle of mutexes with where each was taken; for a lock misuse the thread's
 * lock events in order; and for a story case its steps as a timeline. Every picture
 * carries its text alternative (<title>, <desc>) and tells apart by shape and label what it
 * also tells by colour. */
#ifndef RACECHECK_SVG_H
#define RACECHECK_SVG_H

#include "picture.h"
#include "report.h"
#include "story.h"
#include "text.h"

/* Appends the picture of a finding; returns 0 when its kind has none. `id` makes the
 * picture's element ids unique in the page. */
int svg_finding(struct buf *b, const struct report *r, const char *id, source_line_fn source,
                void *ctx);
void svg_story(struct buf *b, const struct story *s, const char *id);

#endif
