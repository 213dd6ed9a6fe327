#include "svg.h"

#include "html.h"
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { WIDTH = 800 };

static void open_svg(struct buf *b, const char *id, const char *kind, int height, const char *title,
                     const char *desc) {
  buf_printf(b,
             "<svg class=\"picture %s\" data-kind=\"%s\" viewBox=\"0 0 %d %d\" role=\"img\" "
             "aria-labelledby=\"%s-title %s-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
             "<title id=\"%s-title\">",
             kind, kind, WIDTH, height, id, id, id);
  html_add(b, title);
  buf_printf(b, "</title><desc id=\"%s-desc\">", id);
  html_add(b, desc);
  buf_adds(b, "</desc>");
}

/* A line of text; `cls` sets its look (the page's stylesheet), anchor its alignment. */
static void text_at(struct buf *b, double x, double y, const char *cls, const char *anchor,
                    const char *text) {
  buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" class=\"%s\" text-anchor=\"%s\">", x, y, cls, anchor);
  html_add(b, text);
  buf_adds(b, "</text>");
}

/* Text cut to `max` characters, with "..." to say so. */
static char *clipped(const char *text, size_t max) {
  if (strlen(text) <= max)
    return xstrdup(text);
  return xasprintf("%.*s...", (int)(max - 3), text);
}

static char *thread_name(const struct thread_name *n) {
  struct buf b = {0};
  render_thread_name(&b, n);
  return b.data;
}

static char *frame_words(const struct frame *fr) {
  struct buf b = {0};
  render_frame(&b, fr);
  char *words = xstrdup(b.data ? b.data + 1 : "at a place not known"); /* without its space */
  buf_free(&b);
  return words;
}

/* The arrowheads: an open one for "waits for", a filled one for "held by" and "taken". */
static void arrow_markers(struct buf *b, const char *id) {
  buf_printf(
      b,
      "<defs><marker id=\"%s-open\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
      "markerUnits=\"userSpaceOnUse\" markerWidth=\"14\" markerHeight=\"14\" "
      "orient=\"auto-start-reverse\"><path d=\"M1 1L9 5L1 9\" class=\"head-open\"/></marker>"
      "<marker id=\"%s-filled\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
      "markerUnits=\"userSpaceOnUse\" markerWidth=\"14\" markerHeight=\"14\" "
      "orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" class=\"head-filled\"/></marker>"
      "<pattern id=\"%s-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"hatch-bg\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch\"/></pattern></defs>",
      id, id, id);
}

/* ---- a data race: two lanes, two marks, joined ---- */

enum { LANE_W = 380, FIRST_STEP_Y = 120, STEP_GAP = 160, QUOTE_CHARS = 38 };

static double lane_x(size_t side) {
  return 10 + (double)side * (LANE_W + 20);
}

static void access_mark(struct buf *b, const struct access *a, double x, double y) {
  if (a->op == ACCESS_WRITE)
    buf_printf(b,
               "<rect x=\"%.0f\" y=\"%.0f\" width=\"22\" height=\"22\" class=\"mark write\"/>"
               "<text x=\"%.0f\" y=\"%.0f\" class=\"mark-letter on-dark\" "
               "text-anchor=\"middle\">W</text>",
               x - 11, y - 11, x, y + 5);
  else
    buf_printf(b,
               "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"12\" class=\"mark read\"/>"
               "<text x=\"%.0f\" y=\"%.0f\" class=\"mark-letter\" text-anchor=\"middle\">R</text>",
               x, y, x, y + 5);
}

static char *held_words(const struct report *r, const struct access *a) {
  char *held = render_held_words(r, a);
  if (*held)
    return held;
  free(held);
  return xstrdup("holding no mutex");
}

static char *access_line(const struct access *a, size_t step) {
  const char *func = a->stack.len && a->stack.frames[0].func ? a->stack.frames[0].func : NULL;
  return xasprintf("%zu. %s of %d bytes%s%s", step, a->op == ACCESS_WRITE ? "write" : "read",
                   a->size, func ? " in " : "", func ? func : "");
}

