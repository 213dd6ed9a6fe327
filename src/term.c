#include "term.h"

#include "text.h"

/* How long the valid UTF-8 sequence at s is (Unicode's table of well-formed byte sequences:
 * no overlong form, no surrogate, nothing past U+10FFFF), or 0. */
static size_t utf8_length(const unsigned char *s, size_t len) {
  unsigned char lo = 0x80, hi = 0xbf; /* the range of the second byte */
  size_t n;
  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xc2 && s[0] <= 0xdf) {
    n = 2;
  } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
    n = 3;
    lo = s[0] == 0xe0 ? 0xa0 : lo; /* below: overlong */
    hi = s[0] == 0xed ? 0x9f : hi; /* above: a surrogate */
  } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
    n = 4;
    lo = s[0] == 0xf0 ? 0x90 : lo; /* below: overlong */
    hi = s[0] == 0xf4 ? 0x8f : hi; /* above: past U+10FFFF */
  } else {
    return 0;
  }
  if (len < n || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if (s[i] < 0x80 || s[i] > 0xbf)
      return 0;
  return n;
}

/* How many bytes at s make one character to show as it is, or 0 for a byte to escape. */
static size_t shown_as_is(const unsigned char *s, size_t len, int keep_newline) {
  if (s[0] == '\t' || (s[0] == '\n' && keep_newline))
    return 1;
  if (s[0] < 0x20 || s[0] == 0x7f || (s[0] == 0xc2 && len > 1 && s[1] < 0xa0))
    return 0;
  return utf8_length(s, len);
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
