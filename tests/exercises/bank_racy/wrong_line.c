/* expect: FAIL lock_misses_an_access
 * Only the write is locked; the read of the balance is not. */
#include <pthread.h>
#include <stdio.h>

static int balance = 100;
static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;

static void *withdraw_10(void *name) {
  int seen = balance; /* BUG: the other teller may read this same balance before it is written */
  printf("%s read %d\n", (const char *)name, seen);
  pthread_mutex_lock(&balance_mu); /* WRONG: the read is outside */
  balance = seen - 10;
  pthread_mutex_unlock(&balance_mu);
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
