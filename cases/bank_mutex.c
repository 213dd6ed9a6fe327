/* Rule: a check-then-update on shared data is a race; hold the lock across both steps.
 * The account holds 100; tellers A and B each withdraw 10. Teller B comes to the balance
 * while A holds the lock, so B waits until A has written 90 back, reads 90 and writes 80.
 * Twin: bank_racy.c (the same withdrawal without the lock). */
#include <pthread.h>
#include <stdio.h>

#include "forced_order.h"

struct teller {
  const char *name;
  int first_turn;
};

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void *withdraw_10(void *arg) {
  const struct teller *t = arg;
  wait_turn(t->first_turn);
  pthread_mutex_lock(&balance_mu); /* FIX: take the key, or wait for it */
  int seen = balance;
  printf("%s read %d\n", t->name, seen);
  next_turn();
  wait_turn(t->first_turn + 2);
  balance = seen - 10;
  printf("%s wrote %d\n", t->name, seen - 10);
  next_turn();
  pthread_mutex_unlock(&balance_mu); /* FIX: give the key back after the write */
  return NULL;
}

int main(void) {
  struct teller tellers[] = {{"A", 0}, {"B", 1}};
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw_10, &tellers[0]);
  pthread_create(&b, NULL, withdraw_10, &tellers[1]);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance %d after two withdrawals of 10\n", balance);
  return 0;
}
