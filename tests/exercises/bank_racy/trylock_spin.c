/* expect: PASS pass
 * A right fix in another style: each teller spins on pthread_mutex_trylock until it has the
 * key, and holds it from the read to the write. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void *withdraw_10(void *name) {
  while (pthread_mutex_trylock(&balance_mu) != 0)
    ;
  int seen = balance;
  printf("%s read %d\n", (const char *)name, seen);
  balance = seen - 10;
  printf("%s wrote %d\n", (const char *)name, seen - 10);
  pthread_mutex_unlock(&balance_mu);
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
