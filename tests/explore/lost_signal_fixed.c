/* Rule: check the condition and wait under the same mutex the signaller holds to change it.
 * The waiter looks at `ready` holding the mutex, in a loop, and the signaller sets it
 * holding the mutex: the signal cannot fall between the look and the wait.
 * Twin: lost_signal_buggy.c (the look before the mutex). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static atomic_int ready;

static void *signaller(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  atomic_store(&ready, 1); /* FIX: set under the mutex */
  pthread_cond_signal(&changed);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void *waiter(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  while (!atomic_load(&ready)) /* FIX: looks under the mutex, in a loop */
    pthread_cond_wait(&changed, &mu);
  pthread_mutex_unlock(&mu);
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
