/* Two tellers each add to a shared total with no lock, beside a mutex they both take for a
 * log that is not the total: under every schedule tests/schedule.c tries, the race on total
 * must still be reported, for the scheduler adds no ordering between the threads.
 * Detector: valgrind --tool=helgrind */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int total;
static int log_lines;

static void *deposit(void *unused) {
  (void)unused;
  total += 10;
  pthread_mutex_lock(&log_mu);
  log_lines++;
  pthread_mutex_unlock(&log_mu);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, deposit, NULL);
  pthread_create(&b, NULL, deposit, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("total %d, %d log lines\n", total, log_lines);
  return 0;
}
