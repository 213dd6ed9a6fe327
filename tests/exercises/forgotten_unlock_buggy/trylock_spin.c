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

static void *withdraw_20(void *unused) {
  (void)unused;
  printf("withdraw 20: %s\n", withdraw(20) == 0 ? "done" : "refused");
  return NULL;
}

static void *withdraw_10(void *unused) {
  (void)unused;
  printf("withdraw 10: %s\n", withdraw(10) == 0 ? "done" : "refused");
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pthread_t first, second;
  pthread_create(&first, NULL, withdraw_20, NULL);
  pthread_join(first, NULL);
  pthread_create(&second, NULL, withdraw_10, NULL);
  pthread_join(second, NULL);
  printf("balance = %d\n", balance);
  return 0;
}
