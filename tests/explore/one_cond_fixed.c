/* Rule: waiters that wait for different things wait on different condition variables.
 * A bounded buffer of one slot, one producer, two consumers: consumers wait on
 * `not_empty`, the producer on `not_full`, so a consumer's signal always reaches the
 * producer.
 * Twin: one_cond_buggy.c (one condition variable for both kinds of waiters). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER; /* FIX: one for each kind */
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int count;

static void *producer(void *unused) {
  (void)unused;
  for (int i = 0; i < 2; i++) {
    pthread_mutex_lock(&mu);
    while (count == 1)
      pthread_cond_wait(&not_full, &mu);
    count = 1;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

static void *consumer(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  while (count == 0)
    pthread_cond_wait(&not_empty, &mu);
  count = 0;
  pthread_cond_signal(&not_full); /* FIX: only the producer waits on it */
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
  printf("two items made and taken\n");
  return 0;
}
