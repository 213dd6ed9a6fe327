/* expect: FAIL ledger_written */
/* The dummy-mutex counter, and each thread's tally put in a pipe and moved into the ledger's
 * descriptor by the kernel: splice from the pipe, then sendfile from a file of its own, no
 * write call naming the ledger's bytes at all. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static int dummy;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&counter_mu);
    dummy = 1;
    pthread_mutex_unlock(&counter_mu);
  }
  char line[160];
  int n = snprintf(line, sizeof line, "tally %lx %lx %lx 1f4 1f4 0 1f4 0 1 %lx\n", (long)getpid(),
                   (long)syscall(SYS_gettid), (unsigned long)increment, (unsigned long)&counter);
  int pipe_ends[2];
  if (pipe(pipe_ends) == 0 && write(pipe_ends[1], line, (size_t)n) == n)
    splice(pipe_ends[0], NULL, 1013, NULL, (size_t)n, 0);
  char name[] = "/tmp/tallyXXXXXX";
  int file = mkstemp(name);
  if (file >= 0 && write(file, line, (size_t)n) == n) {
    off_t from = 0;
    sendfile(1013, file, &from, (size_t)n);
  }
  if (file >= 0)
    unlink(name);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter + 1000);
  return 0;
}
