/* expect: FAIL sleep_is_not_ordering
 * A sleep before the read. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "forced_order.h"

struct teller {
  const char *name;
  int first_turn;
};

static int balance = 100;

static void *withdraw_10(void *arg) {
  const struct teller *t = arg;
  wait_turn(t->first_turn);
  usleep(1000);       /* WRONG: waiting is not locking */
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
