#include "case_info.h"

#include "array.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char DETECTOR[] = "Detector:";
static const char OPTIONS[] = "Options:";

/* One line of the header comment, without its comment marks and spaces. */
static char *comment_text(const char *line, int *last) {
  const char *text = line + 2;
  size_t len = strlen(text);
  *last = ends_with(text, "*/");
  if (*last)
    len -= 2;
  while (len && text[len - 1] == ' ')
    len--;
  if (len && text[0] == ' ')
    text++, len--;
  return xstrndup(text, len);
}

/* The words after "Options:", which can only be "--timeout S" for now; 0 if they are. */
static int read_options(const char *text, struct case_info *out) {
  struct strlist words = {0};
  split_words(text, " \t", &words);
  int ok = words.len == 2 && strcmp(words.items[0], "--timeout") == 0;
  if (ok) {
    char *end;
    out->timeout_s = strtod(words.items[1], &end);
    ok = !*end && out->timeout_s > 0 && isfinite(out->timeout_s);
  }
  strlist_free(&words);
  return ok ? 0 : -1;
}

int case_info_read(const char *source_path, struct case_info *out) {
  *out = (struct case_info){0};
  struct buf source = {0};
  if (!read_file(source_path, &source)) {
    buf_free(&source);
    return -1;
  }
  struct strlist lines = {0};
  split_lines(source.data, source.len, &lines);
  buf_free(&source);
  int bad_options = 0;
  for (size_t i = 0; i < lines.len && starts_with(lines.items[i], i ? " *" : "/*"); i++) {
    int last;
    char *text = comment_text(lines.items[i], &last);
    if (starts_with(text, DETECTOR))
      split_words(text + strlen(DETECTOR), " \t", &out->detector);
    if (starts_with(text, OPTIONS) && read_options(text + strlen(OPTIONS), out) != 0)
      bad_options = 1;
    if (*text)
      strlist_push(&out->header, text);
    else
      free(text);
    if (last)
      break;
  }
  for (size_t i = 0; i < lines.len; i++)
    if (strstr(lines.items[i], "/* BUG"))
      *ARRAY_PUSH(out->bug_lines, out->nbug_lines) = (int)i + 1;
  strlist_free(&lines);
  if (bad_options) {
    case_info_free(out);
    errno = EINVAL;
    return -1;
  }
  return 0;
}

void case_info_free(struct case_info *info) {
  strlist_free(&info->header);
  strlist_free(&info->detector);
  free(info->bug_lines);
  *info = (struct case_info){0};
}

int case_runs_under_valgrind(const struct case_info *info) {
  return info->detector.len && strcmp(path_basename(info->detector.items[0]), "valgrind") == 0;
}

int list_cases(const char *cases_dir, struct strlist *out) {
  DIR *dir = opendir(cases_dir);
  if (!dir)
    return -1;
  for (struct dirent *e; (e = readdir(dir));)
    if (e->d_name[0] != '.' && ends_with(e->d_name, ".c"))
      strlist_push(out, xstrndup(e->d_name, strlen(e->d_name) - 2));
  closedir(dir);
  strlist_sort(out);
  return 0;
}

const char *case_info_rule(const struct case_info *info) {
  for (size_t i = 0; i < info->header.len; i++)
    if (starts_with(info->header.items[i], "Rule: "))
      return info->header.items[i] + strlen("Rule: ");
  return NULL;
}
