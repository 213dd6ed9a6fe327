/* Rule: a check-then-update on shared data is a race.
 * The account holds 100; two threads each withdraw 10 with no lock. If both read 100,
 * both write 90: two withdrawals, one debit. Here the second starts after the first is
 * done, so the balance comes out right, and TSan reports the race all the same.
 * Twin: bank_mutex.c (the withdrawal made whole with a lock). */
#include <pthread.h>
#include <stdio.h>

#include "forced_order.h"

static int balance = 100;
static struct step withdrawal_done;

static void *withdraw_10(void *unused) {
  (void)unused;
  int seen = balance; /* BUG: another thread may read the same balance now */
  balance = seen - 10;
  step_done(&withdrawal_done);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw_10, NULL);
  wait_for_step(&withdrawal_done); /* b starts once a is done */
  pthread_create(&b, NULL, withdraw_10, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance = %d\n", balance);
  return 0;
}