/* A source line without its indent and its closing comment: the code the access is in. */
static char *code_of(const char *line) {
  const char *start = line + strspn(line, " \t"), *comment = strstr(start, "/*");
  size_t len = comment ? (size_t)(comment - start) : strlen(start);
  while (len && start[len - 1] == ' ')
    len--;
  return xstrndup(start, len);
}

/* One access in its lane: the mark, what it was, its source line, the locks held. */
static void draw_access(struct buf *b, const char *id, const struct report *r,
                        const struct access *a, size_t side, size_t step, source_line_fn source,
                        void *ctx) {
  double x = lane_x(side) + 34, y = FIRST_STEP_Y + (double)step * STEP_GAP;
  if (a->nheld)
    buf_printf(b,
               "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"84\" class=\"held\" "
               "fill=\"url(#%s-hatch)\"/>",
               x - 28, y - 42, id);
  access_mark(b, a, x, y);
  char *what = access_line(a, step + 1);
  text_at(b, x + 24, y - 4, "label strong", "start", what);
  free(what);
  const struct frame *fr = a->stack.len ? &a->stack.frames[0] : NULL;
  if (fr && fr->file) {
    char *place = xasprintf("%s:%d", fr->file, fr->line);
    text_at(b, x + 24, y + 16, "code", "start", place);
    free(place);
    char *line = source ? source(fr->file, fr->line, ctx) : NULL;
    if (line) {
      char *code = code_of(line);
      char *shown = clipped(code, QUOTE_CHARS);
      free(code);
      text_at(b, x + 24, y + 34, "code", "start", shown);
      free(shown);
    }
    free(line);
  }
  char *held = held_words(r, a), *shown_held = clipped(held, QUOTE_CHARS + 4);
  text_at(b, x + 24, y + 52, a->nheld ? "label lock" : "label", "start", shown_held);
  free(held), free(shown_held);
}

static char *race_desc(const struct report *r, size_t first, char *names[2]) {
  struct buf d = {0};
  buf_printf(&d, "Two lanes, one per thread: %s, and %s. ", names[0], names[1]);
  for (size_t step = 0; step < 2; step++) {
    size_t side = step == 0 ? first : 1 - first;
    const struct access *a = &r->accesses[side];
    char *what = access_line(a, step + 1), *held = held_words(r, a);
    char *where = a->stack.len ? frame_words(&a->stack.frames[0]) : xstrdup("");
    buf_printf(&d, "%s, by %s, %s, %s. ", what, names[side], where, held);
    free(what), free(held), free(where);
  }
  buf_printf(&d, "The two are joined as a race: %s", race_verdict(r));
  return d.data;
}

static void svg_race(struct buf *b, const struct report *r, const char *id, source_line_fn source,
                     void *ctx) {
  char *names[2] = {thread_name(&r->accesses[0].by), thread_name(&r->accesses[1].by)};
  size_t first = race_first_seen(r);
  char *desc = race_desc(r, first, names);
  char *title = xasprintf("A data race: %s and %s", names[0], names[1]);
  int height = FIRST_STEP_Y + STEP_GAP + 80;
  open_svg(b, id, "race", height, title, desc);
  arrow_markers(b, id);
  for (size_t side = 0; side < 2; side++) {
    double x = lane_x(side);
    buf_printf(b, "<g class=\"lane\" data-thread=\"");
    html_add(b, names[side]);
    buf_printf(b,
               "\"><rect x=\"%.0f\" y=\"8\" width=\"%d\" height=\"40\" rx=\"6\" "
               "class=\"lane-head\"/><line x1=\"%.0f\" y1=\"48\" x2=\"%.0f\" y2=\"%d\" "
               "class=\"lane-line\"/>",
               x, LANE_W, x + 34, x + 34, height - 10);
    char *shown = clipped(names[side], 44);
    text_at(b, x + 12, 34, "lane-name", "start", shown);
    free(shown);
    buf_adds(b, "</g>");
  }
  for (size_t step = 0; step < 2; step++) {
    size_t side = step == 0 ? first : 1 - first;
    draw_access(b, id, r, &r->accesses[side], side, step, source, ctx);
  }
  /* the join: down the first lane, across, down to the second mark */
  double x0 = lane_x(first) + 34, x1 = lane_x(1 - first) + 34;
  double y0 = FIRST_STEP_Y + 14, y1 = FIRST_STEP_Y + STEP_GAP - 14, mid = FIRST_STEP_Y + 100;
  buf_printf(b,
             "<path d=\"M%.0f %.0fV%.0fH%.0fV%.0f\" class=\"race-join\" "
             "marker-end=\"url(#%s-filled)\"/>",
             x0, y0, mid, x1, y1, id);
  text_at(b, (x0 + x1) / 2, mid - 8, "label race-label", "middle", "RACE: nothing orders 1 and 2");
  buf_adds(b, "</svg>");
  free(desc), free(title), free(names[0]), free(names[1]);
}

