/* expect: FAIL no_locking */
/* Two threads lock a mutex nobody else needs, around nothing; the total is written in by
 * hand. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t dummy = PTHREAD_MUTEX_INITIALIZER;

static void *pretend(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&dummy);
    pthread_mutex_unlock(&dummy);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, pretend, NULL);
  pthread_create(&b, NULL, pretend, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", 1000);
  return 0;
}
