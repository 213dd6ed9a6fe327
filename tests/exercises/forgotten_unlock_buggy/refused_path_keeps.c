/* expect: FAIL forgot_unlock
 * Turned around: the withdrawal unlocks and returns inside the check, and the refused
 * withdrawal falls through to a return that keeps the lock. The run takes that path, and
 * try names it. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  if (balance >= amount) {
    balance -= amount;
    pthread_mutex_unlock(&balance_mu);
    return 0;
  }
  return -1; /* WRONG: the refused withdrawal keeps the lock */
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
