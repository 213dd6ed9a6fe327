/* Rule: cleanup (C's defer) runs on a normal way out of a scope, not on longjmp or abort.
 * Go's defer runs even while a panic unwinds; __attribute__((cleanup)) does nothing like it.
 * A teller takes the lock and hands it to a cleanup variable, like `defer mu.Unlock()`.
 * Asked for more than the balance, it returns an error: leaving by return runs the
 * cleanup, so the lock is given back and main's withdrawal goes through.
 * Twin: cleanup_longjmp_buggy.c (the teller bails out with longjmp). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void unlock_at_end_of_scope(pthread_mutex_t **mu) {
  pthread_mutex_unlock(*mu);
}

static int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  pthread_mutex_t *held __attribute__((cleanup(unlock_at_end_of_scope), unused)) = &balance_mu;
  if (amount > balance)
    return -1; /* FIX: a return runs the cleanup, which unlocks */
  balance -= amount;
  return 0;
}

static void *teller(void *arg) {
  int amount = *(const int *)arg;
  if (withdraw(amount) != 0)
    printf("withdraw %d: refused\n", amount);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  int amount = 500;
  pthread_t t;
  pthread_create(&t, NULL, teller, &amount);
  pthread_join(t, NULL);
  withdraw(20);
  printf("balance = %d\n", balance);
  return 0;
}
