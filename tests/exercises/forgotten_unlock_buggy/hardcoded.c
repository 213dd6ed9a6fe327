/* expect: FAIL no_locking
 * The lock is removed altogether. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  if (balance < amount)
    return -1; /* WRONG: no lock at all */
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
  pthread_create(&first, NULL, withdraw_20, NULL);
  pthread_join(first, NULL);
  pthread_create(&second, NULL, withdraw_10, NULL);
  pthread_join(second, NULL);
  printf("balance = %d\n", balance);
  return 0;
}
