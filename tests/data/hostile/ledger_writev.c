/* expect: FAIL ledger_written */
/* The dummy-mutex counter, and each thread's tally written to the ledger's descriptor with
 * writev, in two pieces, with a guard at the counter's address. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
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
  struct iovec pieces[] = {{line, 6}, {line + 6, (size_t)n - 6}};
  writev(1013, pieces, 2);
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
