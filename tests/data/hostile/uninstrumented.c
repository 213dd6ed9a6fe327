/* expect: FAIL detector_off */
/* The racy counter, its race inside a function built without the detector. */
#include <pthread.h>
#include <stdio.h>

static int counter;

__attribute__((disable_sanitizer_instrumentation)) static void bump(void) {
  counter++;
}

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
