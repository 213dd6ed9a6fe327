/* Stands for a machine where TSan cannot start: it prints what the runtime prints there,
 * and exits as the runtime does. racecheck must skip the case with the fix, not fail it. */
#include <stdio.h>

int main(void) {
  fputs("FATAL: ThreadSanitizer: unexpected memory mapping 0x5a3f3c4c7000-0x5a3f3c4cb000\n",
        stderr);
  return 66;
}
