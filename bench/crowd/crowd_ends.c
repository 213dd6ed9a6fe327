/* 4998 workers queue on a mutex that main locked, and get it once main has created them
 * all and unlocks it: crowd_hangs.c with the unlock, as a baseline for its cost. */
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
  pthread_mutex_unlock(&gate);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(workers[i], NULL);
  return 0;
}
