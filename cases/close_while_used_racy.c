/* Rule: do not close or free what another thread may still use; join it first.
 * A logger thread writes a line to a pipe; main reads the line, then closes the pipe's
 * write end, while the logger may still be writing to it: nothing orders the logger's
 * write before main's close. Once closed, the number can be given to the next file the
 * program opens, and a late write would land in that file. TSan reports the race on the
 * file descriptor.
 * Twin: close_while_used_fixed.c (main joins the logger, then closes). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int log_pipe[2];

static void *logger(void *unused) {
  (void)unused;
  write(log_pipe[1], "logger started\n", 15);
  return NULL;
}

int main(void) {
  if (pipe(log_pipe) != 0)
    return 1;
  pthread_t t;
  pthread_create(&t, NULL, logger, NULL);
  close(log_pipe[1]); /* BUG: the logger may still be using it */
  char line[32] = {0};
  read(log_pipe[0], line, sizeof line - 1);
  printf("main read: %s", line);
  pthread_join(t, NULL);
  close(log_pipe[0]);
  return 0;
}
