/* Never ends and never blocks: racecheck must call it a timeout, not a deadlock, and say
 * that main is running at the line marked SPIN.
 * Options: --timeout 1 */
#include <stdatomic.h>

atomic_int stop; /* visible outside, so the compiler keeps the loop */

static void spin(void) {
  while (!atomic_load_explicit(&stop, memory_order_relaxed)) /* SPIN */
    ;
}

int main(void) {
  spin();
  return 0;
}
