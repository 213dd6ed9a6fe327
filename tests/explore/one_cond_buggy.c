/* Rule: waiters that wait for different things wait on different condition variables.
 * A bounded buffer of one slot, one producer, two consumers, and one condition variable
 * for both kinds of waiters. A consumer that takes the item signals to wake the producer,
 * but the signal may wake the other consumer instead: it finds the buffer empty and waits
 * again, the producer is never woken, and every thread sleeps.
 * Twin: one_cond_fixed.c (one condition variable for "not empty", one for "not full"). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER; /* BUG: one for both kinds */
static int count;

static void *producer(void *unused) {
  (void)unused;
  for (int i = 0; i < 2; i++) {
    pthread_mutex_lock(&mu);
    while (count == 1)
      pthread_cond_wait(&changed, &mu);
    count = 1;
    pthread_cond_signal(&changed);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

static void *consumer(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  while (count == 0)
    pthread_cond_wait(&changed, &mu);
  count = 0;
  pthread_cond_signal(&changed); /* BUG: may wake the other consumer, not the producer */
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
