#include "raw_report.h"

#include "text.h"

#include <stdlib.h>

struct raw_report *raw_reports_add(struct raw_reports *out, char *kind) {
  out->items = xrealloc(out->items, (out->len + 1) * sizeof *out->items);
  struct raw_report *r = &out->items[out->len++];
  *r = (struct raw_report){.kind = kind};
  return r;
}

struct raw_section *raw_report_add_section(struct raw_report *r, const char *title) {
  r->sections = xrealloc(r->sections, (r->nsections + 1) * sizeof *r->sections);
  struct raw_section *s = &r->sections[r->nsections++];
  *s = (struct raw_section){.title = xstrdup(title)};
  return s;
}

void raw_report_add_frame(struct raw_report *r, const char *text,
                          void (*parse)(const char *text, struct raw_frame *out)) {
  struct raw_section *s =
      r->nsections ? &r->sections[r->nsections - 1] : raw_report_add_section(r, "");
  s->frames = xrealloc(s->frames, (s->nframes + 1) * sizeof *s->frames);
  parse(text, &s->frames[s->nframes++]);
}

void raw_reports_free(struct raw_reports *r) {
  for (size_t i = 0; i < r->len; i++) {
    struct raw_report *rep = &r->items[i];
    for (size_t j = 0; j < rep->nsections; j++) {
      struct raw_section *s = &rep->sections[j];
      for (size_t k = 0; k < s->nframes; k++) {
        free(s->frames[k].func);
        free(s->frames[k].file);
        free(s->frames[k].module);
      }
      free(s->frames);
      free(s->title);
    }
    free(rep->sections);
    free(rep->kind);
  }
  free(r->items);
  *r = (struct raw_reports){0};
}
