#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Mutex references travel inside site text between these two bytes until rendering. */
enum { REF_OPEN = '\x01', REF_CLOSE = '\x02' };

char *mutex_ref(int id) {
  return xasprintf("%c%d%c", REF_OPEN, id, REF_CLOSE);
}

struct site *finding_add_site(struct finding *f) {
  f->sites = xrealloc(f->sites, (f->nsites + 1) * sizeof *f->sites);
  struct site *s = &f->sites[f->nsites++];
  *s = (struct site){0};
  return s;
}

struct finding *findings_add(struct findings *list) {
  if (list->len == list->cap) {
    list->cap = list->cap ? list->cap * 2 : 8;
    list->items = xrealloc(list->items, list->cap * sizeof *list->items);
  }
  struct finding *f = &list->items[list->len++];
  *f = (struct finding){0};
  return f;
}

static void frame_free(struct frame *fr) {
  free(fr->func);
  free(fr->file);
  *fr = (struct frame){0};
}

void findings_free(struct findings *list) {
  for (size_t i = 0; i < list->len; i++) {
    struct finding *f = &list->items[i];
    free(f->kind);
    free(f->subject);
    for (size_t j = 0; j < f->nsites; j++) {
      free(f->sites[j].what);
      free(f->sites[j].after);
      frame_free(&f->sites[j].at);
    }
    free(f->sites);
    for (size_t j = 0; j < f->nmutexes; j++)
      frame_free(&f->mutexes[j].created);
    free(f->mutexes);
  }
  free(list->items);
  *list = (struct findings){0};
}

static void render_frame(struct buf *b, const struct frame *fr) {
  if (fr->func)
    buf_printf(b, " in %s", fr->func);
  if (fr->file && fr->line)
    buf_printf(b, " at %s:%d", fr->file, fr->line);
  else if (fr->file)
    buf_printf(b, " at %s", fr->file);
}

static const struct mutex_note *find_note(const struct finding *f, int id) {
  for (size_t i = 0; i < f->nmutexes; i++)
    if (f->mutexes[i].id == id)
      return &f->mutexes[i];
  return NULL;
}

static void render_note_origin(struct buf *b, const struct mutex_note *note) {
  if (!note)
    return;
  if (note->destroyed)
    buf_adds(b, " (already destroyed)");
  else
    buf_adds(b, " created"), render_frame(b, &note->created);
}

struct rendered_site {
  char *text;
  char *sort_key; /* text with mutex ids masked, then where each held mutex came from */
};

static char *masked(const char *text) {
  struct buf b = {0};
  for (const char *p = text; *p; p++) {
    if (*p != REF_OPEN) {
      buf_add(&b, p, 1);
      continue;
    }
    buf_adds(&b, "M");
    while (*p && *p != REF_CLOSE)
      p++;
    if (!*p)
      break;
  }
  buf_add(&b, "", 0);
  return b.data;
}

static char *origin_of(const struct finding *f, int id) {
  struct buf b = {0};
  render_note_origin(&b, find_note(f, id));
  return b.data ? b.data : xstrdup("");
}

/* A held set is a set: list it by where each mutex came from, not by the detector's ids. */
static void sort_held(const struct finding *f, const struct site *s, int *held) {
  char *origins[MAX_HELD];
  for (size_t i = 0; i < s->nheld; i++) {
    held[i] = s->held[i];
    origins[i] = origin_of(f, held[i]);
  }
  for (size_t i = 1; i < s->nheld; i++)
    for (size_t j = i; j > 0 && strcmp(origins[j - 1], origins[j]) > 0; j--) {
      char *o = origins[j];
      origins[j] = origins[j - 1], origins[j - 1] = o;
      int id = held[j];
      held[j] = held[j - 1], held[j - 1] = id;
    }
  for (size_t i = 0; i < s->nheld; i++)
    free(origins[i]);
}

