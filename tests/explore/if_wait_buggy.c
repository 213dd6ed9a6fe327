/* Rule: wait on a condition variable in a while loop that checks the condition again.
 * A consumer woken by the producer's signal must take the mutex again before it goes on;
 * the other consumer may take it first and empty the buffer. With `if`, the woken consumer
 * does not look again and takes an item that is not there.
 * Twin: if_wait_fixed.c (while instead of if). */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int items;

static void *producer(void *unused) {
  (void)unused;
  for (int i = 0; i < 2; i++) {
    pthread_mutex_lock(&mu);
    items++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

static void *consumer(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  if (items == 0) /* BUG: if, not while: nobody looks again after the wait */
    pthread_cond_wait(&not_empty, &mu);
  assert(items > 0);
  items--;
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t c1, c2, p;
  pthread_create(&c1, NULL, consumer, NULL);
  pthread_create(&c2, NULL, consumer, NULL);
  pthread_create(&p, NULL, producer, NULL);
  pthread_join(c1, NULL);
  pthread_join(c2, NULL);
  pthread_join(p, NULL);
  printf("%d items left\n", items);
  return 0;
}
