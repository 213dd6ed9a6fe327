/* Stands for a machine where TSan cannot start at all, address randomization on or off: it
 * prints what the runtime prints there, and exits as the runtime does. racecheck must call
 * it an ENV error that names the fix, never a FAIL of the case. */
#include <stdio.h>

int main(void) {
  fputs("FATAL: ThreadSanitizer: unexpected memory mapping 0x5a3f3c4c7000-0x5a3f3c4cb000\n",
        stderr);
  return 66;
}
