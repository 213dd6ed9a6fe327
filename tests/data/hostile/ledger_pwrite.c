/* expect: FAIL ledger_written */
/* The dummy-mutex counter, and then pwrite on the ledger's own descriptor: a tally for each
 * thread, written over the shim's records from the file's start, each with a guard at the
 * counter's address. */
#include <pthread.h>
#include <stdio.h>
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
  pwrite(1013, line, (size_t)n, 0);
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
