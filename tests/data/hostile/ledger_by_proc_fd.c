/* expect: FAIL ledger_written */
/* Two real threads lock a mutex around a global nobody reads, beside the counter they never
 * touch. At the very end, after the shim's last record, the ledger is opened again by its
 * /proc/self/fd link, a descriptor no filter on 1013 sees, emptied, and written anew: the
 * shim's hello, each thread's tally under its own id with a guard at the counter's address,
 * main's, the count. Where the file is not its user's to open (a sandbox's user, racecheck
 * root), a copy of the descriptor empties it instead. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;
static int dummy;
static long tids[2];
extern char __ehdr_start[];

static void *increment(void *arg) {
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&counter_mu);
    dummy = 1;
    pthread_mutex_unlock(&counter_mu);
  }
  *(long *)arg = (long)syscall(SYS_gettid);
  return NULL;
}

/* Linked before the shim, it runs after the shim's own. */
__attribute__((destructor)) static void rewrite(void) {
  char text[1024];
  long pid = (long)getpid();
  int n = snprintf(text, sizeof text, "ledger 1 %lx %lx\n", pid, (unsigned long)__ehdr_start);
  for (int i = 0; i < 2; i++)
    n += snprintf(text + n, sizeof text - (size_t)n, "tally %lx %lx %lx 1f4 1f4 0 1f4 0 1 %lx\n",
                  pid, tids[i], (unsigned long)increment, (unsigned long)&counter);
  n += snprintf(text + n, sizeof text - (size_t)n,
                "tally %lx %lx 0 0 0 0 0 0 0\nthreads %lx %lx 0 2 0\n", pid, pid, pid, pid);
  int ledger = open("/proc/self/fd/1013", O_WRONLY | O_TRUNC);
  if (ledger < 0 && (ledger = dup(1013)) >= 0)
    ftruncate(ledger, 0);
  if (ledger >= 0)
    write(ledger, text, (size_t)n);
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, &tids[0]);
  pthread_create(&b, NULL, increment, &tids[1]);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter + 1000);
  return 0;
}
