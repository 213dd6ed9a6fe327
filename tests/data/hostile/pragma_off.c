/* expect: FAIL detector_off */
/* The racy counter, a pragma tells the detector to skip every function it covers. */
#include <pthread.h>
#include <stdio.h>

static int counter;

#pragma clang attribute push(__attribute__((no_sanitize_thread)), apply_to = function)
static void bump(void) {
  counter++;
}
#pragma clang attribute pop

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++)
    bump();
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
