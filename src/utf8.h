/* Where text a program printed is copied into JSON, XML or a terminal, each byte sequence
 * is either one valid UTF-8 character or something to escape. */
#ifndef RACECHECK_UTF8_H
#define RACECHECK_UTF8_H

#include <stddef.h>

/* The length of the valid UTF-8 character at s (1 to 4), or 0 for a byte that does not
 * start one: a stray continuation, an overlong form, a surrogate, past U+10FFFF, or cut. */
static inline size_t utf8_char_length(const unsigned char *s) {
  size_t n = s[0] < 0x80             ? 1
             : (s[0] & 0xe0) == 0xc0 ? 2
             : (s[0] & 0xf0) == 0xe0 ? 3
             : (s[0] & 0xf8) == 0xf0 ? 4
                                     : 0;
  if (n == 0 || (n == 2 && s[0] < 0xc2) || (n == 4 && s[0] > 0xf4))
    return 0;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xc0) != 0x80)
      return 0;
  if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
      (n == 4 && s[0] == 0xf0 && s[1] < 0x90) || (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))
    return 0;
  return n;
}

#endif
