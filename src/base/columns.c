#include "columns.h"

#include <string.h>

/* The length of the colour escape at s ("\033[...m"), or 0. */
static size_t escape_length(const char *s) {
  if (s[0] != '\033' || s[1] != '[')
    return 0;
  size_t n = 2 + strspn(s + 2, "0123456789;");
  return s[n] == 'm' ? n + 1 : 0;
}

static int starts_character(unsigned char c) {
  return (c & 0xc0) != 0x80;
}

size_t display_width(const char *text) {
  size_t width = 0;
  for (const char *p = text; *p;) {
    size_t skip = escape_length(p);
    if (skip) {
      p += skip;
      continue;
    }
    width += starts_character((unsigned char)*p);
    p++;
  }
  return width;
}

/* How many bytes of text fit in `columns` columns, without breaking a character. */
static size_t bytes_within(const char *text, size_t columns) {
  size_t width = 0, i = 0;
  while (text[i]) {
    size_t skip = escape_length(text + i);
    if (skip) {
      i += skip;
      continue;
    }
    if (width == columns)
      break;
    width++;
    for (i++; text[i] && !starts_character((unsigned char)text[i]); i++)
      ;
  }
  return i;
}

void print_cut(FILE *out, const char *indent, const char *text) {
  size_t room = TERMINAL_COLUMNS - display_width(indent);
  if (display_width(text) <= room) {
    fprintf(out, "%s%s\n", indent, text);
    return;
  }
  fprintf(out, "%s%.*s...\n", indent, (int)bytes_within(text, room - 3), text);
}

void print_wrapped_columns(FILE *out, const char *first, const char *rest, const char *text) {
  const char *lead = first;
  text += strspn(text, " ");
  do {
    size_t room = TERMINAL_COLUMNS - display_width(lead);
    size_t len = bytes_within(text, room);
    if (text[len]) {
      size_t cut = len;
      while (cut > 0 && text[cut] != ' ')
        cut--;
      len = cut > 0 ? cut : len; /* a word longer than the line is broken */
    }
    fprintf(out, "%s%.*s\n", lead, (int)len, text);
    text += len;
    text += strspn(text, " ");
    lead = rest;
  } while (*text);
}