/* ---- a deadlock: the wait-for graph ---- */

enum { NODE_H = 56, NODE_GAP = 84, THREAD_X = 60, THREAD_W = 390, MUTEX_X = 540, MUTEX_W = 250 };

struct graph {
  struct strlist threads, thread_notes;
  struct strlist mutexes, mutex_notes;
  struct buf edges; /* drawn after the nodes are placed */
  struct buf desc;
  struct strlist seen; /* each waiter drawn, as the finding words it */
  size_t *alike;       /* [i]: how many waiters are seen.items[i] */
  size_t *seen_node;   /* [i]: its thread's node */
};

static size_t node_of(struct strlist *names, struct strlist *notes, const char *name) {
  for (size_t i = 0; i < names->len; i++)
    if (strcmp(names->items[i], name) == 0)
      return i;
  strlist_push(names, xstrdup(name));
  strlist_push(notes, xstrdup(""));
  return names->len - 1;
}

/* Whether a waiter is one already drawn (a thread of the same name, waiting the same way):
 * a crowd of alike threads is one node that says how many, as the finding is one line. */
static int seen_before(struct graph *g, const struct waiter *w, size_t node) {
  char *state = render_waiter_state(w);
  struct buf key = {0};
  buf_printf(&key, "%s|%s|", state, w->object ? w->object : "");
  render_thread_name(&key, w->joins ? &w->target : &w->owner_name);
  free(state);
  for (size_t i = 0; i < g->seen.len; i++)
    if (strcmp(g->seen.items[i], key.data) == 0) {
      g->alike[i]++;
      buf_free(&key);
      return 1;
    }
  strlist_push(&g->seen, key.data);
  g->alike = xrealloc(g->alike, g->seen.len * sizeof *g->alike);
  g->seen_node = xrealloc(g->seen_node, g->seen.len * sizeof *g->seen_node);
  g->alike[g->seen.len - 1] = 1;
  g->seen_node[g->seen.len - 1] = node;
  return 0;
}

/* "waits in pthread_mutex_lock, 5000 alike" on the node of each crowd. */
static void count_crowds(struct graph *g) {
  for (size_t i = 0; i < g->seen.len; i++)
    if (g->alike[i] > 1) {
      char **note = &g->thread_notes.items[g->seen_node[i]];
      char *counted = xasprintf("%s, %zu alike", *note, g->alike[i]);
      buf_printf(&g->desc, "%zu threads of that name wait alike. ", g->alike[i]);
      free(*note);
      *note = counted;
    }
}

static double node_y(size_t i) {
  return 20 + (double)i * NODE_GAP;
}

static void edge(struct graph *g, const char *cls, const char *marker, double x0, double y0,
                 double x1, double y1) {
  buf_printf(&g->edges,
             "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" class=\"edge %s\" "
             "marker-end=\"url(#%s)\"/>",
             x0, y0, x1, y1, cls, marker);
}

