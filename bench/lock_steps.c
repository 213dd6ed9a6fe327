/* For the bench of racecheck explore: two threads that each take and give back one mutex
 * N times (N, the program's argument, 1 by default), so that the count of the scheduler's
 * points grows with N: how the count of schedules grows with the points and with K. */
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int total, times = 1;

static void *worker(void *unused) {
  (void)unused;
  for (int i = 0; i < times; i++) {
    pthread_mutex_lock(&mu);
    total++;
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(int argc, char **argv) {
  times = argc > 1 ? atoi(argv[1]) : 1;
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return total == 2 * times ? 0 : 1;
}
