/* expect: FAIL no_locking
 * A sleep before the update, as if time could order the threads. Under the lesson's schedule
 * TSan does not report the race here (its 1000 threads are alive at once, and it forgets
 * accesses once more than 256 are): the fix fails as one that locks nothing. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

enum { THREADS = 1000 };

static int counter;

static void *increment(void *unused) {
  (void)unused;
  usleep(1000); /* WRONG: waiting is not locking */
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
