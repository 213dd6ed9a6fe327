/* expect: FAIL copies_lock
 * The balance made atomic, and the mutex still copied: no race, and the rule still broken. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int balance = 100;

static void deposit(pthread_mutex_t mu, int amount) { /* WRONG: mu is still a copy */
  pthread_mutex_lock(&mu);
  balance += amount;
  pthread_mutex_unlock(&mu);
}

static void *deposit_10(void *unused) {
  (void)unused;
  deposit(balance_mu, 10);
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
