#include "picture.h"

#include "cause.h"
#include "render.h"
#include "term.h"

#include <stdlib.h>
#include <string.h>

enum { LANE = 37 }; /* 80 columns: a gutter of two, two lanes, " | " between them */

/* text cut to fit `width` columns (bytes, for the ASCII racecheck writes; a quoted source
 * line is escaped first), padded with spaces. */
static void cell(struct buf *b, const char *text, size_t width) {
  size_t len = strlen(text);
  if (len > width)
    buf_add(b, text, width - 3), buf_adds(b, "...");
  else
    buf_add(b, text, len), buf_printf(b, "%*s", (int)(width - len), "");
}

/* Both lanes escaped: a file name (#line) or a symbol is the program's to choose. */
static void row(FILE *out, const char *left, const char *right) {
  struct buf b = {0};
  char *left_shown = term_escape(left, strlen(left));
  char *right_shown = term_escape(right, strlen(right));
  buf_adds(&b, "  ");
  cell(&b, left_shown, LANE);
  buf_adds(&b, " | ");
  cell(&b, right_shown, LANE);
  free(left_shown), free(right_shown);
  while (b.len && b.data[b.len - 1] == ' ')
    b.data[--b.len] = '\0';
  fprintf(out, "%s\n", b.data);
  buf_free(&b);
}

static char *access_words(const struct report *r, const struct access *a, size_t step) {
  struct buf b = {0};
  buf_printf(&b, "%zu. %s %d", step, a->op == ACCESS_WRITE ? "write" : "read", a->size);
  if (a->stack.call)
    buf_printf(&b, " by %s", a->stack.call);
  if (a->stack.len && a->stack.frames[0].func)
    buf_printf(&b, " in %s", a->stack.frames[0].func);
  char *held = render_held_words(r, a);
  buf_printf(&b, "%s%s", *held ? ", " : "", held);
  free(held);
  return b.data;
}

static char *quoted_line(const struct access *a, source_line_fn source, void *ctx) {
  if (!a->stack.len || !a->stack.frames[0].file)
    return xstrdup("");
  const struct frame *fr = &a->stack.frames[0];
  char *line = source ? source(fr->file, fr->line, ctx) : NULL;
  char *shown = line ? term_escape(line + strspn(line, " \t"), strlen(line + strspn(line, " \t")))
                     : xstrdup("");
  char *text = xasprintf("   %s:%d%s%s", fr->file, fr->line, *shown ? ": " : "", shown);
  free(line), free(shown);
  return text;
}

size_t race_first_seen(const struct report *r) {
  return r->accesses[1].previous && !r->accesses[0].previous ? 1 : 0;
}

const char *race_verdict(const struct report *r) {
  switch (race_cause(r)) {
  case RACE_READ_LOCK_ONLY:
    return "Both threads held the same lock, but only for reading: a read lock keeps writers "
           "out, not other readers, so it orders nothing between two readers.";
  case RACE_OWN_LOCKS:
    return "Each thread held a mutex, but not the same one: a lock orders only the threads "
           "that take that lock.";
  case RACE_ONE_SIDE:
    return "Only one of the two threads held a lock: a lock orders a thread only against the "
           "others that take it too.";
  case RACE_NO_LOCK:
    break;
  }
  return "Nothing orders these two accesses: no mutex in common, no join, no atomic between "
         "them.";
}

static void print_race(FILE *out, const struct report *r, source_line_fn source, void *ctx) {
  struct buf names[2] = {{0}, {0}};
  for (int side = 0; side < 2; side++)
    render_thread_name(&names[side], &r->accesses[side].by);
  row(out, buf_str(&names[0]), buf_str(&names[1]));
  char rule[LANE + 1];
  memset(rule, '-', LANE), rule[LANE] = '\0';
  row(out, rule, rule);
  size_t first = race_first_seen(r);
  for (size_t step = 0; step < 2; step++) {
    size_t side = step == 0 ? first : 1 - first;
    char *words = access_words(r, &r->accesses[side], step + 1);
    char *quote = quoted_line(&r->accesses[side], source, ctx);
    row(out, side == 0 ? words : "", side == 0 ? "" : words);
    row(out, side == 0 ? quote : "", side == 0 ? "" : quote);
    free(words), free(quote);
  }
  print_wrapped(out, "  ", "  ", race_verdict(r));
  buf_free(&names[0]), buf_free(&names[1]);
}

/* What the wait-for picture says of a waiter after its name: " waits for &savings.mu, held
 * by thread created at x.c:49" and a newline; NULL when it waits for nothing another thread
 * holds. */
static char *wait_for_words(const struct waiter *w) {
  struct buf b = {0};
  if (w->joins) {
    buf_adds(&b, " waits for ");
    render_thread_name(&b, &w->target);
    buf_adds(&b, " to end");
  } else if (w->owner == OWNER_THREAD || w->owner == OWNER_SELF) {
    buf_printf(&b, " waits for %s%s, held by ", w->object ? "&" : "",
               w->object ? w->object : "a mutex");
    if (w->owner == OWNER_SELF)
      buf_adds(&b, "itself");
    else
      render_thread_name(&b, &w->owner_name);
    buf_adds(&b, w->owner_exited ? ", which has exited" : "");
  }
  if (b.data)
    buf_adds(&b, "\n");
  return b.data;
}

/* "thread created at x.c:48 waits for &savings.mu, held by thread created at x.c:49", with
 * alike neighbours on one line, as in the finding. */
static void print_waits(FILE *out, const struct report *r) {
  struct buf lines = {0};
  render_waiters_grouped(&lines, "", r, wait_for_words);
  for (const char *line = buf_str(&lines); *line;) {
    size_t len = strcspn(line, "\n");
    char *text = xstrndup(line, len);
    print_wrapped(out, "  ", "      ", text);
    free(text);
    line += len + (line[len] == '\n');
  }
  buf_free(&lines);
}

void picture_print(FILE *out, const struct report *r, source_line_fn source, void *ctx) {
  if ((r->kind == REPORT_DATA_RACE || r->kind == REPORT_MEMORY_ERROR) && r->naccesses == 2)
    print_race(out, r, source, ctx);
  else if (r->kind == REPORT_DEADLOCK)
    print_waits(out, r);
}

void print_wrapped(FILE *out, const char *first, const char *indent, const char *unescaped) {
  const char *lead = first;
  char *shown = term_escape(unescaped, strlen(unescaped));
  for (const char *text = shown; *text;) {
    size_t room = 80 - strlen(lead), len = strlen(text);
    if (len > room) {
      len = room;
      while (len > 0 && text[len] != ' ')
        len--;
      if (len == 0) /* a word longer than the line */
        len = strcspn(text, " ");
    }
    fprintf(out, "%s%.*s\n", lead, (int)len, text);
    text += len;
    text += strspn(text, " ");
    lead = indent;
  }
  free(shown);
}
