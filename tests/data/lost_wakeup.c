/* Waits on a condition variable that nobody will ever signal: the worker signals before
 * main starts waiting, and main does not check a predicate first. racecheck must name the
 * condition variable main waits on, at the line marked WAIT. */
#include <pthread.h>

static pthread_mutex_t ready_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cv = PTHREAD_COND_INITIALIZER;

static void *worker(void *unused) {
  (void)unused;
  pthread_mutex_lock(&ready_mu);
  pthread_cond_signal(&ready_cv);
  pthread_mutex_unlock(&ready_mu);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  pthread_mutex_lock(&ready_mu);
  pthread_cond_wait(&ready_cv, &ready_mu); /* WAIT */
  pthread_mutex_unlock(&ready_mu);
  return 0;
}
