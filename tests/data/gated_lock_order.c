/* Two threads take the same two locks in opposite orders, but always while holding one
 * global lock (GATE) that lets only one of them in at a time: the orders are inverted, and
 * still no run can deadlock. A detector that only sees the order reports an inversion. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t from_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t to_mu = PTHREAD_MUTEX_INITIALIZER;
static int from_balance = 100, to_balance;

static void *forward(void *unused) {
  (void)unused;
  pthread_mutex_lock(&gate); /* GATE */
  pthread_mutex_lock(&from_mu);
  pthread_mutex_lock(&to_mu);
  from_balance -= 10;
  to_balance += 10;
  pthread_mutex_unlock(&to_mu);
  pthread_mutex_unlock(&from_mu);
  pthread_mutex_unlock(&gate);
  return NULL;
}

static void *backward(void *unused) {
  (void)unused;
  pthread_mutex_lock(&gate); /* GATE */
  pthread_mutex_lock(&to_mu);
  pthread_mutex_lock(&from_mu);
  to_balance -= 5;
  from_balance += 5;
  pthread_mutex_unlock(&from_mu);
  pthread_mutex_unlock(&to_mu);
  pthread_mutex_unlock(&gate);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, forward, NULL);
  pthread_join(a, NULL);
  pthread_create(&b, NULL, backward, NULL);
  pthread_join(b, NULL);
  printf("%d %d\n", from_balance, to_balance);
  return 0;
}
