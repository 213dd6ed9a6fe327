/* Rule: hand a thread a value of its own, not the address of a variable you go on changing.
 * main starts two workers in a loop and gives each the address of the loop's index. The
 * loop writes the index again while a worker reads it through that address, and nothing
 * orders the two: under the lesson's schedule both workers read it after the loop has
 * ended, and both square 2. TSan reports the race on main's index.
 * Twin: loop_index_fixed.c (each worker is given a slot of its own). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

enum { WORKERS = 2 };

static void *square(void *arg) {
  int n = *(int *)arg;
  return (void *)(intptr_t)(n * n);
}

int main(void) {
  pthread_t workers[WORKERS];
  int i;
  for (i = 0; i < WORKERS; i++)
    pthread_create(&workers[i], NULL, square, &i); /* BUG: the loop writes i again */
  for (int w = 0; w < WORKERS; w++) {
    void *result;
    pthread_join(workers[w], &result);
    printf("worker %d: %d\n", w, (int)(intptr_t)result);
  }
  return 0;
}
