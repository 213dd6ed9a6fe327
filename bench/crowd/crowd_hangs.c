/* 4998 workers queue on a mutex that main locked and never unlocks; main waits for the
 * first of them: a deadlock of 4999 threads. Its twin, crowd_ends.c, unlocks, and ends. */
#include <pthread.h>

enum { WORKERS = 4998 };
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_t workers[WORKERS];

static void *queue_at_gate(void *unused) {
  (void)unused;
  pthread_mutex_lock(&gate);
  pthread_mutex_unlock(&gate);
  return NULL;
}

int main(void) {
  pthread_mutex_lock(&gate);
  for (int i = 0; i < WORKERS; i++)
    pthread_create(&workers[i], NULL, queue_at_gate, NULL);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(workers[i], NULL);
  return 0;
}
