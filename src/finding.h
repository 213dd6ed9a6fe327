/* A finding: what a detector said, with everything that changes between runs taken out.
 * It is the unit that flows from the report parsers to the normalizer, the comparer and
 * the printer. */
#ifndef RACECHECK_FINDING_H
#define RACECHECK_FINDING_H

#include "text.h"

#include <stddef.h>

enum { MAX_HELD = 8 };

/* One place in the program: the innermost frame in the program's own code. */
struct frame {
  char *func; /* NULL when unknown */
  char *file; /* basename; NULL when unknown */
  int line;   /* 0 when unknown */
};

/* One line of a finding: an access, a lock site, a blocked thread...
 * `what` may name mutexes with mutex_ref(); they are renamed A, B, ... in a canonical order. */
struct site {
  char *what;
  struct frame at;
  int held[MAX_HELD]; /* detector's mutex ids held at this site */
  size_t nheld;
  char *after; /* said after the place: "; owner: ..."; NULL if nothing */
};

/* Where a mutex came from, so two different mutexes read as two different things. */
struct mutex_note {
  int id;
  struct frame created;
  int destroyed;
};

struct finding {
  char *kind;    /* "data race", "lock-order-inversion (potential deadlock)", "deadlock"... */
  char *subject; /* "global 'counter'", "heap block of size 4"...; NULL if none */
  struct site *sites;
  size_t nsites;
  size_t unordered; /* the first `unordered` sites compare as a set (a race's two accesses) */
  struct mutex_note *mutexes;
  size_t nmutexes;
};

struct findings {
  struct finding *items;
  size_t len;
  size_t cap;
};

/* Text of a mutex reference inside site.what, resolved when the finding is rendered. */
char *mutex_ref(int id);

struct site *finding_add_site(struct finding *f);
struct finding *findings_add(struct findings *list);
void findings_free(struct findings *list);

/* Renders every finding in canonical form (mutexes renamed, unordered sites sorted),
 * drops duplicates and sorts them, one string per finding with its lines joined by '\n'. */
void findings_render(const struct findings *list, struct strlist *out);

#endif
