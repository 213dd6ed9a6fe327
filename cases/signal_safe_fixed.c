/* Rule: a signal handler may only do what is async-signal-safe: set a flag, call write().
 * On SIGUSR1 the handler only notes the signal in a volatile sig_atomic_t; main sees the
 * note and formats the message itself, outside the handler.
 * Twin: signal_unsafe_buggy.c (the handler calls malloc). */
#define _POSIX_C_SOURCE 200809L /* for sigaction and kill */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1; /* FIX: all the handler touches */

static void on_usr1(int signal_number) {
  got_usr1 = signal_number; /* FIX: async-signal-safe */
}

int main(void) {
  struct sigaction on_signal = {.sa_handler = on_usr1};
  sigaction(SIGUSR1, &on_signal, NULL);
  kill(getpid(), SIGUSR1);
  if (got_usr1)
    printf("got signal %d\n", (int)got_usr1);
  printf("main: done\n");
  return 0;
}
