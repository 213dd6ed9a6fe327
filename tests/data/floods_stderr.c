/* Writes 200 MB to stderr, then exits 0: racecheck must keep its memory bounded, keep a
 * truncated log, say that it cut the output, and still give the verdict. */
#include <stdio.h>
#include <string.h>

int main(void) {
  static char line[1024];
  memset(line, 'x', sizeof line - 1);
  line[sizeof line - 2] = '\n';
  for (int i = 0; i < 200 * 1024; i++)
    fputs(line, stderr);
  return 0;
}
