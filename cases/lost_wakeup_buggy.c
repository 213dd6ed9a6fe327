/* Rule: wait on a condition variable in a loop that checks the condition, under its mutex.
 * The cook sets `ready` and signals before the waiter has started to wait: a signal that
 * finds nobody waiting is lost. The waiter then waits without looking at `ready` first,
 * and sleeps forever. TSan says nothing (no memory is raced: every access holds the
 * mutex); racecheck sees every thread asleep and says what main waits for.
 * Twin: lost_wakeup_fixed.c (the waiter checks `ready` in a while loop before waiting). */
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
  pthread_cond_wait(&order_ready, &order_mu); /* BUG: waits without checking ready first */
  printf("waiter: order served\n");
  pthread_mutex_unlock(&order_mu);
  pthread_join(t, NULL);
  return 0;
}
