/* Two workers made by one pthread_create line, in a loop, race on a counter: racecheck must
 * tell the two threads apart though they share their creation line. Worker 1 waits for
 * worker 0's write on a relaxed flag, which orders nothing for TSan. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

static long done;
static atomic_long first_done;

static void *worker(void *arg) {
  if ((intptr_t)arg == 1)
    while (!atomic_load_explicit(&first_done, memory_order_relaxed))
      sched_yield();
  done++; /* RACE: each worker's write */
  atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t workers[2];
  for (intptr_t i = 0; i < 2; i++)
    pthread_create(&workers[i], NULL, worker, (void *)i);
  for (int i = 0; i < 2; i++)
    pthread_join(workers[i], NULL);
  printf("done = %ld\n", done);
  return 0;
}
