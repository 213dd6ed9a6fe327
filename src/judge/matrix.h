/* The detector matrix as data: a row per case (the lessons' order, then the other cases),
 * a column per detector (src/model/detectors.c), a cell in each, read from the kept cells of
 * `racecheck cell` or from the expected matrix; and what each detector costs, as the bench
 * measured it. The outputs are in matrix_render.c. */
#ifndef RACECHECK_MATRIX_H
#define RACECHECK_MATRIX_H

#include "cell.h"
#include "lessons.h"

#include <stdio.h>

/* Time and memory as ratios to a plain build: a run against the plain program's run, an
 * analysis against a plain compile. Negative when not measured. */
struct cost {
  double time, memory;
};

struct matrix {
  struct strlist cases; /* the rows */
  char *breaks;         /* breaks[row]: the case breaks its rule */
  struct cell *cells;   /* [row * N_DETECTORS + column]; a missing one has no detector */
  struct lessons lessons;
  struct cost *costs; /* [column] */
  double deadline_s;  /* how long each run had */
};

/* The rows and their roles from cases_dir; no cell yet. 0, or -1 with *error set. */
int matrix_init(struct matrix *m, const char *cases_dir, double deadline_s, char **error);
/* Each kept cell from cells_dir/DETECTOR/CASE. Returns how many are missing. */
size_t matrix_read_cells(struct matrix *m, const char *cells_dir);
/* The cells of an expected matrix (see cell_line). 0, or -1 with *error: a line that is no
 * cell, or names a case or detector there is not. */
int matrix_read_expected(struct matrix *m, const char *path, char **error);
/* The costs the bench wrote (bench/detector_costs.txt: "DETECTOR TIME MEMORY" lines); a
 * file that is not there leaves them unknown. */
void matrix_read_costs(struct matrix *m, const char *path);

const struct cell *matrix_cell(const struct matrix *m, size_t row, size_t column);
/* The expected matrix's lines, row by row. */
void matrix_lines(const struct matrix *m, struct strlist *out);
void matrix_free(struct matrix *m);

/* The table and what each detector cannot see, for a terminal (80 columns), in Markdown
 * (the section of docs/matrix.md) and as JSON (docs/racecheck.schema.json, "matrix"). With words,
 * the text output also prints each cell's findings, for the cases named (all if none). */
void matrix_print_text(FILE *out, const struct matrix *m, int words, char **names, size_t n);
char *matrix_markdown(const struct matrix *m);
/* The rows of the cases that break a rule, and the legend: which detector saw which rule. */
void matrix_print_rules(FILE *out, const struct matrix *m);
void matrix_print_json(FILE *out, const struct matrix *m);

#endif
