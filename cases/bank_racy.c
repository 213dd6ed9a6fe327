/* Rule: a check-then-update on shared data is a race.
 * The account holds 100; tellers A and B each withdraw 10 with no lock. Under the lesson's
 * schedule both read the balance before either writes it back: both see 100, both write
 * 90, and two withdrawals take off only 10. TSan reports the race on balance.
 * Twin: bank_mutex.c (the withdrawal made whole with a lock). */
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
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw_10, "A");
  pthread_create(&b, NULL, withdraw_10, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance %d after two withdrawals of 10\n", balance);
  return 0;
}
