#include "matrix_cmd.h"

#include "cell_cmd.h"
#include "detectors.h"
#include "expect.h"
#include "lessons_table.h"
#include "matrix.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char COSTS[] = "bench/detector_costs.txt";
static char *expected_path(const struct options *o) {
  return xasprintf("%s/matrix.txt", o->expected_dir);
}

/* The sections of a document that racecheck writes from the expected matrix, each between
 * two marker lines: "<!-- racecheck NAME: begin ... -->" and "<!-- racecheck NAME: end -->". */
static char *matrix_section(const struct matrix *m, const char *cases_dir) {
  (void)cases_dir;
  return matrix_markdown(m);
}

static const struct {
  const char *name;
  char *(*render)(const struct matrix *m, const char *cases_dir);
} SECTIONS[] = {{"matrix", matrix_section}, {"lessons", lessons_table_markdown}};

/* The text with the NAME section rewritten, or NULL when it has none. */
static char *rewrite_section(const char *text, size_t k, const struct matrix *m,
                             const char *cases_dir) {
  char *begin_mark = xasprintf("<!-- racecheck %s: begin", SECTIONS[k].name);
  char *end_mark = xasprintf("<!-- racecheck %s: end -->", SECTIONS[k].name);
  const char *begin = strstr(text, begin_mark);
  const char *body = begin ? strchr(begin, '\n') : NULL;
  const char *end = body ? strstr(body, end_mark) : NULL;
  char *out = NULL;
  if (end) {
    char *markdown = SECTIONS[k].render(m, cases_dir);
    out = xasprintf("%.*s\n%s\n%s", (int)(body + 1 - text), text, markdown, end);
    free(markdown);
  }
  free(begin_mark), free(end_mark);
  return out;
}

/* The file's text with each of its sections rewritten; NULL with *error when the file cannot
 * be read or has none. */
static char *with_sections(const char *path, const struct matrix *m, const char *cases_dir,
                           char **error) {
  struct buf text = {0};
  if (!read_file(path, &text)) {
    *error = xasprintf("cannot read %s: %s", path, strerror(errno));
    return NULL;
  }
  char *out = xstrdup(buf_str(&text));
  int found = 0;
  for (size_t k = 0; k < sizeof SECTIONS / sizeof *SECTIONS; k++) {
    char *rewritten = rewrite_section(out, k, m, cases_dir);
    if (rewritten) {
      free(out);
      out = rewritten;
      found = 1;
    }
  }
  if (!found) {
    *error = xasprintf("%s has no section racecheck writes: put these two lines where the "
                       "matrix goes (or \"lessons\" for the lessons table):\n"
                       "<!-- racecheck matrix: begin. Written by `build/racecheck matrix "
                       "--readme %s`: do not edit. -->\n<!-- racecheck matrix: end -->",
                       path, path);
    free(out);
    out = NULL;
  }
  buf_free(&text);
  return out;
}

/* Each --readme file's sections, from the expected matrix: rewritten, or with check,
 * compared. */
static int readme(const struct options *o, struct matrix *m, int check) {
  char *error = NULL, *path = expected_path(o);
  int rc = matrix_read_expected(m, path, &error) == 0 ? 0 : 2;
  if (rc)
    fprintf(stderr, "racecheck: %s\n", error);
  for (size_t i = 0; rc == 0 && i < o->readmes.len; i++) {
    const char *file = o->readmes.items[i];
    char *text = with_sections(file, m, o->cases_dir, &error);
    struct buf old = {0};
    if (!text) {
      fprintf(stderr, "racecheck: %s\n", error);
      rc = 2;
    } else if (check && (!read_file(file, &old) || strcmp(buf_str(&old), text) != 0)) {
      printf("FAIL  %s: what racecheck writes in it is not what %s and cases/lessons.txt say; "
             "rewrite it with: build/racecheck matrix --readme %s\n",
             file, path, file);
      rc = 1;
    } else if (!check && !write_file(file, text, strlen(text))) {
      fprintf(stderr, "racecheck: cannot write %s: %s\n", file, strerror(errno));
      rc = 2;
    }
    buf_free(&old);
    free(text);
  }
  free(error), free(path);
  return rc;
}

