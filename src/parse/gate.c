#include "gate.h"

#include "array.h"
#include "ledger_report.h"

#include <stdlib.h>
#include <string.h>

struct addresses {
  unsigned long long *items;
  size_t len;
};

static int has(const struct addresses *a, unsigned long long x) {
  for (size_t i = 0; i < a->len; i++)
    if (a->items[i] == x)
      return 1;
  return 0;
}

/* Whether the ledger's nested acquisition was made at the program's line `at`. */
static int made_at(const struct ledger_record *r, const struct frame *at, const struct symbols *s) {
  struct frame f = {0};
  ledger_code(r, r->site, s, &f);
  int same = f.file && at->file && f.line == at->line &&
             strcmp(path_basename(f.file), path_basename(at->file)) == 0;
  frame_free(&f);
  return same;
}

/* Keeps in `common` only the locks the record held; the first record fills it. */
static void intersect(struct addresses *common, int *first, const struct ledger_record *r) {
  if (*first) {
    for (size_t i = 0; i < r->nheld; i++)
      *ARRAY_PUSH(common->items, common->len) = r->held[i].lock;
    *first = 0;
    return;
  }
  size_t kept = 0;
  for (size_t i = 0; i < common->len; i++) {
    int held = 0;
    for (size_t k = 0; k < r->nheld && !held; k++)
      held = r->held[k].lock == common->items[i];
    if (held)
      common->items[kept++] = common->items[i];
  }
  common->len = kept;
}

/* The name of the one lock held at every acquisition of every edge, or NULL. */
static const char *find_gate(const struct report *rep, const struct ledger *l,
                             const struct symbols *s) {
  struct addresses common = {0}, pair = {0};
  int first = 1, every_edge_seen = rep->nedges > 0;
  const struct ledger_record *named_by = NULL;
  for (size_t e = 0; e < rep->nedges && every_edge_seen; e++) {
    const struct stack *acquired = &rep->edges[e].acquired;
    int seen = 0;
    for (size_t i = 0; acquired->len && i < l->len; i++) {
      const struct ledger_record *r = &l->records[i];
      if (r->kind != LEDGER_NEST || !made_at(r, &acquired->frames[0], s))
        continue;
      seen = 1;
      named_by = r;
      if (!has(&pair, r->object))
        *ARRAY_PUSH(pair.items, pair.len) = r->object;
      intersect(&common, &first, r);
    }
    every_edge_seen = seen;
  }
  const char *gate = NULL;
  for (size_t i = 0; every_edge_seen && !gate && i < common.len; i++)
    if (!has(&pair, common.items[i]))
      gate = ledger_data(named_by, common.items[i], s);
  free(common.items);
  free(pair.items);
  return gate;
}

void gate_mark(struct reports *normalized, const struct ledger *l, const struct symbols *s) {
  for (size_t i = 0; i < normalized->len; i++) {
    struct report *r = &normalized->items[i];
    if (r->kind != REPORT_LOCK_ORDER || r->by_racecheck)
      continue;
    const char *gate = find_gate(r, l, s);
    if (gate)
      r->gate = xstrdup(gate);
  }
}
