/* expect: FAIL own_mutexes
 * Each teller locks a mutex of its own. */
#include <pthread.h>
#include <stdio.h>

static int balance = 100;

static void *withdraw_10(void *name) {
  pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER; /* WRONG: one per teller */
  pthread_mutex_lock(&balance_mu);                        /* FIX: take the key, or wait for it */
  int seen = balance;
  printf("%s read %d\n", (const char *)name, seen);
  balance = seen - 10;
  printf("%s wrote %d\n", (const char *)name, seen - 10);
  pthread_mutex_unlock(&balance_mu); /* FIX: give the key back after the write */
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw_10, "A");
  pthread_create(&b, NULL, withdraw_10, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance %d after two withdrawals of 10\n", balance);
  return 0;
}
