/* A crowd of workers waits on a mutex main never unlocks, and two more threads wait on a
 * condition variable nobody signals: alike waiters share one line of the diagnosis, and
 * the two kinds stay apart. */
#include <pthread.h>

enum { CROWD = 200, SLEEPERS = 2 };
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t bell_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bell = PTHREAD_COND_INITIALIZER;

static void *queue_at_gate(void *unused) {
  (void)unused;
  pthread_mutex_lock(&gate);
  pthread_mutex_unlock(&gate);
  return NULL;
}

static void *wait_for_bell(void *unused) {
  (void)unused;
  pthread_mutex_lock(&bell_mu);
  pthread_cond_wait(&bell, &bell_mu);
  pthread_mutex_unlock(&bell_mu);
  return NULL;
}

int main(void) {
  static pthread_t crowd[CROWD], sleepers[SLEEPERS];
  pthread_mutex_lock(&gate);
  for (int i = 0; i < CROWD; i++)
    pthread_create(&crowd[i], NULL, queue_at_gate, NULL);
  for (int i = 0; i < SLEEPERS; i++)
    pthread_create(&sleepers[i], NULL, wait_for_bell, NULL);
  for (int i = 0; i < CROWD; i++)
    pthread_join(crowd[i], NULL);
  return 0;
}
