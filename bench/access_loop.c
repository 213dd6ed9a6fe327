/* The scheduler's worst case without a schedule: nothing but accesses to globals, each a
 * call into the hooks of shim/sched_points.c. Two threads each add to a counter of their
 * own ten million times (no race); main adds the two. For bench/cost.c's `scheduler`. */
#include <pthread.h>
#include <stdio.h>

enum { ROUNDS = 10000000 };

static long counts[2];

static void *count(void *slot) {
  long *mine = slot;
  for (int i = 0; i < ROUNDS; i++)
    *(volatile long *)mine += 1;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, count, &counts[0]);
  pthread_create(&b, NULL, count, &counts[1]);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", counts[0] + counts[1]);
  return 0;
}
