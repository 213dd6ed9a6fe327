/* expect: FAIL no_locking
 * The threads do nothing; the total is written in by hand. */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

static int counter;

static void *increment(void *unused) {
  (void)unused;
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", 1000); /* WRONG: hard-coded */
  return 0;
}
