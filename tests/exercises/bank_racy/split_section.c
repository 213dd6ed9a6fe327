/* expect: FAIL output
 * The read and the write are each locked, but in two critical sections: between them the
 * other teller takes the lock, reads the same old balance, and one withdrawal is lost. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void *withdraw_10(void *name) {
  pthread_mutex_lock(&balance_mu);
  int seen = balance;
  pthread_mutex_unlock(&balance_mu); /* WRONG: the other teller may read the same balance now */
  printf("%s read %d\n", (const char *)name, seen);
  pthread_mutex_lock(&balance_mu);
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
