/* Stands for a machine where TSan starts only with address randomization off: with it on,
 * this prints what the runtime prints there and exits as the runtime does; with it off, it
 * runs as counter_mutex would. racecheck must re-run it that way, and say so. */
#include <stdio.h>
#include <sys/personality.h>

int main(void) {
  if (!(personality(0xffffffff) & ADDR_NO_RANDOMIZE)) {
    fputs("FATAL: ThreadSanitizer: unexpected memory mapping 0x5a3f3c4c7000-0x5a3f3c4cb000\n",
          stderr);
    return 66;
  }
  puts("counter = 1000");
  return 0;
}
