/* Sleeps, a second at a time, forever: every wait has a deadline, so this is a timeout,
 * not a deadlock, and main is sleeping at the line marked SLEEP. */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

int main(void) {
  for (;;)
    sleep(1); /* SLEEP */
}
