/* Rule: stop and join your threads before the program exits.
 * A logger thread logs a line, then waits for more work. Before main returns, it closes
 * the pipe the work would come on, so the logger stops, and joins it: when exit() runs
 * the handler that prints the log, the logger is gone and its count is final.
 * Twin: exit_race_racy.c (a detached logger still runs while main returns). */
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
  wait_for_step(&noted);
  close(work[1]);        /* FIX: no more work: the logger's read returns 0 */
  pthread_join(t, NULL); /* FIX: and main waits until it has stopped */
  return 0;
}
