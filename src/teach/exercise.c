#include "exercise.h"

#include "case_info.h"
#include "expect.h"
#include "lessons.h"
#include "schedule.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_count(const char *value, long *out) {
  char *end;
  *out = strtol(value, &end, 10);
  return *value && !*end && *out >= 0 && *out < 100000 ? 0 : -1;
}

/* One "key: value" line of an exercise's file. */
static int read_field(struct exercise *e, const char *key, const char *value) {
  if (strcmp(key, "task") == 0 && !e->task)
    e->task = xstrdup(value);
  else if (strcmp(key, "twin") == 0)
    free(e->twin), e->twin = xstrdup(value); /* over the lesson line's */
  else if (strcmp(key, "hint") == 0)
    strlist_push(&e->hints, xstrdup(value));
  else if (strcmp(key, "unforced") == 0)
    strlist_push(&e->unforced_output, xasprintf("stdout: %s", value));
  else if (strcmp(key, "threads") == 0)
    return read_count(value, &e->threads);
  else if (strcmp(key, "lockers") == 0)
    return read_count(value, &e->lockers);
  else if (strcmp(key, "joins") == 0 && strcmp(value, "forbidden") == 0)
    e->joins_forbidden = 1;
  else if (strcmp(key, "vet") == 0 && strcmp(value, "copies") == 0)
    e->vet_copies = 1;
  else if (strcmp(key, "vet") == 0 && strcmp(value, "unlocks") == 0)
    e->vet_unlocks = 1;
  else if (strcmp(key, "shared") == 0)
    split_words(value, " ", &e->shared);
  else
    return -1;
  return 0;
}

static int read_data(const char *path, struct exercise *e, char **error) {
  struct buf text = {0};
  if (!read_file(path, &text)) {
    *error = xasprintf("cannot read %s: %s", path, strerror(errno));
    buf_free(&text);
    return -1;
  }
  struct strlist lines = {0};
  split_lines(buf_str(&text), text.len, &lines);
  buf_free(&text);
  int rc = 0;
  for (size_t i = 0; i < lines.len && rc == 0; i++) {
    char *line = lines.items[i];
    if (line[0] == '#' || line[0] == '\0')
      continue;
    char *colon = strchr(line, ':');
    if (colon)
      *colon = '\0';
    if (!colon || read_field(e, line, colon + 1 + strspn(colon + 1, " ")) != 0) {
      *error = xasprintf("%s:%zu: not a line of an exercise (task:, twin:, threads:, lockers:, "
                         "joins: forbidden, vet: copies, vet: unlocks, hint:, unforced:)",
                         path, i + 1);
      rc = -1;
    }
  }
  strlist_free(&lines);
  if (rc == 0 && (!e->task || !e->twin)) {
    *error = xasprintf("%s: an exercise needs a task: line and a twin", path);
    rc = -1;
  }
  return rc;
}

/* The rule, from the case's header: its "Rule:" line, without the word. */
static char *rule_of(const char *source) {
  struct case_info info = {0};
  const char *rule = case_info_read(source, &info) == 0 ? case_info_rule(&info) : NULL;
  char *out = xstrdup(rule ? rule : "");
  case_info_free(&info);
  return out;
}

/* The twin's stdout lines, from its expected file: what a fix must print. */
static int output_of(const struct options *o, struct exercise *e, char **error) {
  char *path = xasprintf("%s/%s.txt", o->expected_dir, e->twin);
  struct expected expected = {0};
  char *why = NULL;
  int rc = expect_load(path, &expected, &why);
  if (rc != 0)
    *error = xasprintf("%s: %s", path, why ? why : strerror(errno));
  for (size_t i = 0; rc == 0 && i < expected.lines.len; i++)
    if (starts_with(expected.lines.items[i], "stdout: "))
      strlist_push(&e->output, xstrdup(expected.lines.items[i]));
  expect_free(&expected);
  free(why), free(path);
  return rc;
}

/* The globals the lesson's races are on ("data race on global 'counter'"), from its
 * breaking case's expected file, and those its schedule names. */
