#include "valgrind_parse.h"

#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "==1234== rest" -> "rest"; NULL for lines that are not valgrind's report stream. */
static const char *report_text(const char *line) {
  if (!starts_with(line, "=="))
    return NULL;
  const char *p = line + 2;
  if (!isdigit((unsigned char)*p))
    return NULL;
  while (isdigit((unsigned char)*p))
    p++;
  if (!starts_with(p, "=="))
    return NULL;
  p += 2;
  return *p == ' ' ? p + 1 : p;
}

static int is_summary(const char *text) {
  return starts_with(text, "ERROR SUMMARY:") || starts_with(text, "For lists of detected") ||
         starts_with(text, "For counts of detected") || starts_with(text, "Use --history-level");
}

void valgrind_parse_frame(const char *text, struct raw_frame *out) {
  *out = (struct raw_frame){0};
  const char *colon = strstr(text, ": ");
  const char *name = colon ? colon + 2 : text;
  const char *open = strrchr(name, '(');
  size_t name_len = open && open > name ? (size_t)(open - name - 1) : strlen(name);
  if (!(name_len == 3 && strncmp(name, "???", 3) == 0))
    out->func = xstrndup(name, name_len);
  if (!open)
    return;
  const char *close = strchr(open, ')');
  char *inside = xstrndup(open + 1, close ? (size_t)(close - open - 1) : strlen(open + 1));
  if (starts_with(inside, "in ")) {
    out->module = xstrdup(path_basename(inside + 3));
  } else {
    char *colon_in = strrchr(inside, ':');
    if (colon_in) {
      *colon_in = '\0';
      out->line = atoi(colon_in + 1);
    }
    out->file = xstrdup(inside);
  }
  free(inside);
}

void valgrind_parse(const char *text, size_t len, struct raw_reports *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  struct raw_report *current = NULL;
  int in_banner = 1;
  for (size_t i = 0; i < lines.len; i++) {
    const char *t = report_text(lines.items[i]);
    if (!t)
      continue;
    const char *content = t + strspn(t, " ");
    if (*content == '\0') {
      in_banner = 0; /* the banner ends at the first blank line */
      current = NULL;
    } else if (in_banner || is_summary(content)) {
      continue;
    } else if (t[0] == ' ' && (starts_with(content, "at 0x") || starts_with(content, "by 0x"))) {
      raw_report_add_frame(current ? current : (current = raw_reports_add(out, xstrdup(""))),
                           content, valgrind_parse_frame);
    } else {
      raw_report_add_section(current ? current : (current = raw_reports_add(out, xstrdup(""))),
                             content);
    }
  }
  strlist_free(&lines);
}
