/* Rule: do not close or free what another thread may still use; join it first.
 * A logger thread writes a line to a pipe; main joins the logger before it closes the
 * pipe's write end: once the join returns, nobody can write to it any more.
 * Twin: close_while_used_racy.c (main closes while the logger may still write). */
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
  pthread_join(t, NULL); /* FIX: the logger is done with the pipe */
  close(log_pipe[1]);
  char line[32] = {0};
  read(log_pipe[0], line, sizeof line - 1);
  printf("main read: %s", line);
  close(log_pipe[0]);
  return 0;
}
