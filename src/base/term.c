#include "term.h"

#include "text.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* How many bytes at s make one character to show as it is, or 0 for a byte to escape. */
static size_t shown_as_is(const unsigned char *s, size_t len, int keep_newline) {
  if (s[0] == '\t' || (s[0] == '\n' && keep_newline))
    return 1;
  if (s[0] < 0x20 || s[0] == 0x7f || (s[0] == 0xc2 && len > 1 && s[1] < 0xa0))
    return 0;
  return utf8_char_length(s, len);
}

/* Where escaped text goes: a file, or else a buffer. */
struct sink {
  FILE *file;
  struct buf *buf;
};

static void put(const struct sink *out, const char *data, size_t len) {
  if (out->file)
    fwrite(data, 1, len, out->file);
  else
    buf_add(out->buf, data, len);
}

static void escape(const struct sink *out, const char *text, size_t len, int keep_newline) {
  const unsigned char *s = (const unsigned char *)text;
  size_t as_is = 0; /* where the run of bytes shown as they are began */
  for (size_t i = 0; i < len;) {
    size_t n = shown_as_is(s + i, len - i, keep_newline);
    if (n > 0) {
      i += n;
      continue;
    }
    char hex[5];
    snprintf(hex, sizeof hex, "\\x%02x", s[i]);
    put(out, text + as_is, i - as_is);
    put(out, hex, 4);
    as_is = ++i;
  }
  put(out, text + as_is, len - as_is);
}

void term_write(FILE *f, const char *text, size_t len) {
  escape(&(struct sink){.file = f}, text, len, 1);
}

char *term_escape(const char *text, size_t len) {
  struct buf out = {0};
  escape(&(struct sink){.buf = &out}, text, len, 0);
  return out.data ? out.data : xstrdup("");
}

char *shell_quote(const char *word) {
  char *shown = term_escape(word, strlen(word));
  struct buf quoted = {0};
  buf_adds(&quoted, "'");
  for (const char *p = shown; *p; p++)
    buf_adds(&quoted, *p == '\'' ? "'\\''" : (char[]){*p, '\0'});
  buf_adds(&quoted, "'");
  free(shown);
  return quoted.data;
}

char *shell_word(const char *word) {
  static const char PLAIN[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                              "_-./:=,+@%";
  size_t len = strlen(word);
  return len && strspn(word, PLAIN) == len ? xstrdup(word) : shell_quote(word);
}
