#include "tsan_parse.h"

#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char RULE[] = "==================";
static const char WARNING[] = "WARNING: ThreadSanitizer: ";
/* A deadly signal's report, in the sanitizers' common format: "==PID==ERROR: ThreadSanitizer:
 * SEGV on unknown address 0x0 (pc ...)", notes and frames, then "==PID==ABORTING". */
static const char DEADLY[] = "ERROR: ThreadSanitizer: ";
static const char ABORTING[] = "ABORTING";

static int all_digits(const char *s, size_t n) {
  if (n == 0)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i]))
      return 0;
  return 1;
}

/* Cuts a trailing " (something)" group that contains must_contain; returns the new length. */
static size_t cut_trailing_group(const char *s, size_t len, const char *must_contain) {
  if (len < 3 || s[len - 1] != ')')
    return len;
  for (size_t i = len - 1; i > 0; i--)
    if (s[i] == '(' && s[i - 1] == ' ')
      return memmem(s + i, len - i, must_contain, strlen(must_contain)) ? i - 1 : len;
  return len;
}

static void parse_location(const char *loc, size_t n, struct raw_frame *out) {
  if (n == 6 && strncmp(loc, "<null>", 6) == 0)
    return;
  /* file[:line[:col]]: numbers are peeled off from the right */
  size_t end = n;
  int numbers[2] = {0, 0};
  int count = 0;
  while (count < 2) {
    const char *colon = NULL;
    for (size_t i = end; i > 0; i--)
      if (loc[i - 1] == ':') {
        colon = loc + i - 1;
        break;
      }
    if (!colon || !all_digits(colon + 1, (size_t)(loc + end - colon - 1)))
      break;
    numbers[count++] = atoi(colon + 1);
    end = (size_t)(colon - loc);
  }
  out->file = xstrndup(loc, end);
  out->line = count == 2 ? numbers[1] : numbers[0];
}

static int ends_with_null(const char *text, size_t len) {
  return len >= 7 && strncmp(text + len - 7, " <null>", 7) == 0;
}

void tsan_parse_frame(const char *text, struct raw_frame *out) {
  *out = (struct raw_frame){0};
  size_t len = strlen(text);
  len = cut_trailing_group(text, len, "BuildId: ");
  size_t without_module = cut_trailing_group(text, len, "+0x");
  if (without_module != len) {
    const char *open = text + without_module + 2;
    const char *plus = strstr(open, "+0x");
    out->module = xstrndup(open, (size_t)(plus - open));
    len = without_module;
  }
  while (len > 0 && text[len - 1] == ' ')
    len--;
  /* "func location": an absolute location may hold spaces, so it starts at the first " /";
   * otherwise it is the last word */
  size_t space = len;
  while (space > 0 && text[space - 1] != ' ')
    space--;
  const char *absolute = strstr(text, " /");
  if (absolute && (size_t)(absolute - text) < len && !ends_with_null(text, len))
    space = (size_t)(absolute - text) + 1;
  if (space == 0) { /* a lone token: a function with no location */
    out->func = len ? xstrndup(text, len) : NULL;
    return;
  }
  parse_location(text + space, len - space, out);
  size_t func_len = space - 1;
  if (func_len && !(func_len == 6 && strncmp(text, "<null>", 6) == 0))
    out->func = xstrndup(text, func_len);
}

static const char *skip_spaces(const char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

/* "#12 rest" -> "rest"; NULL if the line is not a frame. */
static const char *frame_text(const char *line) {
  const char *p = skip_spaces(line);
  if (*p != '#' || !isdigit((unsigned char)p[1]))
    return NULL;
  p++;
  while (isdigit((unsigned char)*p))
    p++;
  return skip_spaces(p);
}

static char *report_kind(const char *line) {
  const char *kind = strstr(line, WARNING) + strlen(WARNING);
  const char *pid = strstr(kind, " (pid=");
  return pid ? xstrndup(kind, (size_t)(pid - kind)) : xstrdup(kind);
}

/* "SEGV on unknown address 0x000 (pc 0x... bp ...)" -> "SEGV on unknown address" */
static char *deadly_kind(const char *line) {
  const char *kind = strstr(line, DEADLY) + strlen(DEADLY);
  size_t len = strcspn(kind, "(");
  const char *address = strstr(kind, " 0x");
  if (address && (size_t)(address - kind) < len)
    len = (size_t)(address - kind);
  while (len && kind[len - 1] == ' ')
    len--;
  return xstrndup(kind, len);
}

/* "==1234==rest" -> "rest"; other lines as they are. */
static const char *without_pid(const char *line) {
  if (!starts_with(line, "=="))
    return line;
  const char *end = strstr(line + 2, "==");
  return end ? end + 2 : line;
}

/* "rax = 0x0000000000000000   rbx = 0x...": newer runtimes dump a crash's registers. */
static int is_register_dump(const char *p) {
  size_t name = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
  return name > 0 && name <= 5 && starts_with(p + name + strspn(p + name, " "), "= 0x");
}

static void parse_report_line(struct raw_report *r, const char *line) {
  if (!r->deadly && line[0] != ' ')
    return; /* TSan indents its report: this is the program's own output, interleaved */
  const char *frame = frame_text(line);
  if (frame) {
    raw_report_add_frame(r, frame, tsan_parse_frame);
    return;
  }
  const char *p = skip_spaces(without_pid(line));
  if (*p == '\0' || starts_with(p, "SUMMARY: ThreadSanitizer") ||
      starts_with(p, "ThreadSanitizer can not provide additional info") ||
      starts_with(p, "Register values") || is_register_dump(p))
    return;
  raw_report_add_section(r, p);
  if (line != without_pid(line))
    raw_report_add_section(r, ""); /* a "==PID==" note has no frames: those below are the crash's */
}

void tsan_parse(const char *text, size_t len, struct raw_reports *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  struct raw_report *current = NULL;
  for (size_t i = 0; i < lines.len; i++) {
    const char *line = lines.items[i];
    if (strstr(line, WARNING)) {
      current = raw_reports_add(out, report_kind(line));
    } else if (strstr(line, DEADLY)) {
      current = raw_reports_add(out, deadly_kind(line));
      current->deadly = 1;
    } else if (current && (strstr(line, RULE) || (current->deadly && strstr(line, ABORTING)))) {
      current = NULL;
    } else if (current) {
      parse_report_line(current, line);
    }
  }
  out->unterminated = current != NULL;
  strlist_free(&lines);
}
