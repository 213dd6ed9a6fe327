/* The same wait as alarm_wakes.c, under valgrind, whose own handlers catch every signal, so
 * /proc cannot tell whether the program has one: racecheck sees in the binary that it sets
 * a handler, and lets it finish.
 * Detector: valgrind --tool=drd */
#define _POSIX_C_SOURCE 200809L
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static sem_t done;

static void on_alarm(int sig) {
  (void)sig;
  sem_post(&done);
}

int main(void) {
  sem_init(&done, 0, 0);
  struct sigaction sa = {.sa_handler = on_alarm};
  sigaction(SIGALRM, &sa, NULL);
  alarm(1);
  sem_wait(&done);
  puts("woke up");
  return 0;
}
