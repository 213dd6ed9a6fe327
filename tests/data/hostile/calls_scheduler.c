/* expect: FAIL does_not_build */
/* Calls a function of the shim's scheduler, to end the lesson's schedule from inside: the
 * shim keeps its names to itself, so there is nothing to link against. */
#include <pthread.h>
#include <stdio.h>

void racecheck_sched_thread_ends(void);

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *increment(void *arg) {
  (void)arg;
  racecheck_sched_thread_ends();
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
