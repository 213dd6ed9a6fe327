/* expect: FAIL threads_removed
 * No tellers at all: the story is printed by hand. */
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
  (void)tellers;
  printf("A read 100\nA wrote 90\nB read 90\nB wrote 80\n"); /* WRONG: the story by hand */
  printf("balance %d after two withdrawals of 10\n", 80);
  return 0;
}
