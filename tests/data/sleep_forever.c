/* Sleeps, an hour at a time, forever: every wait has a deadline, so this is a timeout, not a
 * deadlock, and main is sleeping at the line marked SLEEP. An hour, so that the test's
 * 1 s deadline never meets the moment a sleep ends.
 * Options: --timeout 1 */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

int main(void) {
  for (;;)
    sleep(3600); /* SLEEP */
}
