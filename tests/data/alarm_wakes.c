/* Waits on a semaphore with no deadline, but a SIGALRM handler posts it a second later:
 * every thread looks blocked for good, yet the program will wake. racecheck must let it
 * finish, not call it a deadlock. */
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
