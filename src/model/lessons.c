#include "lessons.h"

#include "array.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* "bank_racy bank_mutex: data_race"; returns 0, or -1 with *error set. */
static int read_lesson(const char *line, size_t number, struct lesson *out, char **error) {
  const char *colon = strchr(line, ':');
  char *names = xstrndup(line, colon ? (size_t)(colon - line) : strlen(line));
  split_words(names, " \t", &out->cases);
  free(names);
  struct strlist kinds = {0};
  if (colon)
    split_words(colon + 1, " \t", &kinds);
  int rc = 0;
  for (size_t i = 0; i < kinds.len && rc == 0; i++) {
    int kind = report_kind_named(kinds.items[i]);
    if (kind < 0) {
      *error = xasprintf("lessons.txt:%zu: %s is not a kind of finding", number, kinds.items[i]);
      rc = -1;
    } else {
      out->about[kind] = 1;
    }
  }
  strlist_free(&kinds);
  return rc;
}

/* "schedule: A:balance B:balance": the steps of the lesson above. */
static int set_schedule(struct lessons *l, const char *steps, size_t number, char **error) {
  struct lesson *last = l->len ? &l->items[l->len - 1] : NULL;
  if (!last || last->schedule) {
    *error = xasprintf("lessons.txt:%zu: a schedule follows the line of its lesson, once", number);
    return -1;
  }
  last->schedule = xstrdup(steps + strspn(steps, " \t"));
  return 0;
}

int lessons_read(const char *cases_dir, struct lessons *out, char **error) {
  *out = (struct lessons){0};
  char *path = xasprintf("%s/lessons.txt", cases_dir);
  struct buf text = {0};
  int rc = 0;
  if (!read_file(path, &text)) {
    *error = xasprintf("cannot read %s: %s", path, strerror(errno));
    rc = -1;
  }
  struct strlist lines = {0};
  split_lines(buf_str(&text), text.len, &lines);
  for (size_t i = 0; i < lines.len && rc == 0; i++) {
    const char *line = lines.items[i] + strspn(lines.items[i], " \t");
    if (*line == '#' || *line == '\0')
      continue;
    if (starts_with(line, "schedule:")) {
      rc = set_schedule(out, line + strlen("schedule:"), i + 1, error);
      continue;
    }
    struct lesson *l = ARRAY_PUSH(out->items, out->len);
    rc = read_lesson(line, i + 1, l, error);
  }
  if (rc != 0)
    lessons_free(out);
  strlist_free(&lines);
  buf_free(&text);
  free(path);
  return rc;
}

const struct lesson *lesson_of(const struct lessons *l, const char *name) {
  for (size_t i = 0; i < l->len; i++)
    for (size_t j = 0; j < l->items[i].cases.len; j++)
      if (strcmp(l->items[i].cases.items[j], name) == 0)
        return &l->items[i];
  return NULL;
}

char *lesson_schedule(const char *cases_dir, const char *name) {
  struct lessons l;
  char *error = NULL;
  if (lessons_read(cases_dir, &l, &error) != 0) {
    free(error);
    return NULL;
  }
  const struct lesson *lesson = lesson_of(&l, name);
  char *schedule = lesson && lesson->schedule ? xstrdup(lesson->schedule) : NULL;
  lessons_free(&l);
  return schedule;
}

void lessons_free(struct lessons *l) {
  for (size_t i = 0; i < l->len; i++) {
    strlist_free(&l->items[i].cases);
    free(l->items[i].schedule);
  }
  free(l->items);
  *l = (struct lessons){0};
}
