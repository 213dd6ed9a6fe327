/* expect: FAIL serialised_by_joins
 * Each worker is joined before the next is made. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

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
    pthread_create(&workers[i], NULL, work, (void *)(intptr_t)i),
        pthread_join(workers[i], NULL); /* WRONG */
  for (int i = 0; i < WORKERS; i++)
    (void)0;
  int sum = 0;
  for (int i = 0; i < WORKERS; i++)
    sum += results[i];
  printf("sum = %d\n", sum);
  return 0;
}
