/* expect: FAIL sleep_is_not_ordering
 * A sleep instead of a join. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

enum { WORKERS = 4 };

static int results[WORKERS];

static void *work(void *arg) {
  int i = (int)(intptr_t)arg;
  results[i] = (i + 1) * 10;
  return NULL;
}

int main(void) {
  pthread_t workers[WORKERS];
  for (int i = 0; i < WORKERS; i++)
    pthread_create(&workers[i], NULL, work, (void *)(intptr_t)i);
  for (int i = 0; i < WORKERS; i++)
    usleep(1000); /* WRONG: waiting is not synchronizing */
  int sum = 0;
  for (int i = 0; i < WORKERS; i++)
    sum += results[i];
  printf("sum = %d\n", sum);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(workers[i], NULL);
  return 0;
}
