#include "finding.h"

#include "report_order.h"

#include <stdint.h>
#include <stdlib.h>

struct candidate {
  struct report report;
  size_t depth; /* how many frames of each stack it shows */
};

static int by_report(const void *a, const void *b) {
  return report_compare(&((const struct candidate *)a)->report,
                        &((const struct candidate *)b)->report, SIZE_MAX);
}

/* Deepens every two findings that read alike at the depth they show but are not alike:
 * returns whether any changed. */
static int deepen_lookalikes(struct candidate *c, size_t n) {
  int changed = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      size_t depth = c[i].depth > c[j].depth ? c[i].depth : c[j].depth;
      if (report_compare(&c[i].report, &c[j].report, depth) == 0 &&
          report_compare(&c[i].report, &c[j].report, SIZE_MAX) != 0) {
        c[i].depth = c[j].depth = depth + 1;
        changed = 1;
      }
    }
  return changed;
}

void findings_make(struct report *reports, size_t n, finding_renderer render,
                   struct findings *out) {
  struct candidate *c = xmalloc(n * sizeof *c);
  for (size_t i = 0; i < n; i++) {
    c[i] = (struct candidate){.report = reports[i], .depth = 1};
    reports[i] = (struct report){0};
  }
  if (n)
    qsort(c, n, sizeof *c, by_report);
  while (deepen_lookalikes(c, n))
    ;
  out->items = xrealloc(out->items, (out->len + n) * sizeof *out->items);
  size_t first = out->len;
  for (size_t i = 0; i < n; i++) {
    if (out->len > first &&
        report_compare(&out->items[out->len - 1].report, &c[i].report, SIZE_MAX) == 0) {
      report_free(&c[i].report); /* the same finding again */
      continue;
    }
    out->items[out->len++] = (struct finding){.report = c[i].report, .depth = c[i].depth};
  }
  for (size_t i = first; i < out->len; i++)
    out->items[i].text = render(&out->items[i].report, out->items[i].depth);
  free(c);
}

void findings_free(struct findings *list) {
  for (size_t i = 0; i < list->len; i++) {
    report_free(&list->items[i].report);
    free(list->items[i].text);
  }
  free(list->items);
  *list = (struct findings){0};
}
