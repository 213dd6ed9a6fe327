/* expect: FAIL atomic_not_mutex */
/* The counter made atomic: no race, but not the lesson's mutex. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int counter;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++)
    atomic_fetch_add(&counter, 1);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", atomic_load(&counter));
  return 0;
}
