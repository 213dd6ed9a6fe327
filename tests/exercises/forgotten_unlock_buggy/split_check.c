/* expect: FAIL output
 * Every path unlocks, but the check and the withdrawal are two critical sections: under the
 * lesson's schedule both tellers find 15 before either withdraws, and both withdraw. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  int enough = balance >= amount;
  pthread_mutex_unlock(&balance_mu);
  if (!enough)
    return -1;
  pthread_mutex_lock(&balance_mu); /* WRONG: the other teller may withdraw in between */
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
