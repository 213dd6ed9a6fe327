/* Rule: hand a thread a value of its own, not the address of a variable you go on changing.
 * main starts two workers in a loop and gives each the address of its own slot, written
 * before the worker starts and never again: creating a thread orders what was written
 * before it, so each worker reads its own number and TSan is silent.
 * Twin: loop_index_racy.c (each worker is given the loop's index). */
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
  int numbers[WORKERS];
  for (int i = 0; i < WORKERS; i++) {
    numbers[i] = i;
    pthread_create(&workers[i], NULL, square, &numbers[i]); /* FIX: a slot of its own */
  }
  for (int w = 0; w < WORKERS; w++) {
    void *result;
    pthread_join(workers[w], &result);
    printf("worker %d: %d\n", w, (int)(intptr_t)result);
  }
  return 0;
}