static void join_edge(struct graph *g, const char *id, size_t from, size_t to) {
  double y0 = node_y(from) + NODE_H / 2.0, y1 = node_y(to) + NODE_H / 2.0;
  buf_printf(&g->edges,
             "<path d=\"M%d %.0fC%d %.0f %d %.0f %d %.0f\" class=\"edge join\" "
             "marker-end=\"url(#%s-open)\"/>",
             THREAD_X, y0, THREAD_X - 50, y0, THREAD_X - 50, y1, THREAD_X - 2, y1, id);
}

static void add_waiter(struct graph *g, const struct waiter *w, const char *id) {
  char *who = thread_name(&w->who);
  size_t t = node_of(&g->threads, &g->thread_notes, who);
  if (seen_before(g, w, t)) {
    free(who);
    return;
  }
  char *state = render_waiter_state(w);
  buf_printf(&g->desc, "%s. ", state);
  free(g->thread_notes.items[t]);
  g->thread_notes.items[t] = xasprintf("%s%s", w->call ? "waits in " : "",
                                       w->call                    ? w->call
                                       : w->state == WAIT_RUNNING ? "running"
                                                                  : "asleep");
  free(state);
  char *markers[2] = {xasprintf("%s-open", id), xasprintf("%s-filled", id)};
  if (w->joins) {
    char *target = thread_name(&w->target);
    size_t to = node_of(&g->threads, &g->thread_notes, target);
    join_edge(g, id, t, to);
    buf_printf(&g->desc, "%s waits for %s to end. ", who, target);
    free(target);
  } else if (w->owner == OWNER_THREAD || w->owner == OWNER_SELF) {
    char *object = w->object ? xasprintf("&%s", w->object) : xstrdup("a mutex");
    size_t m = node_of(&g->mutexes, &g->mutex_notes, object);
    char *owner = w->owner == OWNER_SELF ? xstrdup(who) : thread_name(&w->owner_name);
    size_t o = node_of(&g->threads, &g->thread_notes, owner);
    if (w->owner_locked_at.file) {
      free(g->mutex_notes.items[m]);
      g->mutex_notes.items[m] =
          xasprintf("locked at %s:%d", w->owner_locked_at.file, w->owner_locked_at.line);
    }
    edge(g, "waits", markers[0], THREAD_X + THREAD_W, node_y(t) + 18, MUTEX_X - 2, node_y(m) + 18);
    edge(g, "holds", markers[1], MUTEX_X, node_y(m) + 40, THREAD_X + THREAD_W + 2, node_y(o) + 40);
    buf_printf(&g->desc, "%s waits for %s, which is held by %s. ", who, object, owner);
    free(object), free(owner);
  }
  free(markers[0]), free(markers[1]), free(who);
}

static void draw_node(struct buf *b, const char *cls, double x, double y, double w,
                      const char *name, const char *note) {
  if (strcmp(cls, "mutex") == 0) /* a mutex is a lock-shaped box: square corners, thick */
    buf_printf(b, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" class=\"node %s\"/>", x,
               y, w, NODE_H, cls);
  else
    buf_printf(b,
               "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%d\" rx=\"20\" "
               "class=\"node %s\"/>",
               x, y, w, NODE_H, cls);
  char *shown = clipped(name, strcmp(cls, "mutex") == 0 ? 24 : 44);
  text_at(b, x + 14, y + 23, strcmp(cls, "mutex") == 0 ? "code strong" : "label strong", "start",
          shown);
  free(shown);
  char *small = clipped(note, strcmp(cls, "mutex") == 0 ? 34 : 50);
  text_at(b, x + 14, y + 43, "label small", "start", small);
  free(small);
}

