/* expect: FAIL own_mutexes
 * The address is passed, but deposit() locks a copy of the mutex. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void deposit(pthread_mutex_t *mu, int amount) { /* FIX: mu points to the original */
  pthread_mutex_t copy = *mu;                          /* WRONG: still a copy */
  pthread_mutex_lock(&copy);
  balance += amount;
  pthread_mutex_unlock(&copy);
}

static void *deposit_10(void *unused) {
  (void)unused;
  deposit(&balance_mu, 10); /* FIX: hands over the address */
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
