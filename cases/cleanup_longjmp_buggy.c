/* Rule: cleanup (C's defer) runs on a normal way out of a scope, not on longjmp or abort.
 * Go's defer runs even while a panic unwinds; __attribute__((cleanup)) does nothing like it.
 * A teller takes the lock and hands it to a cleanup variable, like `defer mu.Unlock()`.
 * Asked for more than the balance, it bails out with longjmp to its error handler, the
 * way C code often "recovers". longjmp skips the cleanup: the teller's thread ends with
 * the lock still taken, and main's withdrawal waits for it forever. An abort() or a bad
 * pointer would skip it too, and take the whole program down with it.
 * Twin: cleanup_return_fixed.c (the teller returns an error, and the cleanup runs). */
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static jmp_buf refused;

static void unlock_at_end_of_scope(pthread_mutex_t **mu) {
  pthread_mutex_unlock(*mu);
}

static void withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  pthread_mutex_t *held __attribute__((cleanup(unlock_at_end_of_scope), unused)) = &balance_mu;
  if (amount > balance)
    longjmp(refused, 1); /* BUG: longjmp leaves the scope without running the cleanup */
  balance -= amount;
}

static void *teller(void *arg) {
  int amount = *(const int *)arg;
  if (setjmp(refused) == 0)
    withdraw(amount);
  else
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