/* The kept cells' lines, where a detector that is not installed here stands in for what it
 * would have said: its expected line. Returns how many stood in. */
static size_t kept_lines(const struct matrix *m, const struct expected *want, struct strlist *out) {
  size_t skipped = 0;
  matrix_lines(m, out);
  for (size_t i = 0; i < out->len; i++) {
    struct cell c;
    char *error = NULL;
    if (cell_line_parse(out->items[i], &c, &error) == 0 && c.state == CELL_NOT_INSTALLED) {
      for (size_t k = 0; k < want->lines.len; k++) {
        struct cell w;
        char *e2 = NULL;
        if (cell_line_parse(want->lines.items[k], &w, &e2) == 0 &&
            strcmp(w.case_name, c.case_name) == 0 && strcmp(w.detector, c.detector) == 0) {
          free(out->items[i]);
          out->items[i] = xstrdup(want->lines.items[k]);
          skipped++;
        }
        cell_free(&w);
        free(e2);
      }
    }
    cell_free(&c);
    free(error);
  }
  return skipped;
}

/* The kept cells against the expected matrix: a diff when a detector changed its mind. */
static int check_cells(const struct options *o, const struct matrix *m, size_t missing) {
  char *path = expected_path(o), *error = NULL, *out_dir = xasprintf("%s/out", o->build_dir);
  struct expected want = {0};
  struct strlist lines = {0}, seen = {0};
  int rc = 0;
  if (expect_load(path, &want, &error) != 0) {
    printf("FAIL  matrix: %s; write it from the kept cells with: build/racecheck matrix --bless\n",
           error);
    rc = 1;
  } else {
    size_t skipped = kept_lines(m, &want, &lines);
    if (!expect_match(&want, &lines, &seen) || missing) {
      printf("FAIL  matrix: the kept cells are not %s%s\n", path,
             missing ? " (some are not kept: ninja matrix makes them)" : "");
      print_diff(stdout, out_dir, "matrix", path, &want.lines, "kept cells", &seen);
      rc = 1;
    } else {
      printf("PASS  matrix: %zu cells as %s says", lines.len, path);
      printf(skipped ? ", %zu skipped: their detector is not installed here\n" : "\n", skipped);
      rc = skipped ? 2 : 0;
    }
  }
  expect_free(&want);
  strlist_free(&lines), strlist_free(&seen);
  free(path), free(error), free(out_dir);
  return rc;
}

static int names_case(const char *name, int argc, char **argv) {
  for (int k = 0; k < argc; k++)
    if (strcmp(argv[k], name) == 0)
      return 1;
  return 0;
}

/* The lines of expected/matrix.txt with the rows of the cases named made again from their
 * kept cells, and every other row as it was; every row from the kept cells if none is named.
 * The cells of the named cases that are not kept go to missing. */
static void rows_to_bless(const struct matrix *m, const struct expected *old, int argc, char **argv,
                          const char *cells_dir, struct strlist *lines, struct strlist *missing) {
  for (size_t i = 0; i < m->cases.len; i++) {
    const char *name = m->cases.items[i];
    int remade = argc == 0 || names_case(name, argc, argv);
    for (size_t j = 0; remade && j < N_DETECTORS; j++)
      if (matrix_cell(m, i, j)->detector)
        strlist_push(lines, cell_line(matrix_cell(m, i, j)));
      else
        strlist_push(missing, xasprintf("%s/%s/%s", cells_dir, DETECTORS[j].id, name));
    size_t len = strlen(name);
    for (size_t k = 0; !remade && k < old->lines.len; k++)
      if (strncmp(old->lines.items[k], name, len) == 0 && old->lines.items[k][len] == ' ')
        strlist_push(lines, xstrdup(old->lines.items[k]));
  }
}

/* expected/matrix.txt from the kept cells, its comments kept: every row, or with case names
 * only theirs (a new lesson's rows, without running the whole matrix). */
