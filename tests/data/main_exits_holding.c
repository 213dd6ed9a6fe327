/* main locks a mutex, starts a worker that wants it, and leaves with pthread_exit while
 * still holding it: the worker waits forever at the line marked WAIT. main is a zombie
 * thread now, so racecheck must look at the process through the worker. */
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu); /* WAIT */
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_mutex_lock(&mu);
  pthread_create(&t, NULL, worker, NULL);
  pthread_exit(NULL);
}
