#include "html.h"

#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *entity(char c) {
  switch (c) {
  case '<':
    return "&lt;";
  case '>':
    return "&gt;";
  case '&':
    return "&amp;";
  case '"':
    return "&quot;";
  case '\'':
    return "&#39;";
  default:
    return NULL;
  }
}

void html_addn(struct buf *b, const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  for (size_t i = 0; i < len;) {
    size_t n = utf8_char_length(s + i, len - i);
    const char *e = entity((char)s[i]);
    if (n == 0)
      buf_adds(b, "\xef\xbf\xbd"), n = 1; /* U+FFFD */
    else if (e)
      buf_adds(b, e);
    else if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') || s[i] == 0x7f)
      buf_printf(b, "\\x%02X", s[i]);
    else
      buf_add(b, text + i, n);
    i += n;
  }
}

void html_add(struct buf *b, const char *text) {
  html_addn(b, text, strlen(text));
}

void html_printf(struct buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *text = NULL;
  int len = vasprintf(&text, fmt, ap);
  va_end(ap);
  if (len < 0) {
    fputs("racecheck: out of memory\n", stderr);
    abort();
  }
  html_addn(b, text, (size_t)len);
  free(text);
}
