/* expect: PASS pass
 * The address is passed, and deposit() has a guard no run takes that returns holding the
 * lock: that is the forgotten-unlock lesson's rule, judged there; here it must not be
 * called a copy of the mutex. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void deposit(pthread_mutex_t *mu, int amount) {
  pthread_mutex_lock(mu);
  if (amount < 0)
    return;
  balance += amount;
  pthread_mutex_unlock(mu);
}

static void *deposit_10(void *unused) {
  (void)unused;
  deposit(&balance_mu, 10);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, deposit_10, NULL);
  pthread_create(&b, NULL, deposit_10, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance = %d\n", balance);
  return 0;
}
