/* A wrong fix students make: main sleeps to let the worker finish (BUG) instead of joining
 * it first, then reads what the worker wrote. TSan still reports the race, and says the
 * accesses look "as if synchronized via sleep": racecheck puts that in plain words. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

long result; /* not static: the compiler keeps it a long */

static void *worker(void *unused) {
  (void)unused;
  result = 42;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  sleep(1); /* BUG: a sleep orders nothing; pthread_join(t, NULL) here does */
  printf("result = %ld\n", result);
  pthread_join(t, NULL);
  return 0;
}
