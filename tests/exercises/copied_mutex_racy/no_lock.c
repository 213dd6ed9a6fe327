/* expect: FAIL race
 * The copied lock is removed, and nothing guards the balance. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void deposit(pthread_mutex_t mu, int amount) { /* BUG: mu is a copy */
  (void)mu;
  balance += amount;
}

static void *deposit_10(void *unused) {
  (void)unused;
  deposit(balance_mu, 10); /* BUG: copies the mutex */
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
