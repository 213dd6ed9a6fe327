/* Rule: stop and join your threads before the program exits.
 * A logger thread logs a line, then waits until it is told to stop. Before main returns,
 * it tells the logger to stop and joins it: when exit() runs the handler that prints the
 * log, the logger is gone and its count is final.
 * Twin: exit_race_racy.c (a detached logger still runs while main returns). */
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
  pthread_mutex_lock(&logger_mu); /* FIX: tell the logger to stop ... */
  stopping = 1;
  pthread_cond_signal(&logger_told);
  pthread_mutex_unlock(&logger_mu);
  pthread_join(t, NULL); /* FIX: ... and wait until it has stopped */
  return 0;
}
