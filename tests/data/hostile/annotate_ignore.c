/* expect: FAIL detector_off */
/* The racy counter, the detector told by its own annotations to look away. */
#include <pthread.h>
#include <stdio.h>

static int counter;

void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);

static void bump(void) {
  AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  counter++;
  AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
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
