/* expect: FAIL forgot_unlock
 * Two ways out keep the lock: the guard no teller takes, and the refused withdrawal, which
 * the run takes. try names both, and says the run does not show which one it took. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  if (amount <= 0)
    return -2; /* WRONG: keeps the lock */
  if (balance < amount)
    return -1; /* WRONG: keeps the lock too */
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

static void *teller(void *name) {
  printf("%s withdraws 10: %s\n", (const char *)name, withdraw(10) == 0 ? "done" : "refused");
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
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
