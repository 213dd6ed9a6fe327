/* Rule: every lock needs its unlock, on every path out of the function.
 * Tellers A and B each withdraw 10 from a balance of 15: one of them must be refused.
 * withdraw() hands the unlock to a cleanup handler, C's version of Go's defer: it runs on
 * every return, so the early "refused" path unlocks too, and main can lock the mutex to
 * print the balance.
 * Twin: forgotten_unlock_buggy.c (the early return keeps the lock). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static void unlock_on_return(pthread_mutex_t **mu) {
  pthread_mutex_unlock(*mu);
}

static int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  pthread_mutex_t *held __attribute__((cleanup(unlock_on_return), unused)) = &balance_mu; /* FIX */
  if (balance < amount)
    return -1;
  balance -= amount;
  return 0;
}

static void *teller(void *name) {
  printf("%s withdraws 10: %s\n", (const char *)name, withdraw(10) == 0 ? "done" : "refused");
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  pthread_t a, b;
  pthread_create(&a, NULL, teller, "A");
  pthread_create(&b, NULL, teller, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_mutex_lock(&balance_mu);
  printf("balance = %d\n", balance);
  pthread_mutex_unlock(&balance_mu);
  return 0;
}
