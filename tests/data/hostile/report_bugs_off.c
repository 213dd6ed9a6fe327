/* expect: FAIL detector_off */
/* The racy counter, with TSan told by its own hook to report nothing. */
#include <pthread.h>
#include <stdio.h>

const char *__tsan_default_options(void) {
  return "report_bugs=0";
}

static int counter;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++)
    counter++;
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
