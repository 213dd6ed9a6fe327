/* Rule: an unsynchronized x++ loses updates.
 * A thousand threads each add one to a shared counter, with nothing guarding it.
 * counter++ is three steps (read, add, write); two threads can read the same value.
 * Twins: counter_mutex.c (a lock around the update), counter_atomic.c (an atomic add). */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

static int counter;

static void *increment(void *unused) {
  (void)unused;
  counter++; /* BUG: read-modify-write with no lock */
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", counter);
  return 0;
}
