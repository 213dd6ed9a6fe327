/* Rule: stop and join your threads before the program exits.
 * A detached logger thread logs a line, then waits for more work. main returns while the
 * logger is still running, and exit() runs the handler that prints the log: the logger's
 * count of its lines and the handler's read of it are ordered by nothing, and the logger
 * could still be writing while the program is being torn down. TSan reports the race.
 * Twin: exit_race_fixed.c (main tells the logger to stop and joins it, then returns). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "forced_order.h"

int lines_logged;
static int work[2]; /* a pipe: main would send work on [1], the logger reads it on [0] */
static struct step noted;

static void print_log(void) {
  printf("log: %d line(s)\n", lines_logged);
}

static void *logger(void *unused) {
  (void)unused;
  lines_logged = 1;
  step_done(&noted);
  char job;
  while (read(work[0], &job, 1) > 0) /* until the pipe is closed */
    ;
  return NULL;
}

int main(void) {
  if (pipe(work) != 0)
    return 1;
  atexit(print_log);
  pthread_t t;
  pthread_create(&t, NULL, logger, NULL);
  pthread_detach(t); /* BUG: nobody waits for the logger; main returns while it runs */
  wait_for_step(&noted);
  return 0;
}
