/* Rule: a check-then-update on shared data is a race; hold the lock across both steps.
 * The account holds 100; two threads each withdraw 10.
 * The second thread cannot read the balance until the first has written it back.
 * Twin: bank_racy.c (the same withdrawal without the lock). */
#include <pthread.h>
#include <stdio.h>

#include "forced_order.h"

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static struct step withdrawal_done;

static void *withdraw_10(void *unused) {
  (void)unused;
  pthread_mutex_lock(&balance_mu); /* FIX: read and write under one lock */
  int seen = balance;
  balance = seen - 10;
  pthread_mutex_unlock(&balance_mu);
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
