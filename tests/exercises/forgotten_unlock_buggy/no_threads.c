/* expect: FAIL output
 * main does both withdrawals itself: A's comes first, where the lesson's schedule has B
 * refused before A is done. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static void unlock_on_return(pthread_mutex_t **mu) {
  pthread_mutex_unlock(*mu);
}

static int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  pthread_mutex_t *held __attribute__((cleanup(unlock_on_return), unused)) = &balance_mu; /* FIX */
  if (balance < amount)
    return -1;
  balance -= amount;
  return 0;
}

static void *teller(void *name) {
  printf("%s withdraws 10: %s\n", (const char *)name, withdraw(10) == 0 ? "done" : "refused");
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  teller("A");                      /* WRONG: no threads */
  teller("B");
  pthread_mutex_lock(&balance_mu);
  printf("balance = %d\n", balance);
  pthread_mutex_unlock(&balance_mu);
  return 0;
}
