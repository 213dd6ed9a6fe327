#include "finding.h"

#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct candidate {
  struct report report;
  size_t depth;
  char *text; /* at depth */
  char *full; /* with every caller */
};

static int compare_texts(const void *a, const void *b) {
  return strcmp(((const struct candidate *)a)->text, ((const struct candidate *)b)->text);
}

/* Deepens every finding that reads like another it is not: returns whether any changed. */
static int deepen_lookalikes(struct candidate *c, size_t n) {
  int changed = 0;
  qsort(c, n, sizeof *c, compare_texts);
  for (size_t i = 0; i + 1 < n; i++)
    for (size_t j = i + 1; j < n && strcmp(c[i].text, c[j].text) == 0; j++)
      if (strcmp(c[i].full, c[j].full) != 0) {
        c[i].depth++, c[j].depth++;
        changed = 1;
      }
  for (size_t i = 0; changed && i < n; i++) {
    free(c[i].text);
    c[i].text = render_report(&c[i].report, c[i].depth);
  }
  return changed;
}

void findings_make(struct report *reports, size_t n, struct findings *out) {
  struct candidate *c = xmalloc(n * sizeof *c);
  for (size_t i = 0; i < n; i++) {
    c[i] = (struct candidate){.report = reports[i], .depth = 1};
    c[i].text = render_report(&reports[i], 1);
    c[i].full = render_report(&reports[i], SIZE_MAX);
    reports[i] = (struct report){0};
  }
  while (deepen_lookalikes(c, n))
    ;
  out->items = xrealloc(out->items, (out->len + n) * sizeof *out->items);
  for (size_t i = 0; i < n; i++) {
    free(c[i].full);
    if (out->len && strcmp(out->items[out->len - 1].text, c[i].text) == 0) {
      free(c[i].text);
      report_free(&c[i].report); /* the same finding again */
    } else {
      out->items[out->len++] = (struct finding){.report = c[i].report, .text = c[i].text};
    }
  }
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
