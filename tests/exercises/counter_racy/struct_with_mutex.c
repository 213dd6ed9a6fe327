/* expect: PASS pass
 * A right fix in another style: the counter and its mutex together in one struct, the
 * threads reaching it by pointer. */
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 1000 };

struct guarded_count {
  pthread_mutex_t mu;
  int value;
};

static struct guarded_count counter = {PTHREAD_MUTEX_INITIALIZER, 0};

static void *increment(void *arg) {
  struct guarded_count *c = arg;
  pthread_mutex_lock(&c->mu);
  c->value++;
  pthread_mutex_unlock(&c->mu);
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, increment, &counter);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("counter = %d\n", counter.value);
  return 0;
}