static void legend(struct buf *b, const char *id, double y, int joins) {
  buf_printf(b,
             "<g class=\"legend\"><line x1=\"60\" y1=\"%.0f\" x2=\"110\" y2=\"%.0f\" "
             "class=\"edge waits\" marker-end=\"url(#%s-open)\"/>",
             y, y, id);
  text_at(b, 118, y + 5, "label", "start", "waits for");
  buf_printf(b,
             "<line x1=\"240\" y1=\"%.0f\" x2=\"290\" y2=\"%.0f\" class=\"edge holds\" "
             "marker-end=\"url(#%s-filled)\"/>",
             y, y, id);
  text_at(b, 298, y + 5, "label", "start", "held by");
  if (joins) {
    buf_printf(b,
               "<line x1=\"410\" y1=\"%.0f\" x2=\"460\" y2=\"%.0f\" class=\"edge join\" "
               "marker-end=\"url(#%s-open)\"/>",
               y, y, id);
    text_at(b, 468, y + 5, "label", "start", "waits for it to end");
  }
  buf_adds(b, "</g>");
}

static void svg_deadlock(struct buf *b, const struct report *r, const char *id) {
  struct graph g = {0};
  buf_adds(&g.desc, "The wait-for graph. ");
  int joins = 0;
  for (size_t i = 0; i < r->nwaiters; i++) {
    add_waiter(&g, &r->waiters[i], id);
    joins |= r->waiters[i].joins;
  }
  count_crowds(&g);
  size_t rows = g.threads.len > g.mutexes.len ? g.threads.len : g.mutexes.len;
  int height = (int)node_y(rows) + 40;
  open_svg(b, id, "deadlock", height, "A deadlock: who waits for what, and who holds it",
           buf_str(&g.desc));
  arrow_markers(b, id);
  for (size_t i = 0; i < g.threads.len; i++) {
    buf_adds(b, "<g class=\"lane thread-node\" data-thread=\"");
    html_add(b, g.threads.items[i]);
    buf_adds(b, "\">");
    draw_node(b, "thread", THREAD_X, node_y(i), THREAD_W, g.threads.items[i],
              g.thread_notes.items[i]);
    buf_adds(b, "</g>");
  }
  for (size_t i = 0; i < g.mutexes.len; i++)
    draw_node(b, "mutex", MUTEX_X, node_y(i), MUTEX_W, g.mutexes.items[i], g.mutex_notes.items[i]);
  buf_adds(b, buf_str(&g.edges));
  legend(b, id, height - 18, joins);
  buf_adds(b, "</svg>");
  strlist_free(&g.threads), strlist_free(&g.thread_notes);
  strlist_free(&g.mutexes), strlist_free(&g.mutex_notes), strlist_free(&g.seen);
  free(g.alike), free(g.seen_node);
  buf_free(&g.edges), buf_free(&g.desc);
}

/* ---- a lock-order inversion: the cycle of mutexes ---- */

enum { RING_CX = 400, RING_CY = 200, RING_RX = 260, RING_RY = 110, CYCLE_H = 400 };

static void ring_point(size_t i, size_t n, double *x, double *y) {
  double angle = M_PI + 2 * M_PI * (double)i / (double)n;
  *x = RING_CX + RING_RX * cos(angle);
  *y = RING_CY + RING_RY * sin(angle);
}

static size_t ring_index(const struct report *r, int mutex, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (r->cycle[i] == mutex)
      return i;
  return 0;
}

/* How far from a node's centre its box ends, going the way (ux, uy). */
static double box_edge(double ux, double uy) {
  double along_x = fabs(ux) > 1e-9 ? 124 / fabs(ux) : 1e9;
  double along_y = fabs(uy) > 1e-9 ? (NODE_H / 2.0 + 4) / fabs(uy) : 1e9;
  return along_x < along_y ? along_x : along_y;
}

