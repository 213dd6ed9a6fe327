/* expect: FAIL sleep_is_not_ordering
 * A sleep before the read. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int balance = 100;

static void *withdraw_10(void *name) {
  usleep(1000);       /* WRONG: waiting is not locking */
  int seen = balance; /* BUG: the other teller may read this same balance before it is written */
  printf("%s read %d\n", (const char *)name, seen);
  balance = seen - 10;
  printf("%s wrote %d\n", (const char *)name, seen - 10);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw_10, "A");
  pthread_create(&b, NULL, withdraw_10, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance %d after two withdrawals of 10\n", balance);
  return 0;
}
