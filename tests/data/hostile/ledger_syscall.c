/* expect: FAIL ledger_written */
/* The dummy-mutex counter, and each thread's tally written to the ledger's descriptor through
 * glibc's syscall(), not write(), with a guard at the counter's address. */
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
  syscall(SYS_write, 1013, line, (size_t)n);
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
