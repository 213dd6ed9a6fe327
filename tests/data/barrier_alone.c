/* Waits at a barrier for two threads with only one: a wait the lock ledger does not
 * announce, so racecheck falls back to sampling and asks gdb where main waits (WAIT). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

static pthread_barrier_t both_ready;

int main(void) {
  pthread_barrier_init(&both_ready, NULL, 2);
  pthread_barrier_wait(&both_ready); /* WAIT */
  return 0;
}
