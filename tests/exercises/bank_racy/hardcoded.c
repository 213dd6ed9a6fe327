/* expect: FAIL threads_removed
 * No tellers at all: the story is printed by hand. */
#include <pthread.h>
#include <stdio.h>

static int balance = 100;

static void *withdraw_10(void *name) {
  int seen = balance; /* BUG: the other teller may read this same balance before it is written */
  printf("%s read %d\n", (const char *)name, seen);
  balance = seen - 10;
  printf("%s wrote %d\n", (const char *)name, seen - 10);
  return NULL;
}

int main(void) {
  (void)withdraw_10;
  printf("A read 100\nA wrote 90\nB read 90\nB wrote 80\n"); /* WRONG: the story by hand */
  printf("balance %d after two withdrawals of 10\n", 80);
  return 0;
}
