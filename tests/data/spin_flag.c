/* main waits for the worker by spinning on a plain int flag (SPIN) that the worker sets
 * (SET): nothing orders the two, so it is a data race, and a compiler may even turn the
 * spin into a loop that never ends. A condition variable, or an atomic flag with
 * acquire/release, would be the fix. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

int done;
int result;

static void *worker(void *unused) {
  (void)unused;
  result = 42;
  done = 1; /* SET */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!done) /* SPIN */
    sched_yield();
  printf("result = %d\n", result);
  pthread_join(t, NULL);
  return 0;
}
