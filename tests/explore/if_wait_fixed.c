/* Rule: wait on a condition variable in a while loop that checks the condition again.
 * A consumer woken by the producer's signal looks at the buffer again once it has the
 * mutex back: if the other consumer took the item first, it waits again.
 * Twin: if_wait_buggy.c (if instead of while). */
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
  while (items == 0) /* FIX: looks again after each wait */
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