static void cycle_edge(struct buf *b, struct buf *desc, const struct report *r,
                       const struct lock_edge *e, size_t n, const char *id) {
  double x0, y0, x1, y1;
  ring_point(ring_index(r, e->held, n), n, &x0, &y0);
  ring_point(ring_index(r, e->mutex, n), n, &x1, &y1);
  double dx = x1 - x0, dy = y1 - y0, len = hypot(dx, dy);
  double nx = dy / len, ny = -dx / len; /* to the left of the way it goes: up for A -> B */
  double mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
  double off = box_edge(dx / len, dy / len); /* from a node's edge to the other's */
  double sx = x0 + dx * off / len, sy = y0 + dy * off / len;
  double ex = x1 - dx * (off + 4) / len, ey = y1 - dy * (off + 4) / len;
  buf_printf(b,
             "<path d=\"M%.0f %.0fQ%.0f %.0f %.0f %.0f\" class=\"edge holds\" "
             "marker-end=\"url(#%s-filled)\"/>",
             sx, sy, mx + nx * 150, my + ny * 150, ex, ey, id);
  char *held = render_mutex_name(r, e->held), *taken = render_mutex_name(r, e->mutex);
  char *what = xasprintf("%s taken while %s is held", taken, held);
  char *at = e->acquired.len ? frame_words(&e->acquired.frames[0]) : xstrdup("");
  char *before = e->earlier.len ? frame_words(&e->earlier.frames[0]) : NULL;
  char *earlier = before ? xasprintf("%s taken first %s", held, before) : xstrdup("");
  /* the three lines beyond the curve's apex (mid + normal * 75), on the outside */
  double lx = mx + nx * 95, ly = my + ny * 75 + (ny < 0 ? -58 : 28);
  text_at(b, lx, ly, "label strong", "middle", what);
  text_at(b, lx, ly + 18, "label", "middle", at);
  text_at(b, lx, ly + 36, "label", "middle", earlier);
  buf_printf(desc, "%s is taken while %s is held, %s%s%s. ", taken, held, at, before ? "; " : "",
             earlier);
  free(held), free(taken), free(what), free(at), free(before), free(earlier);
}

static void svg_lock_order(struct buf *b, const struct report *r, const char *id) {
  size_t n = r->ncycle - 1; /* the first is repeated at the end */
  struct buf desc = {0}, body = {0};
  buf_printf(&desc, "A cycle of %zu mutexes, each taken while another is held. ", n);
  for (size_t i = 0; i < r->nedges; i++)
    cycle_edge(&body, &desc, r, &r->edges[i], n, id);
  open_svg(b, id, "lock-order", CYCLE_H,
           "A lock-order cycle: each mutex taken while another is held", buf_str(&desc));
  arrow_markers(b, id);
  for (size_t i = 0; i < n; i++) {
    double x, y;
    ring_point(i, n, &x, &y);
    char *label = render_mutex_name(r, r->cycle[i]);
    const struct mutex *m = report_mutex(r, r->cycle[i]);
    char *made = m && m->created.len ? frame_words(&m->created.frames[0]) : xstrdup("");
    char *note = *made ? xasprintf("created %s", made) : xstrdup("");
    draw_node(b, "mutex", x - 120, y - NODE_H / 2.0, 240, label, note);
    free(label), free(made), free(note);
  }
  buf_adds(b, buf_str(&body));
  buf_adds(b, "</svg>");
  buf_free(&desc), buf_free(&body);
}

/* ---- a misuse of a lock: the thread's lock events in order ---- */

static const char *event_word(enum event_kind k) {
  switch (k) {
  case EVENT_LOCKED:
    return "locked";
  case EVENT_UNLOCKED:
    return "unlocked";
  case EVENT_RELOCKED:
    return "locked again";
  case EVENT_EXITED:
    return "ended";
  case EVENT_HANDLER:
    return "signal handler";
  case EVENT_ALSO_AT:
    return "and";
  case EVENT_LABELED:
  case EVENT_AT:
    break;
  }
  return "at";
}

enum { EVENT_Y0 = 110, EVENT_GAP = 70 };

