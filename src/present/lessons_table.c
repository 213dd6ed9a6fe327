#include "lessons_table.h"

#include "case_info.h"
#include "detectors.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The rule of a lesson as its first case's header says it, as a table cell: its first letter
 * capitalised, without the final period. */
static char *rule_of(const char *cases_dir, const char *name) {
  char *path = xasprintf("%s/%s.c", cases_dir, name);
  struct case_info info = {0};
  case_info_read(path, &info);
  const char *rule = case_info_rule(&info);
  char *cell = xstrdup(rule ? rule : name);
  size_t len = strlen(cell);
  if (len && cell[len - 1] == '.')
    cell[len - 1] = '\0';
  cell[0] = (char)toupper((unsigned char)cell[0]);
  struct buf escaped = {0}; /* a bar would end the table's cell */
  for (const char *c = cell; *c; c++)
    buf_adds(&escaped, *c == '|' ? "\\|" : (char[]){*c, '\0'});
  case_info_free(&info);
  free(path), free(cell);
  return escaped.data;
}

static long row_named(const struct matrix *m, const char *name) {
  for (size_t i = 0; i < m->cases.len; i++)
    if (strcmp(m->cases.items[i], name) == 0)
      return (long)i;
  return -1;
}

/* A detector by its family: the three TSan builds are TSan, the two Static Analyzers one. */
static const char *family_of(const struct detector *d) {
  static const struct {
    const char *id_prefix, *family;
  } FAMILIES[] = {{"tsan", "TSan"},
                  {"helgrind", "Helgrind"},
                  {"drd", "DRD"},
                  {"thread-safety", "-Wthread-safety"},
                  {"analyzer", "the Static Analyzer"},
                  {"clang-tidy", "clang-tidy"},
                  {"vet", "`racecheck vet`"}};
  for (size_t k = 0; k < sizeof FAMILIES / sizeof *FAMILIES; k++)
    if (starts_with(d->id, FAMILIES[k].id_prefix))
      return FAMILIES[k].family;
  return d->name;
}

/* The detectors whose cell reports the case's broken rule, each family once. */
static void who_sees(const struct matrix *m, long row, const struct lesson *l, struct buf *out) {
  struct strlist said = {0};
  if (l->about[REPORT_DEADLOCK])
    strlist_push(&said, xstrdup("racecheck (a hang)"));
  for (size_t j = 0; row >= 0 && j < N_DETECTORS; j++) {
    if (matrix_cell(m, (size_t)row, j)->state != CELL_REPORTED)
      continue;
    const char *name = family_of(&DETECTORS[j]);
    int known = 0;
    for (size_t k = 0; k < said.len; k++)
      known |= strcmp(said.items[k], name) == 0;
    if (!known)
      strlist_push(&said, xstrdup(name));
  }
  if (said.len == 0)
    buf_adds(out, row >= 0 ? "none of them" : "(nothing to see)");
  for (size_t k = 0; k < said.len; k++)
    buf_printf(out, "%s%s", k ? ", " : "", said.items[k]);
  strlist_free(&said);
}

char *lessons_table_markdown(const struct matrix *m, const char *cases_dir) {
  struct buf b = {0};
  buf_adds(&b, "| # | The rule | Breaks it | Keeps it | Who sees it |\n|---|---|---|---|---|\n");
  for (size_t n = 0; n < m->lessons.len; n++) {
    const struct lesson *l = &m->lessons.items[n];
    long first = row_named(m, l->cases.items[0]);
    int breaks = first >= 0 && m->breaks[first];
    char *rule = rule_of(cases_dir, l->cases.items[0]);
    buf_printf(&b, "| %zu | %s | ", n + 1, rule);
    buf_adds(&b, breaks ? "`" : "—");
    buf_adds(&b, breaks ? l->cases.items[0] : "");
    buf_adds(&b, breaks ? "` | " : " | ");
    for (size_t k = breaks ? 1 : 0; k < l->cases.len; k++)
      buf_printf(&b, "%s`%s`", k > (size_t)breaks ? ", " : "", l->cases.items[k]);
    if (l->cases.len == (size_t)breaks)
      buf_adds(&b, "—");
    buf_adds(&b, " | ");
    who_sees(m, breaks ? first : -1, l, &b);
    buf_adds(&b, " |\n");
    free(rule);
  }
  return b.data;
}
