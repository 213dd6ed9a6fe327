/* Rule: a signal handler may only do what is async-signal-safe: set a flag, call write().
 * On SIGUSR1 the handler formats a message in memory it allocates. The signal can come
 * while the program is inside malloc itself, holding the allocator's lock: malloc called
 * again from the handler can then deadlock or corrupt the heap. TSan reports the call.
 * Twin: signal_safe_fixed.c (the handler only sets a flag; main does the rest). */
#define _POSIX_C_SOURCE 200809L /* for sigaction and kill */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_usr1(int signal_number) {
  char *message = malloc(32); /* BUG: malloc is not async-signal-safe */
  snprintf(message, 32, "got signal %d\n", signal_number);
  write(STDOUT_FILENO, message, strlen(message));
  free(message);
}

int main(void) {
  struct sigaction on_signal = {.sa_handler = on_usr1};
  sigaction(SIGUSR1, &on_signal, NULL);
  kill(getpid(), SIGUSR1);
  printf("main: done\n");
  return 0;
}
