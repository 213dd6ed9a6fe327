/* main waits for its worker's result through a condition variable, under the lock, and
 * returns without joining the worker (LEAK): nothing is shared without the lock, so there
 * is no race, but the thread is never joined. Whether the worker has ended when main
 * returns is left to chance; what racecheck says must not be. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;
static int done, result;

static void *worker(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  result = 42;
  done = 1;
  pthread_cond_signal(&finished);
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL); /* LEAK: never joined */
  pthread_mutex_lock(&mu);
  while (!done)
    pthread_cond_wait(&finished, &mu);
  printf("result = %d\n", result);
  pthread_mutex_unlock(&mu);
  return 0;
}
