/* A thread asked for with a stack no machine has: pthread_create fails (EAGAIN), the
 * program says so and goes on with a thread it can make, and joins it. */
#include <pthread.h>
#include <stdio.h>

static int made;

static void *work(void *unused) {
  (void)unused;
  made = 1;
  return NULL;
}

int main(void) {
  pthread_attr_t huge;
  pthread_attr_init(&huge);
  pthread_attr_setstacksize(&huge, (size_t)1 << 46);
  pthread_t t;
  if (pthread_create(&t, &huge, work, NULL) != 0)
    printf("the huge thread was not made\n");
  pthread_attr_destroy(&huge);
  if (pthread_create(&t, NULL, work, NULL) != 0)
    return 1;
  pthread_join(t, NULL);
  printf("made: %d\n", made);
  return 0;
}
