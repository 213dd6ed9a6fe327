/* Rule: a check-then-update on shared data is a race.
 * The account holds 100; tellers A and B each withdraw 10 with no lock. Here both read
 * the balance before either writes it back: both see 100, both write 90, and two
 * withdrawals take off only 10. TSan reports the race on balance.
 * Twin: bank_mutex.c (the withdrawal made whole with a lock). */
#include <pthread.h>
#include <stdio.h>

#include "forced_order.h"

struct teller {
  const char *name;
  int first_turn;
};

static int balance = 100;

static void *withdraw_10(void *arg) {
  const struct teller *t = arg;
  wait_turn(t->first_turn);
  int seen = balance; /* BUG: the other teller may read this same balance before it is written */
  printf("%s read %d\n", t->name, seen);
  next_turn();
  wait_turn(t->first_turn + 2);
  balance = seen - 10;
  printf("%s wrote %d\n", t->name, seen - 10);
  next_turn();
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
