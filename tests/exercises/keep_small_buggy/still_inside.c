/* expect: FAIL held_too_long
 * One line instead of two, the slow call still inside the lock. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

enum { THREADS = 4, SLOW_CALL_MS = 400 };

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static int cache[THREADS];
static pthread_mutex_t count_mu = PTHREAD_MUTEX_INITIALIZER;
static int calls_now, most_calls_at_once; /* how many threads were in slow_fetch together */

static void count_calls(int change) {
  pthread_mutex_lock(&count_mu);
  calls_now += change;
  if (calls_now > most_calls_at_once)
    most_calls_at_once = calls_now;
  pthread_mutex_unlock(&count_mu);
}

static int slow_fetch(int key) { /* stands in for a network call */
  count_calls(+1);
  struct timespec pause = {0, SLOW_CALL_MS * 1000000L};
  nanosleep(&pause, NULL);
  count_calls(-1);
  return key * key;
}

static void *refresh(void *arg) {
  int key = (int)(intptr_t)arg;
  pthread_mutex_lock(&cache_mu);
  cache[key] = slow_fetch(key); /* WRONG: still inside */
  pthread_mutex_unlock(&cache_mu);
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&threads[i], NULL, refresh, (void *)(intptr_t)i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(threads[i], NULL);
  printf("%d slow calls, %s: they %s\n", THREADS,
         most_calls_at_once > 1 ? "some of them at the same time" : "never two at once",
         most_calls_at_once > 1 ? "overlapped" : "ran one after another");
  return 0;
}
