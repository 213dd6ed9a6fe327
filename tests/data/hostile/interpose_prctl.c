/* expect: FAIL detector_off */
/* Defines prctl, which racecheck's shim calls in a run forked from the fork server before the
 * run's watch is in place: the program's prctl, not the C library's, would answer, and could
 * keep the watch from being installed. A correct counter otherwise. */
#include <pthread.h>
#include <stdio.h>
#include <sys/prctl.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

int prctl(int option, ...) {
  (void)option;
  return -1;
}

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&counter_mu);
    counter++;
    pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
