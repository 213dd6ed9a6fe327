#include "finding.h"

#include "array.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

void findings_add(struct findings *list, struct report *normalized) {
  char *text = render_report(normalized);
  size_t at = 0;
  while (at < list->len && strcmp(list->items[at].text, text) < 0)
    at++;
  if (at < list->len && strcmp(list->items[at].text, text) == 0) {
    free(text);
    report_free(normalized);
    return;
  }
  ARRAY_PUSH(list->items, list->len);
  memmove(&list->items[at + 1], &list->items[at], (list->len - 1 - at) * sizeof *list->items);
  list->items[at] = (struct finding){.report = *normalized, .text = text};
  *normalized = (struct report){0};
}

void findings_free(struct findings *list) {
  for (size_t i = 0; i < list->len; i++) {
    report_free(&list->items[i].report);
    free(list->items[i].text);
  }
  free(list->items);
  *list = (struct findings){0};
}
