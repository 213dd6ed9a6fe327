/* Where text a program printed is copied into JSON, XML or a terminal, each byte sequence
 * is either one valid UTF-8 character or something to escape. */
#ifndef RACECHECK_UTF8_H
#define RACECHECK_UTF8_H

#include <stddef.h>

/* How long the valid UTF-8 character at s is, within len bytes (Unicode's table of
 * well-formed byte sequences: no overlong form, no surrogate, nothing past U+10FFFF), or 0
 * for a byte that does not start one. */
static inline size_t utf8_char_length(const unsigned char *s, size_t len) {
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

#endif
