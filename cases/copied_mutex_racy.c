/* Rule: don't copy a mutex; pass a pointer to it.
 * deposit() receives the mutex by value, so each call locks a private copy.
 * The two deposits lock two different mutexes, so nothing orders them: the balance is
 * unguarded, and TSan names both mutexes in its report.
 * Twin: copied_mutex_fixed.c (the mutex passed by pointer). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void deposit(pthread_mutex_t mu, int amount) { /* BUG: mu is a copy */
  pthread_mutex_lock(&mu);
  balance += amount;
  pthread_mutex_unlock(&mu);
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
