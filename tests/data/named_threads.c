/* Two threads that name themselves (pthread_setname_np) race on a counter: TSan prints
 * their names ("Thread T1 'producer'"), and racecheck must keep them. The consumer waits
 * for the producer's write on a relaxed flag, which orders nothing for TSan, so the race is
 * reported on every run. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

static long items;
static atomic_long produced;

static void *producer(void *unused) {
  pthread_setname_np(pthread_self(), "producer");
  items++; /* RACE: write */
  atomic_store_explicit(&produced, 1, memory_order_relaxed);
  return unused;
}

static void *consumer(void *unused) {
  pthread_setname_np(pthread_self(), "consumer");
  while (!atomic_load_explicit(&produced, memory_order_relaxed))
    sched_yield();
  items--; /* RACE: write */
  return unused;
}

int main(void) {
  pthread_t p, c;
  pthread_create(&p, NULL, producer, NULL);
  pthread_create(&c, NULL, consumer, NULL);
  pthread_join(p, NULL);
  pthread_join(c, NULL);
  printf("items = %ld\n", items);
  return 0;
}
