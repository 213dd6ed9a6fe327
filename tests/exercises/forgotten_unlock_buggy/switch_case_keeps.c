/* expect: FAIL path_keeps_lock
 * One function for every kind of transaction: the withdrawal's case unlocks on both ways
 * out, the deposit's case returns holding the lock. The tellers only withdraw, so no run
 * takes it. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

enum kind { WITHDRAW, DEPOSIT };

static int transact(enum kind kind, int amount) {
  pthread_mutex_lock(&balance_mu);
  switch (kind) {
  case WITHDRAW:
    if (balance < amount) {
      pthread_mutex_unlock(&balance_mu);
      return -1;
    }
    balance -= amount;
    break;
  case DEPOSIT:
    balance += amount;
    return 0; /* WRONG: keeps the lock */
  }
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

static int withdraw(int amount) {
  return transact(WITHDRAW, amount);
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
