/* expect: FAIL forgot_unlock
 * trylock instead of lock: the second withdrawal no longer waits, but the first still leaves
 * holding the lock. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  pthread_mutex_trylock(&balance_mu); /* WRONG: goes on without the lock */
  if (balance < amount)
    return -1; /* BUG: leaves with the mutex still locked */
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
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  pthread_t first, second;
  pthread_create(&first, NULL, withdraw_20, NULL);
  pthread_join(first, NULL);
  pthread_create(&second, NULL, withdraw_10, NULL);
  pthread_join(second, NULL);
  printf("balance = %d\n", balance);
  return 0;
}