static void svg_events(struct buf *b, const struct report *r, const char *id) {
  char *who = r->nthreads ? thread_name(&r->threads[0].name) : xstrdup("the program");
  int holds = r->kind == REPORT_RELOCK || r->kind == REPORT_LOCK_HELD_AT_EXIT ||
              r->kind == REPORT_HELD_TOO_LONG;
  int height = EVENT_Y0 + (int)r->nevents * EVENT_GAP;
  struct buf desc = {0};
  buf_printf(&desc, "One lane: %s. ", who);
  for (size_t i = 0; i < r->nevents; i++) {
    char *where = r->events[i].stack.len ? frame_words(&r->events[i].stack.frames[0]) : NULL;
    buf_printf(&desc, "%zu. %s %s. ", i + 1,
               r->events[i].label ? r->events[i].label : event_word(r->events[i].kind),
               where ? where : "");
    free(where);
  }
  char *title = xasprintf("%s: %s", r->title ? r->title : "a lock misused", who);
  open_svg(b, id, "events", height, title, buf_str(&desc));
  buf_adds(b, "<g class=\"lane\" data-thread=\"");
  html_add(b, who);
  buf_printf(b,
             "\"><rect x=\"10\" y=\"8\" width=\"%d\" height=\"40\" rx=\"6\" class=\"lane-head\"/>"
             "<line x1=\"44\" y1=\"48\" x2=\"44\" y2=\"%d\" class=\"lane-line\"/>",
             WIDTH - 20, height - 10);
  text_at(b, 22, 34, "lane-name", "start", who);
  buf_adds(b, "</g>");
  if (holds && r->nevents >= 2) {
    buf_printf(b, "<rect x=\"16\" y=\"%d\" width=\"12\" height=\"%d\" class=\"held solid\"/>",
               EVENT_Y0, (int)(r->nevents - 1) * EVENT_GAP);
    char *held =
        xasprintf("holding %s from 1 to %zu", r->lock_name ? r->lock_name : "the lock", r->nevents);
    text_at(b, 16, EVENT_Y0 - 26, "label lock", "start", held);
    free(held);
  }
  for (size_t i = 0; i < r->nevents; i++) {
    double y = EVENT_Y0 + (double)i * EVENT_GAP;
    buf_printf(b,
               "<rect x=\"33\" y=\"%.0f\" width=\"22\" height=\"22\" class=\"mark write\"/>"
               "<text x=\"44\" y=\"%.0f\" class=\"mark-letter on-dark\" "
               "text-anchor=\"middle\">%zu</text>",
               y - 11, y + 5, i + 1);
    const struct event *e = &r->events[i];
    text_at(b, 70, y - 2, "label strong", "start", e->label ? e->label : event_word(e->kind));
    char *where = e->stack.len ? frame_words(&e->stack.frames[0]) : xstrdup("");
    text_at(b, 70, y + 18, "code", "start", where);
    free(where);
  }
  buf_adds(b, "</svg>");
  free(who), free(title);
  buf_free(&desc);
}

int svg_finding(struct buf *b, const struct report *r, const char *id, source_line_fn source,
                void *ctx) {
  if ((r->kind == REPORT_DATA_RACE || r->kind == REPORT_MEMORY_ERROR) && r->naccesses == 2)
    svg_race(b, r, id, source, ctx);
  else if ((r->kind == REPORT_DEADLOCK || r->kind == REPORT_TIMEOUT) && r->nwaiters)
    svg_deadlock(b, r, id);
  else if (r->kind == REPORT_LOCK_ORDER && r->ncycle >= 3 && r->nedges)
    svg_lock_order(b, r, id);
  else if (r->nevents && r->kind != REPORT_STATIC_WARNING && r->kind != REPORT_OTHER)
    svg_events(b, r, id);
  else
    return 0;
  return 1;
}

/* ---- a story: its steps as a timeline ---- */

enum { STEP_COL = 60, STATE_COL_W = 120, ROW_H = 40, HEAD_H = 50 };

