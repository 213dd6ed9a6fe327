/* Rule: an unsynchronized x++ loses updates; an atomic add cannot be split.
 * A thousand threads each add one to a shared C11 atomic counter.
 * For a single number, an atomic is simpler than a mutex and never blocks.
 * Twin: counter_racy.c (the same program with a plain int). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

enum { THREADS = 1000 };

static atomic_int counter; /* FIX: every ++ on it is one indivisible step */

static void *increment(void *unused) {
  (void)unused;
  counter++;
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
