/* Rule: stop and join your threads before the program exits.
 * A detached logger thread logs a line, then waits until it is told to stop. main returns
 * while the logger is still waiting, and exit() runs the handler that prints the log: the
 * logger's count of its lines and the handler's read of it are ordered by nothing, and the
 * logger could still be writing while the program is being torn down. TSan reports the race.
 * Twin: exit_race_fixed.c (main tells the logger to stop and joins it, then returns). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

int lines_logged;
static pthread_mutex_t logger_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t logger_told = PTHREAD_COND_INITIALIZER;
static int stopping;

static void print_log(void) {
  printf("log: %d line(s)\n", lines_logged);
}

static void *logger(void *unused) {
  (void)unused;
  lines_logged = 1;
  pthread_mutex_lock(&logger_mu);
  while (!stopping) /* until main says stop */
    pthread_cond_wait(&logger_told, &logger_mu);
  pthread_mutex_unlock(&logger_mu);
  return NULL;
}

int main(void) {
  atexit(print_log);
  pthread_t t;
  pthread_create(&t, NULL, logger, NULL);
  pthread_detach(t); /* BUG: nobody stops or waits for the logger; main returns while it runs */
  return 0;
}
