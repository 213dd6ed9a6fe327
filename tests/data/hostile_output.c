/* Prints what a program must not be able to smuggle into racecheck's JSON, XML or terminal
 * output: an escape sequence that sets the window title, markup, a lone invalid byte, a
 * truncated UTF-8 sequence; and valid UTF-8, which must come through unchanged. */
#include <stdio.h>

int main(void) {
  printf("title \033]0;pwned\007 clear \033[2J\n");
  printf("</system-out><script>alert(1)</script> & \"quoted\"\n");
  printf("invalid \xff byte, cut \xe4\xb8 sequence\n");
  printf("caf\xc3\xa9 \xe4\xb8\xad\n");
  return 0;
}
