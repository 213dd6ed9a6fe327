/* expect: PASS pass
 * A right fix in another style: withdraw() spins on pthread_mutex_trylock until it has the
 * key, and unlocks on both ways out. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  while (pthread_mutex_trylock(&balance_mu) != 0)
    ;
  if (balance < amount) {
    pthread_mutex_unlock(&balance_mu);
    return -1;
  }
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

static void *teller(void *name) {
  printf("%s withdraws 10: %s\n", (const char *)name, withdraw(10) == 0 ? "done" : "refused");
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pthread_t a, b;
  pthread_create(&a, NULL, teller, "A");
  pthread_create(&b, NULL, teller, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_mutex_lock(&balance_mu);
  printf("balance = %d\n", balance);
  pthread_mutex_unlock(&balance_mu);
  return 0;
}
