/* expect: FAIL threads_removed
 * main does both withdrawals itself. */
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
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  pthread_t first, second;
  (void)first, (void)second;
  withdraw_20(NULL); /* WRONG: no threads */
  withdraw_10(NULL);
  printf("balance = %d\n", balance);
  return 0;
}