static struct rendered_site render_site(const struct finding *f, const struct site *s) {
  int held[MAX_HELD];
  sort_held(f, s, held);
  struct buf b = {0};
  buf_adds(&b, s->what);
  render_frame(&b, &s->at);
  if (s->nheld)
    buf_adds(&b, s->nheld == 1 ? " holding mutex " : " holding mutexes ");
  for (size_t i = 0; i < s->nheld; i++) {
    char *ref = mutex_ref(held[i]);
    buf_printf(&b, "%s%s", i ? ", " : "", ref);
    free(ref);
  }
  if (s->after)
    buf_adds(&b, s->after);
  struct rendered_site r = {.text = b.data};
  struct buf key = {0};
  char *masked_text = masked(b.data);
  buf_adds(&key, masked_text);
  free(masked_text);
  for (size_t i = 0; i < s->nheld; i++) {
    char *origin = origin_of(f, held[i]);
    buf_adds(&key, origin);
    free(origin);
  }
  r.sort_key = key.data ? key.data : xstrdup("");
  return r;
}

static int compare_sites(const void *a, const void *b) {
  const struct rendered_site *x = a, *y = b;
  return strcmp(x->sort_key, y->sort_key);
}

/* Canonical names: mutexes are lettered in the order the rendered finding first mentions them. */
struct naming {
  int ids[64];
  size_t len;
};

static size_t name_of(struct naming *n, int id) {
  for (size_t i = 0; i < n->len; i++)
    if (n->ids[i] == id)
      return i;
  if (n->len < sizeof n->ids / sizeof n->ids[0])
    n->ids[n->len++] = id;
  return n->len - 1;
}

static void add_name(struct buf *b, size_t index) {
  if (index < 26)
    buf_printf(b, "%c", (char)('A' + index));
  else
    buf_printf(b, "M%zu", index + 1);
}

static void resolve_refs(struct buf *out, const char *text, struct naming *n) {
  for (const char *p = text; *p; p++) {
    if (*p != REF_OPEN) {
      buf_add(out, p, 1);
      continue;
    }
    add_name(out, name_of(n, atoi(p + 1)));
    while (*p && *p != REF_CLOSE)
      p++;
    if (!*p)
      break;
  }
}

static char *render_finding(const struct finding *f) {
  struct rendered_site *sites = xmalloc(f->nsites * sizeof *sites);
  for (size_t i = 0; i < f->nsites; i++)
    sites[i] = render_site(f, &f->sites[i]);
  size_t unordered = f->unordered < f->nsites ? f->unordered : f->nsites;
  if (unordered)
    qsort(sites, unordered, sizeof *sites, compare_sites);

  struct naming names = {0};
  struct buf out = {0};
  buf_adds(&out, f->kind);
  if (f->subject)
    buf_printf(&out, " on %s", f->subject);
  for (size_t i = 0; i < f->nsites; i++) {
    buf_adds(&out, "\n  ");
    resolve_refs(&out, sites[i].text, &names);
    free(sites[i].text);
    free(sites[i].sort_key);
  }
  free(sites);
  for (size_t i = 0; i < f->nmutexes; i++)
    name_of(&names, f->mutexes[i].id);
  for (size_t i = 0; i < names.len; i++) {
    const struct mutex_note *note = find_note(f, names.ids[i]);
    if (!note)
      continue;
    buf_adds(&out, "\n  mutex ");
    add_name(&out, i);
    render_note_origin(&out, note);
  }
  return out.data;
}

void findings_render(const struct findings *list, struct strlist *out) {
  struct strlist all = {0};
  for (size_t i = 0; i < list->len; i++)
    strlist_push(&all, render_finding(&list->items[i]));
  strlist_sort(&all);
  for (size_t i = 0; i < all.len; i++) {
    if (out->len && strcmp(out->items[out->len - 1], all.items[i]) == 0)
      free(all.items[i]);
    else
      strlist_push(out, all.items[i]);
  }
  free(all.items);
}
