#include "story.h"

#include "array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A table's rows start with their step's number. */
static int is_row(const char *line) {
  return line[0] >= '0' && line[0] <= '9';
}

static int is_blank(const char *line, size_t i) {
  return i >= strlen(line) || line[i] == ' ';
}

/* Where each column of a table starts: where a word of the header starts, and every line
 * of the table (header and rows) has a space just before. As many as there are: *starts is
 * made to hold them all. */
static size_t column_starts(char *const *lines, size_t nlines, size_t **starts) {
  size_t widest = 0, n = 0;
  for (size_t k = 0; k < nlines; k++)
    widest = strlen(lines[k]) > widest ? strlen(lines[k]) : widest;
  *starts = xmalloc((widest + 1) * sizeof **starts);
  for (size_t i = 0; i < widest; i++) {
    int gap_before = 1;
    for (size_t k = 0; k < nlines; k++)
      gap_before &= i == 0 || is_blank(lines[k], i - 1);
    if (gap_before && !is_blank(lines[0], i))
      (*starts)[n++] = i;
  }
  return n;
}

static char *cell_text(const char *row, size_t from, size_t to) {
  size_t len = strlen(row);
  to = to < len ? to : len;
  while (from < to && row[from] == ' ')
    from++;
  while (to > from && row[to - 1] == ' ')
    to--;
  return xstrndup(row + from, to - from);
}

static struct story_step *add_step(struct story *s, int lane, char *action) {
  struct story_step *step = ARRAY_PUSH(s->steps, s->len);
  *step = (struct story_step){.lane = lane, .action = action};
  return step;
}

/* One table row: the action is the one thread cell that is not "-" or "(...)". */
static void read_row(struct story *s, const char *row, const size_t *starts, size_t n,
                     const int *lane_of) {
  struct story_step *step = add_step(s, -1, NULL);
  step->waiting = xmalloc(s->lanes.len);
  memset(step->waiting, 0, s->lanes.len);
  for (size_t c = 1; c < n; c++) {
    char *cell = cell_text(row, starts[c], c + 1 < n ? starts[c + 1] : strlen(row));
    if (lane_of[c] < 0) {
      strlist_push(&step->state, cell);
    } else if (cell[0] == '(') {
      step->waiting[lane_of[c]] = 1;
      free(cell);
    } else if (strcmp(cell, "-") != 0 && !step->action) {
      step->lane = lane_of[c], step->action = cell;
    } else {
      free(cell);
    }
  }
  if (!step->action)
    step->action = cell_text(row, 0, strlen(row));
}

static int read_table(const struct strlist *lines, struct story *out) {
  size_t nrows = 0;
  while (1 + nrows < lines->len && is_row(lines->items[1 + nrows]))
    nrows++;
  size_t *starts = NULL;
  size_t n = nrows ? column_starts(lines->items, 1 + nrows, &starts) : 0;
  if (n < 3) {
    free(starts);
    return 0;
  }
  char **names = xmalloc(n * sizeof *names);
  int *lane_of = xmalloc(n * sizeof *lane_of);
  for (size_t c = 0; c < n; c++) {
    names[c] = cell_text(lines->items[0], starts[c], c + 1 < n ? starts[c + 1] : SIZE_MAX);
    lane_of[c] = c > 0 && starts_with(names[c], "thread") ? (int)out->lanes.len : -1;
    if (lane_of[c] >= 0)
      strlist_push(&out->lanes, xstrdup(names[c]));
    else if (c > 0)
      strlist_push(&out->state_names, xstrdup(names[c]));
  }
  for (size_t i = 1; out->lanes.len >= 2 && i <= nrows; i++)
    read_row(out, lines->items[i], starts, n, lane_of);
  for (size_t i = 1 + nrows; out->lanes.len >= 2 && i < lines->len; i++)
    add_step(out, -1, xstrdup(lines->items[i]));
  for (size_t c = 0; c < n; c++)
    free(names[c]);
  free(names), free(lane_of), free(starts);
  return out->lanes.len >= 2 && out->len > 0;
}

static char *first_word(const char *line) {
  return xstrndup(line, strcspn(line, " "));
}

/* The actors: the first words that start two lines or more. */
static int read_actor_lines(const struct strlist *lines, struct story *out) {
  for (size_t i = 0; i < lines->len; i++) {
    char *word = first_word(lines->items[i]);
    int known = 0, again = 0;
    for (size_t k = 0; k < out->lanes.len; k++)
      known |= strcmp(out->lanes.items[k], word) == 0;
    for (size_t j = i + 1; j < lines->len && !known && !again; j++) {
      char *other = first_word(lines->items[j]);
      again = *word && strcmp(other, word) == 0;
      free(other);
    }
    if (again)
      strlist_push(&out->lanes, word);
    else
      free(word);
  }
  for (size_t i = 0; i < lines->len; i++) {
    const char *line = lines->items[i];
    size_t len = strcspn(line, " ");
    int lane = -1;
    for (size_t k = 0; k < out->lanes.len && lane < 0; k++)
      if (strlen(out->lanes.items[k]) == len && strncmp(out->lanes.items[k], line, len) == 0)
        lane = (int)k;
    add_step(out, lane, xstrdup(lane < 0 ? line : line + len + strspn(line + len, " ")));
  }
  return out->lanes.len >= 2;
}

int story_read(const struct strlist *lines, struct story *out) {
  *out = (struct story){0};
  if (read_table(lines, out))
    return 1;
  story_free(out);
  if (read_actor_lines(lines, out))
    return 1;
  story_free(out);
  return 0;
}

void story_free(struct story *s) {
  for (size_t i = 0; i < s->len; i++)
    free(s->steps[i].action), strlist_free(&s->steps[i].state), free(s->steps[i].waiting);
  free(s->steps);
  strlist_free(&s->lanes);
  strlist_free(&s->state_names);
  *s = (struct story){0};
}
