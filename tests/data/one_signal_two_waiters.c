/* Two workers wait, in a loop, for main's go; main waits until both are waiting, then sets
 * go and signals once where it should broadcast (BUG): one worker wakes and ends, the other
 * sleeps on. The signal came after the sleeper's wait began and woke the other worker, so
 * it was neither sent before the wait nor never sent: racecheck says both ways it can be. */
#include <pthread.h>

enum { WORKERS = 2 };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static pthread_cond_t start = PTHREAD_COND_INITIALIZER;
static int waiting, go;

static void *worker(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  waiting++;
  pthread_cond_signal(&arrived);
  while (!go)
    pthread_cond_wait(&start, &mu);
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t t[WORKERS];
  for (int i = 0; i < WORKERS; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  pthread_mutex_lock(&mu);
  while (waiting < WORKERS)
    pthread_cond_wait(&arrived, &mu);
  go = 1;
  pthread_cond_signal(&start); /* BUG: wakes one worker; pthread_cond_broadcast wakes both */
  pthread_mutex_unlock(&mu);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(t[i], NULL);
  return 0;
}
