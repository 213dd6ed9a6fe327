/* Rule: a check-then-update on shared data is a race.
 * The account holds 100; two threads each withdraw 10 at the same time.
 * Both can read 100 and both write 90: two withdrawals, one debit.
 * Twin: bank_mutex.c (the withdrawal made whole with a lock). */
#include <pthread.h>
#include <stdio.h>

static int balance = 100;

static void *withdraw_10(void *unused) {
  (void)unused;
  int seen = balance; /* BUG: another thread may read the same balance now */
  balance = seen - 10;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw_10, NULL);
  pthread_create(&b, NULL, withdraw_10, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance = %d\n", balance);
  return 0;
}
