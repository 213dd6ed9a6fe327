#include "expect.h"

#include "child.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char NUMBER[] = "{{n}}";

static int is_comment_or_blank(const char *line) {
  return line[0] == '#' || line[strspn(line, " \t")] == '\0';
}

/* Where a pattern opened at `open` ends: just past its "}}", or NULL if it is not one of
 * ours: {{n}}, or {{a|b|...}} with no empty choice and no brace inside. */
static const char *pattern_end(const char *open) {
  if (starts_with(open, NUMBER))
    return open + strlen(NUMBER);
  const char *close = strstr(open + 2, "}}");
  if (!close || close == open + 2 || !memchr(open + 2, '|', (size_t)(close - open - 2)))
    return NULL;
  for (const char *p = open + 2; p < close; p++)
    if (*p == '{' || *p == '}' || (*p == '|' && (p[-1] == '|' || p[-1] == '{' || p[1] == '}')))
      return NULL;
  return close + 2;
}

static int check_line(const char *line, int seen_finding, char **error, size_t number) {
  for (const char *open = strstr(line, "{{"); open; open = strstr(open, "{{")) {
    const char *end = pattern_end(open);
    if (!end) {
      *error = xasprintf("line %zu: unknown pattern '%.12s'; the patterns are {{n}}, a whole "
                         "number, and {{a|b}}, either word",
                         number, open);
      return -1;
    }
    open = end;
  }
  if (line[0] == ' ' && !seen_finding) {
    *error = xasprintf("line %zu: an indented line must follow a finding's first line", number);
    return -1;
  }
  return 0;
}

int expect_parse(const char *text, size_t len, struct expected *out, char **error) {
  *out = (struct expected){0};
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  int in_header = 1, seen_finding = 0, rc = 0;
  for (size_t i = 0; i < lines.len && rc == 0; i++) {
    char *line = lines.items[i];
    if (is_comment_or_blank(line)) {
      if (in_header)
        buf_printf(&out->header, "%s\n", line);
      continue;
    }
    in_header = 0;
    rc = check_line(line, seen_finding, error, i + 1);
    if (line[0] != ' ' && !starts_with(line, "stdout: ") && out->lines.len > 0)
      seen_finding = 1;
    strlist_push(&out->lines, xstrdup(line));
  }
  strlist_free(&lines);
  if (rc == 0 && out->lines.len == 0) {
    *error = xstrdup("holds no expectation (not even the exit line)");
    rc = -1;
  }
  if (rc != 0)
    expect_free(out);
  return rc;
}

int expect_load(const char *path, struct expected *out, char **error) {
  struct buf text = {0};
  *out = (struct expected){0};
  if (!read_file(path, &text)) {
    *error = xasprintf("%s: %s", path, strerror(errno));
    buf_free(&text);
    return -1;
  }
  int rc = expect_parse(text.data, text.len, out, error);
  buf_free(&text);
  if (rc != 0) {
    char *located = xasprintf("%s: %s", path, *error);
    free(*error);
    *error = located;
  }
  return rc;
}

void expect_free(struct expected *e) {
  strlist_free(&e->lines);
  buf_free(&e->header);
}

int line_matches(const char *pattern, const char *text) {
  const char *hole = strstr(pattern, "{{");
  const char *end = hole ? pattern_end(hole) : NULL;
  if (!end)
    return strcmp(pattern, text) == 0;
  size_t literal = (size_t)(hole - pattern);
  if (strncmp(pattern, text, literal) != 0)
    return 0;
  text += literal;
  if (starts_with(hole, NUMBER)) { /* one or more digits: try each length, longest first */
    if (*text == '-')
      text++;
    size_t digits = strspn(text, "0123456789");
    for (size_t n = digits; n > 0; n--)
      if (line_matches(end, text + n))
        return 1;
    return 0;
  }
  /* {{a|b}}: the text goes on with one of the choices, then with the rest of the pattern */
  for (const char *choice = hole + 2; choice < end - 2;) {
    const char *bar = memchr(choice, '|', (size_t)(end - 2 - choice));
    size_t len = (size_t)((bar ? bar : end - 2) - choice);
    if (strncmp(text, choice, len) == 0 && line_matches(end, text + len))
      return 1;
    choice += len + 1;
  }
  return 0;
}

int expect_match(const struct expected *e, const struct strlist *actual, struct strlist *seen) {
  int all = e->lines.len == actual->len;
  for (size_t i = 0; i < actual->len; i++) {
    int hit = i < e->lines.len && line_matches(e->lines.items[i], actual->items[i]);
    all = all && hit;
    strlist_push(seen, xstrdup(hit ? e->lines.items[i] : actual->items[i]));
  }
  return all;
}

char *expect_render(const struct buf *header, const struct strlist *actual) {
  struct buf out = {0};
  buf_adds(&out, buf_str(header));
  for (size_t i = 0; i < actual->len; i++)
    buf_printf(&out, "%s\n", actual->items[i]);
  return out.data ? out.data : xstrdup("");
}

/* Writes the lines to dir/name.suffix; returns the path, or NULL after saying why on out. */
static char *write_lines(FILE *out, const char *dir, const char *name, const char *suffix,
                         const struct strlist *lines) {
  char *path = xasprintf("%s/%s.%s", dir, name, suffix);
  char *text = expect_render(&(struct buf){0}, lines);
  int ok = write_file(path, text, strlen(text));
  if (!ok)
    fprintf(out, "racecheck: cannot write %s: %s\n", path, strerror(errno));
  free(text);
  if (ok)
    return path;
  free(path);
  return NULL;
}

int print_diff(FILE *out, const char *dir, const char *name, const char *old_label,
               const struct strlist *old_lines, const char *new_label,
               const struct strlist *new_lines) {
  if (!make_dirs(dir)) {
    fprintf(out, "racecheck: cannot create %s for a diff: %s\n", dir, strerror(errno));
    return -1;
  }
  char *old_path = write_lines(out, dir, name, "expected", old_lines);
  char *new_path = old_path ? write_lines(out, dir, name, "actual", new_lines) : NULL;
  int rc = -1;
  if (new_path) {
    char *argv[] = {"diff",   "-u",     "--label", (char *)old_label, "--label", (char *)new_label,
                    old_path, new_path, NULL};
    static char *envp[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", NULL};
    struct child diff = {
        .argv = argv, .search_path = 1, .envp = envp, .timeout_s = 30, .keep_bytes = 1 << 20};
    if (child_run(&diff) != 0)
      fprintf(out, "racecheck: cannot run diff: %s\n", strerror(diff.start_errno));
    fputs(buf_str(&diff.out), out);
    fputs(buf_str(&diff.err), out);
    /* diff says 0 for the same, 1 for different, 2 for trouble */
    rc = diff.end == CHILD_EXITED && diff.status < 2 ? 0 : -1;
    child_free(&diff);
  }
  free(old_path);
  free(new_path);
  return rc;
}