static char *story_desc(const struct story *s) {
  struct buf d = {0};
  buf_printf(&d, "A timeline of the steps, one lane per actor:");
  for (size_t k = 0; k < s->lanes.len; k++)
    buf_printf(&d, "%s %s", k ? "," : "", s->lanes.items[k]);
  buf_adds(&d, ". ");
  for (size_t i = 0; i < s->len; i++) {
    const struct story_step *st = &s->steps[i];
    if (st->lane < 0) {
      buf_printf(&d, "Then: %s. ", st->action);
      continue;
    }
    buf_printf(&d, "Step %zu: %s %s", i + 1, s->lanes.items[st->lane], st->action);
    for (size_t k = 0; k < st->state.len && k < s->state_names.len; k++)
      buf_printf(&d, "; %s %s", s->state_names.items[k], st->state.items[k]);
    buf_adds(&d, ". ");
  }
  return d.data;
}

static void story_heads(struct buf *b, const struct story *s, double lane_w, int height) {
  text_at(b, 10, 32, "label strong", "start", "step");
  for (size_t k = 0; k < s->lanes.len; k++) {
    double x = STEP_COL + (double)k * lane_w;
    buf_adds(b, "<g class=\"lane\" data-thread=\"");
    html_add(b, s->lanes.items[k]);
    buf_printf(b,
               "\"><rect x=\"%.0f\" y=\"8\" width=\"%.0f\" height=\"36\" rx=\"6\" "
               "class=\"lane-head\"/><line x1=\"%.0f\" y1=\"44\" x2=\"%.0f\" y2=\"%d\" "
               "class=\"lane-line\"/>",
               x, lane_w - 10, x + 16, x + 16, height - 10);
    text_at(b, x + 10, 32, "lane-name", "start", s->lanes.items[k]);
    buf_adds(b, "</g>");
  }
  for (size_t k = 0; k < s->state_names.len; k++)
    text_at(b, WIDTH - (double)(s->state_names.len - k) * STATE_COL_W, 32, "label strong", "start",
            s->state_names.items[k]);
}

static void story_step(struct buf *b, const struct story *s, size_t i, double lane_w) {
  const struct story_step *st = &s->steps[i];
  double y = HEAD_H + (double)i * ROW_H + ROW_H / 2.0;
  if (st->lane < 0) { /* what the program said after the steps */
    text_at(b, STEP_COL, y + 5, "label outcome", "start", st->action);
    return;
  }
  char *number = xasprintf("%zu", i + 1);
  text_at(b, 10, y + 5, "label", "start", number);
  free(number);
  for (size_t k = 0; st->waiting && k < s->lanes.len; k++)
    if (st->waiting[k]) {
      double x = STEP_COL + (double)k * lane_w + 16;
      buf_printf(b, "<rect x=\"%.0f\" y=\"%.0f\" width=\"10\" height=\"%d\" class=\"waiting\"/>",
                 x - 5, y - ROW_H / 2.0, ROW_H);
      text_at(b, x + 14, y + 5, "label small", "start", "(waiting)");
    }
  double x = STEP_COL + (double)st->lane * lane_w + 16;
  buf_printf(b, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"7\" class=\"mark step\"/>", x, y);
  char *shown = clipped(st->action, (size_t)(lane_w / 8.5));
  text_at(b, x + 14, y + 5, "label", "start", shown);
  free(shown);
  for (size_t k = 0; k < st->state.len && k < s->state_names.len; k++) {
    char *cell = clipped(st->state.items[k], 14);
    text_at(b, WIDTH - (double)(s->state_names.len - k) * STATE_COL_W, y + 5, "label small",
            "start", cell);
    free(cell);
  }
}

void svg_story(struct buf *b, const struct story *s, const char *id) {
  double lanes_w = WIDTH - STEP_COL - (double)s->state_names.len * STATE_COL_W - 10;
  double lane_w = lanes_w / (double)s->lanes.len;
  int height = HEAD_H + (int)s->len * ROW_H + 20;
  char *desc = story_desc(s);
  open_svg(b, id, "story", height, "The steps, in the order they happened", desc);
  story_heads(b, s, lane_w, height);
  for (size_t i = 0; i < s->len; i++)
    story_step(b, s, i, lane_w);
  buf_adds(b, "</svg>");
  free(desc);
}
