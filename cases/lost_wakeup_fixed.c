/* Rule: wait on a condition variable in a loop that checks the condition, under its mutex.
 * The cook sets `ready` and signals before the waiter has started to wait. The waiter
 * looks at `ready` before it waits, and again after every wake-up: the order is already
 * there, so it does not wait at all. The loop also covers the wake-ups that come with no
 * signal, which POSIX allows.
 * Twin: lost_wakeup_buggy.c (the waiter waits without checking). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t order_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t order_ready = PTHREAD_COND_INITIALIZER;
static int ready;

static void *cook(void *unused) {
  (void)unused;
  pthread_mutex_lock(&order_mu);
  ready = 1;
  pthread_cond_signal(&order_ready);
  pthread_mutex_unlock(&order_mu);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  pthread_t t;
  pthread_create(&t, NULL, cook, NULL);
  pthread_mutex_lock(&order_mu);
  printf("waiter: waiting for the order\n");
  while (!ready) /* FIX: wait only while the condition does not hold */
    pthread_cond_wait(&order_ready, &order_mu);
  printf("waiter: order served\n");
  pthread_mutex_unlock(&order_mu);
  pthread_join(t, NULL);
  return 0;
}
