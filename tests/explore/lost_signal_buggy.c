/* Rule: check the condition and wait under the same mutex the signaller holds to change it.
 * The waiter looks at `ready` before it takes the mutex. If the signaller sets `ready` and
 * signals between that look and the wait, the signal finds nobody waiting and is lost:
 * the waiter sleeps forever. No memory is raced (`ready` is atomic): only a schedule shows it.
 * Twin: lost_signal_fixed.c (the look and the wait under the mutex, in a loop). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static atomic_int ready;

static void *signaller(void *unused) {
  (void)unused;
  atomic_store(&ready, 1);
  pthread_mutex_lock(&mu);
  pthread_cond_signal(&changed);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void *waiter(void *unused) {
  (void)unused;
  if (!atomic_load(&ready)) { /* BUG: looks before it holds the mutex */
    pthread_mutex_lock(&mu);
    pthread_cond_wait(&changed, &mu);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(void) {
  pthread_t w, s;
  pthread_create(&w, NULL, waiter, NULL);
  pthread_create(&s, NULL, signaller, NULL);
  pthread_join(w, NULL);
  pthread_join(s, NULL);
  printf("woken\n");
  return 0;
}
