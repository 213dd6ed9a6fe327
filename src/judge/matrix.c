#include "matrix.h"

#include "case_info.h"
#include "detectors.h"
#include "expect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The lessons' cases in their order, then every other case, once each. */
static void order_rows(struct matrix *m, const struct strlist *every) {
  for (size_t i = 0; i < m->lessons.len; i++)
    for (size_t j = 0; j < m->lessons.items[i].cases.len; j++)
      strlist_push(&m->cases, xstrdup(m->lessons.items[i].cases.items[j]));
  for (size_t i = 0; i < every->len; i++)
    if (!lesson_of(&m->lessons, every->items[i]))
      strlist_push(&m->cases, xstrdup(every->items[i]));
}

int matrix_init(struct matrix *m, const char *cases_dir, double deadline_s, char **error) {
  *m = (struct matrix){.deadline_s = deadline_s, .costs = xmalloc(N_DETECTORS * sizeof *m->costs)};
  for (size_t j = 0; j < N_DETECTORS; j++)
    m->costs[j] = (struct cost){-1, -1};
  struct strlist every = {0};
  if (lessons_read(cases_dir, &m->lessons, error) != 0)
    return -1;
  if (list_cases(cases_dir, &every) != 0) {
    *error = xasprintf("cannot open %s: %s", cases_dir, strerror(errno));
    return -1;
  }
  order_rows(m, &every);
  strlist_free(&every);
  m->breaks = xmalloc(m->cases.len + 1);
  size_t ncells = m->cases.len * N_DETECTORS;
  m->cells = xmalloc((ncells + 1) * sizeof *m->cells);
  memset(m->cells, 0, (ncells + 1) * sizeof *m->cells);
  for (size_t i = 0; i < m->cases.len; i++) {
    char *source = xasprintf("%s/%s.c", cases_dir, m->cases.items[i]);
    struct case_info info = {0};
    case_info_read(source, &info);
    m->breaks[i] = info.nbug_lines > 0;
    case_info_free(&info);
    free(source);
  }
  return 0;
}

const struct cell *matrix_cell(const struct matrix *m, size_t row, size_t column) {
  return &m->cells[row * N_DETECTORS + column];
}

static struct cell *cell_at(struct matrix *m, size_t row, size_t column) {
  return &m->cells[row * N_DETECTORS + column];
}

size_t matrix_read_cells(struct matrix *m, const char *cells_dir) {
  size_t missing = 0;
  for (size_t i = 0; i < m->cases.len; i++)
    for (size_t j = 0; j < N_DETECTORS; j++) {
      char *path = xasprintf("%s/%s/%s", cells_dir, DETECTORS[j].id, m->cases.items[i]);
      struct buf text = {0};
      struct cell *c = cell_at(m, i, j);
      if (!read_file(path, &text) || cell_file_parse(buf_str(&text), c) != 0 ||
          strcmp(c->case_name, m->cases.items[i]) != 0 || strcmp(c->detector, DETECTORS[j].id)) {
        cell_free(c);
        missing++;
      }
      buf_free(&text);
      free(path);
    }
  return missing;
}

static long row_of(const struct matrix *m, const char *name) {
  for (size_t i = 0; i < m->cases.len; i++)
    if (strcmp(m->cases.items[i], name) == 0)
      return (long)i;
  return -1;
}

static long column_of(const char *id) {
  for (size_t j = 0; j < N_DETECTORS; j++)
    if (strcmp(DETECTORS[j].id, id) == 0)
      return (long)j;
  return -1;
}

int matrix_read_expected(struct matrix *m, const char *path, char **error) {
  struct expected e = {0};
  if (expect_load(path, &e, error) != 0)
    return -1;
  int rc = 0;
  for (size_t k = 0; k < e.lines.len && rc == 0; k++) {
    struct cell c;
    rc = cell_line_parse(e.lines.items[k], &c, error);
    long row = rc ? -1 : row_of(m, c.case_name), column = rc ? -1 : column_of(c.detector);
    if (rc == 0 && (row < 0 || column < 0)) {
      *error = xasprintf("%s: no case or detector of that name: %s", path, e.lines.items[k]);
      rc = -1;
    }
    if (rc == 0) {
      c.breaks = m->breaks[row];
      cell_free(cell_at(m, (size_t)row, (size_t)column));
      *cell_at(m, (size_t)row, (size_t)column) = c;
    } else {
      cell_free(&c);
    }
  }
  expect_free(&e);
  return rc;
}

void matrix_read_costs(struct matrix *m, const char *path) {
  struct expected e = {0};
  char *error = NULL;
  if (expect_load(path, &e, &error) == 0)
    for (size_t k = 0; k < e.lines.len; k++) {
      struct strlist w = {0};
      split_words(e.lines.items[k], " \t", &w);
      long column = w.len == 3 ? column_of(w.items[0]) : -1;
      if (column >= 0)
        m->costs[column] = (struct cost){atof(w.items[1]), atof(w.items[2])};
      strlist_free(&w);
    }
  free(error);
  expect_free(&e);
}

void matrix_lines(const struct matrix *m, struct strlist *out) {
  for (size_t i = 0; i < m->cases.len; i++)
    for (size_t j = 0; j < N_DETECTORS; j++)
      if (matrix_cell(m, i, j)->detector)
        strlist_push(out, cell_line(matrix_cell(m, i, j)));
}

void matrix_free(struct matrix *m) {
  for (size_t i = 0; m->cells && i < m->cases.len * N_DETECTORS; i++)
    cell_free(&m->cells[i]);
  free(m->cells);
  free(m->breaks);
  free(m->costs);
  strlist_free(&m->cases);
  lessons_free(&m->lessons);
  *m = (struct matrix){0};
}
