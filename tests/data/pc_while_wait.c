/* Two consumers wait for one item with `while` around the wait: the producer broadcasts,
 * both consumers wake, the first takes the item, and the second checks again (FIX), finds
 * the buffer empty and waits for the second item. Its twin: pc_if_wait.c. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fill = PTHREAD_COND_INITIALIZER;
static int count, slot, waiting, woken, failed;

static void get(void) {
  if (count == 0) {
    fprintf(stderr, "tried to get an empty buffer\n");
    failed = 1;
    return;
  }
  count = 0;
  printf("consumed %d\n", slot);
}

static void put(int value) {
  slot = value;
  count = 1;
  pthread_cond_broadcast(&fill);
}

static void wait_for_item(void) {
  waiting++;
  pthread_cond_wait(&fill, &mu);
  waiting--;
  woken++;
}

static void *consumer(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  while (count == 0) /* FIX: check again after every wakeup */
    wait_for_item();
  get();
  pthread_mutex_unlock(&mu);
  return NULL;
}

/* Holds mu once *counter is n and the buffer is empty. */
static void lock_when(const int *counter, int n) {
  pthread_mutex_lock(&mu);
  while (*counter != n || count != 0) {
    pthread_mutex_unlock(&mu);
    sched_yield();
    pthread_mutex_lock(&mu);
  }
}

int main(void) {
  pthread_t c1, c2;
  pthread_create(&c1, NULL, consumer, NULL);
  pthread_create(&c2, NULL, consumer, NULL);
  lock_when(&waiting, 2); /* both consumers wait */
  put(1);
  pthread_mutex_unlock(&mu);
  lock_when(&woken, 2); /* both consumers have woken */
  put(2);
  pthread_mutex_unlock(&mu);
  pthread_join(c1, NULL);
  pthread_join(c2, NULL);
  return failed;
}