static int bless(const struct options *o, const struct matrix *m, int argc, char **argv) {
  char *path = expected_path(o), *error = NULL;
  struct expected old = {0};
  struct strlist lines = {0};
  int loaded = expect_load(path, &old, &error) == 0;
  char *cells_dir = cells_dir_of(o);
  struct strlist missing = {0};
  rows_to_bless(m, &old, argc, argv, cells_dir, &lines, &missing);
  free(cells_dir);
  if (missing.len) {
    fprintf(stderr, "racecheck: %zu cells are not kept; make them first: ninja", missing.len);
    for (size_t k = 0; k < missing.len && argc > 0; k++)
      fprintf(stderr, " %s", missing.items[k]);
    fputs(argc > 0 ? "\n" : " matrix\n", stderr);
    free(path), free(error);
    strlist_free(&lines), strlist_free(&missing);
    expect_free(&old);
    return 1;
  }
  char *text;
  if (loaded) {
    text = expect_rewrite(&old, &lines);
  } else { /* new, or comments alone: they are the header */
    struct buf header = {0}, raw = {0};
    read_file(path, &raw);
    for (const char *p = buf_str(&raw); *p == '#' || *p == '\n'; p += strcspn(p, "\n") + 1)
      buf_add(&header, p, strcspn(p, "\n") + 1);
    text = expect_render(&header, &lines);
    buf_free(&header), buf_free(&raw);
  }
  int ok = write_file(path, text, strlen(text));
  if (ok)
    printf("blessed %s: %zu cells\n", path, lines.len);
  else
    fprintf(stderr, "racecheck: cannot write %s: %s\n", path, strerror(errno));
  free(text), free(path), free(error);
  strlist_free(&lines);
  expect_free(&old);
  return ok ? 0 : 2;
}

/* A cell whose detector was not installed is dropped once shown, so that the next
 * `ninja matrix` asks again, as a failed verdict is. */
static void drop_not_installed(const struct matrix *m, const char *cells_dir) {
  for (size_t i = 0; i < m->cases.len; i++)
    for (size_t j = 0; j < N_DETECTORS; j++)
      if (matrix_cell(m, i, j)->detector && matrix_cell(m, i, j)->state == CELL_NOT_INSTALLED) {
        char *path = xasprintf("%s/%s/%s", cells_dir, DETECTORS[j].id, m->cases.items[i]);
        unlink(path);
        free(path);
      }
}

static int show(const struct options *o, const struct matrix *m, size_t missing, int argc,
                char **argv) {
  if (o->format == FORMAT_JSON) {
    matrix_print_json(stdout, m);
  } else if (o->format == FORMAT_MARKDOWN) {
    char *text = matrix_markdown(m);
    fputs(text, stdout);
    free(text);
  } else {
    matrix_print_text(stdout, m, o->words, argv, (size_t)argc);
  }
  if (missing)
    fprintf(stderr, "racecheck: %zu cells are not kept yet (shown as ?): ninja matrix makes them\n",
            missing);
  return missing ? 1 : 0;
}

int cmd_matrix(const struct options *o, int argc, char **argv) {
  struct matrix m;
  char *error = NULL;
  if (matrix_init(&m, o->cases_dir, MATRIX_DEADLINE_S, &error) != 0) {
    fprintf(stderr, "racecheck: %s\n", error);
    free(error);
    matrix_free(&m);
    return 2;
  }
  matrix_read_costs(&m, COSTS);
  int rc;
  if (o->readmes.len && !o->check) {
    rc = readme(o, &m, 0);
  } else {
    char *cells_dir = cells_dir_of(o);
    size_t missing = matrix_read_cells(&m, cells_dir);
    if (o->check) {
      rc = check_cells(o, &m, missing);
      if (o->readmes.len) {
        struct matrix expected;
        matrix_init(&expected, o->cases_dir, MATRIX_DEADLINE_S, &error);
        matrix_read_costs(&expected, COSTS);
        int readme_rc = readme(o, &expected, 1);
        rc = readme_rc > rc ? readme_rc : rc;
        matrix_free(&expected);
      }
    } else if (o->bless) {
      rc = bless(o, &m, argc, argv);
    } else {
      rc = show(o, &m, missing, argc, argv);
      drop_not_installed(&m, cells_dir);
    }
    free(cells_dir);
  }
  free(error);
  matrix_free(&m);
  return rc;
}
