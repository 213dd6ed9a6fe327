/* Waits on a process-shared semaphore with no deadline; a child it forked, which has moved
 * to a session (and process group) of its own, posts it a second later. Every thread of the
 * program looks blocked for good, yet it will wake: racecheck must let it finish. */
#define _GNU_SOURCE
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  sem_t *done = mmap(NULL, sizeof *done, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  sem_init(done, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    setsid();
    struct timespec pause = {1, 0};
    nanosleep(&pause, NULL);
    sem_post(done);
    _exit(0);
  }
  sem_wait(done);
  waitpid(child, NULL, 0);
  puts("woken by a child in a session of its own");
  return 0;
}
