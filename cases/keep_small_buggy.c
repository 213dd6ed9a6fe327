/* Rule: keep the critical section small: lock only the code that touches shared data.
 * Each of four threads holds the cache's lock across a slow call (a 100 ms sleep standing in
 * for a network request), so the four calls wait for each other and run one after another.
 * Nothing races, so ThreadSanitizer has nothing to say; Valgrind's DRD times each lock.
 * Detector: valgrind --tool=drd --exclusive-threshold=50
 * Twin: keep_small_fixed.c (the slow call moved out of the lock). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

enum { THREADS = 4, SLOW_CALL_MS = 100 };

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static int cache[THREADS];

static int slow_fetch(int key) { /* stands in for a network call */
  struct timespec pause = {0, SLOW_CALL_MS * 1000000L};
  nanosleep(&pause, NULL);
  return key * key;
}

static void *refresh(void *arg) {
  int key = (int)(intptr_t)arg;
  pthread_mutex_lock(&cache_mu);
  int value = slow_fetch(key); /* BUG: the slow call runs with the lock held */
  cache[key] = value;
  pthread_mutex_unlock(&cache_mu);
  return NULL;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(void) {
  pthread_t threads[THREADS];
  double start = now_ms();
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, refresh, (void *)(intptr_t)i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  /* A sleep lasts at least as long as asked, so calls that ran one after another take at
   * least THREADS times one call; calls that overlapped come in well under THREADS - 1. */
  double calls = (now_ms() - start) / SLOW_CALL_MS;
  printf("%d slow calls took %s %d times one call: they %s\n", THREADS,
         calls >= THREADS - 1 ? "at least" : "less than", THREADS - 1,
         calls >= THREADS - 1 ? "ran one after another" : "overlapped");
  return 0;
}