static void shared_of(const struct options *o, const struct lesson *l, struct exercise *e) {
  static const char RACE_ON[] = "data race on global '";
  if (l->schedule)
    schedule_variable_names(l->schedule, &e->shared);
  char *path = xasprintf("%s/%s.txt", o->expected_dir, e->name);
  struct expected expected = {0};
  char *why = NULL;
  int loaded = expect_load(path, &expected, &why) == 0;
  for (size_t i = 0; loaded && i < expected.lines.len; i++) {
    const char *at = strstr(expected.lines.items[i], RACE_ON);
    size_t len = at ? strcspn(at + strlen(RACE_ON), "'") : 0;
    char *name = len ? xstrndup(at + strlen(RACE_ON), len) : NULL;
    int known = 0;
    for (size_t k = 0; name && k < e->shared.len; k++)
      known |= strcmp(e->shared.items[k], name) == 0;
    if (name && !known)
      strlist_push(&e->shared, name);
    else
      free(name);
  }
  expect_free(&expected);
  free(why), free(path);
}

static int exercise_make(const struct options *o, const struct lesson *l, int number,
                         const char *data, struct exercise *out, char **error) {
  *out = (struct exercise){.number = number, .name = xstrdup(l->cases.items[0])};
  if (l->cases.len > 1)
    out->twin = xstrdup(l->cases.items[1]);
  int rc = read_data(data, out, error);
  if (rc == 0)
    rc = output_of(o, out, error);
  if (rc == 0)
    shared_of(o, l, out);
  char *source = xasprintf("%s/%s.c", o->cases_dir, out->name);
  out->rule = rule_of(source);
  free(source);
  if (rc != 0)
    exercise_free(out);
  return rc;
}

static char *data_path(const struct options *o, const char *name) {
  return xasprintf("%s/%s.txt", o->exercise_data_dir, name);
}

int exercise_list(const struct options *o, struct exercise **out, size_t *n, char **error) {
  *out = NULL, *n = 0;
  struct lessons lessons;
  if (lessons_read(o->cases_dir, &lessons, error) != 0)
    return -1;
  int rc = 0;
  for (size_t i = 0; i < lessons.len && rc == 0; i++) {
    char *data = data_path(o, lessons.items[i].cases.items[0]);
    if (access(data, F_OK) == 0) {
      *out = xrealloc(*out, (*n + 1) * sizeof **out);
      rc = exercise_make(o, &lessons.items[i], (int)i + 1, data, &(*out)[*n], error);
      *n += rc == 0;
    }
    free(data);
  }
  lessons_free(&lessons);
  if (rc != 0)
    exercises_free(*out, *n), *out = NULL, *n = 0;
  return rc;
}

static int named(const struct exercise *e, const char *lesson) {
  char *end;
  long number = strtol(lesson, &end, 10);
  return *lesson && !*end ? number == e->number : strcmp(lesson, e->name) == 0;
}

int exercise_find(const struct options *o, const char *lesson, struct exercise *out, char **error) {
  struct exercise *all;
  size_t n;
  if (exercise_list(o, &all, &n, error) != 0)
    return -1;
  size_t found = n;
  for (size_t i = 0; i < n && found == n; i++)
    if (named(&all[i], lesson))
      found = i;
  if (found < n) {
    *out = all[found];
    all[found] = (struct exercise){0};
  } else {
    struct buf list = {0};
    for (size_t i = 0; i < n; i++)
      buf_printf(&list, "\n  %2d  %s", all[i].number, all[i].name);
    *error = xasprintf("%s is no exercise; the exercises are (lesson number, name):%s", lesson,
                       buf_str(&list));
    buf_free(&list);
  }
  exercises_free(all, n);
  return found < n ? 0 : -1;
}

void exercise_free(struct exercise *e) {
  free(e->name), free(e->twin), free(e->rule), free(e->task);
  strlist_free(&e->hints);
  strlist_free(&e->output);
  strlist_free(&e->unforced_output);
  strlist_free(&e->shared);
  *e = (struct exercise){0};
}

void exercises_free(struct exercise *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    exercise_free(&list[i]);
  free(list);
}

char *exercise_folder(const struct options *o, const struct exercise *e) {
  return xasprintf("%s/%s", o->exercises_dir, e->name);
}

char *exercise_source(const struct options *o, const struct exercise *e) {
  return xasprintf("%s/%s/%s.c", o->exercises_dir, e->name, e->name);
}
