/* Producer/consumer over a one-slot buffer with two condition variables: consumers wait on
 * `fill`, the producer on `empty`, so a consumer's signal can only wake the producer (FIX).
 * Every item is consumed and the program ends. Its twin: pc_one_cond.c. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fill = PTHREAD_COND_INITIALIZER;
static pthread_cond_t empty = PTHREAD_COND_INITIALIZER;
static int count, slot, waiting;

static void *consumer(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  waiting++;
  while (count == 0)
    pthread_cond_wait(&fill, &mu);
  waiting--;
  int item = slot;
  count = 0;
  pthread_cond_signal(&empty); /* FIX: only the producer waits on empty */
  printf("consumed %d\n", item);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void *producer(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  while (waiting < 2) { /* both consumers wait before the first item */
    pthread_mutex_unlock(&mu);
    sched_yield();
    pthread_mutex_lock(&mu);
  }
  for (int i = 1; i <= 2; i++) {
    while (count == 1)
      pthread_cond_wait(&empty, &mu);
    slot = i;
    count = 1;
    pthread_cond_signal(&fill);
  }
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t p, c[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&c[i], NULL, consumer, NULL);
  pthread_create(&p, NULL, producer, NULL);
  pthread_join(p, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(c[i], NULL);
  return 0;
}
