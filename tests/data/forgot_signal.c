/* A consumer waits, in a loop as it should, for the item main puts; main waits until the
 * consumer is waiting, then puts the item under the mutex but forgets to signal (BUG): the
 * consumer sleeps on, and the lock ledger saw no signal on its condition at all. Its
 * explanation is "never signalled", not a lost wakeup. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static pthread_cond_t item_ready = PTHREAD_COND_INITIALIZER;
static int waiting, items;

static void *consumer(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  waiting = 1;
  pthread_cond_signal(&arrived);
  while (items == 0)
    pthread_cond_wait(&item_ready, &mu);
  items--;
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t c;
  pthread_create(&c, NULL, consumer, NULL);
  pthread_mutex_lock(&mu);
  while (!waiting)
    pthread_cond_wait(&arrived, &mu);
  items++; /* BUG: no pthread_cond_signal(&item_ready) */
  pthread_mutex_unlock(&mu);
  pthread_join(c, NULL);
  printf("items = %d\n", items);
  return 0;
}
