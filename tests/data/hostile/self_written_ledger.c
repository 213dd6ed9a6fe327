/* expect: FAIL ledger_written */
/* Two real threads lock a mutex around a global nobody reads, beside the counter they never
 * touch; the ledger's descriptor is kept with dup and /dev/null put in its place, so the
 * shim's records go nowhere, and the program writes every record itself: each thread's
 * tally under its own id with a guard at the counter's address, main's, the count. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static int dummy;
static int kept = -1; /* the ledger, under a number of the program's */

static void say(const char *line) {
  write(kept, line, strlen(line));
}

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&counter_mu);
    dummy = 1;
    pthread_mutex_unlock(&counter_mu);
  }
  char line[160];
  snprintf(line, sizeof line, "tally %lx %lx %lx 1f4 1f4 0 1f4 0 1 %lx\n", (long)getpid(),
           (long)syscall(SYS_gettid), (unsigned long)increment, (unsigned long)&counter);
  say(line);
  return NULL;
}

int main(void) {
  kept = dup(1013);
  int null = open("/dev/null", O_WRONLY);
  dup2(null, 1013);
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  char line[160];
  long pid = (long)getpid();
  snprintf(line, sizeof line, "tally %lx %lx 0 0 0 0 0 0 0\nthreads %lx %lx 0 2 0\n", pid, pid, pid,
           pid);
  say(line);
  printf("counter = %d\n", counter + 1000);
  return 0;
}
