/* expect: FAIL path_keeps_lock
 * Unlocks on both ways out the lesson's runs take, but a guard against a non-positive
 * amount returns holding the lock. No run asks for one: only the walk over the paths sees
 * it. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  if (amount <= 0)
    return -2; /* WRONG: keeps the lock; no teller asks for 0 */
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
