/* expect: PASS pass
 * The check and the withdrawal in two critical sections: a check-then-act that another
 * teller could slip into (bank_racy's split_section fails so), but here main joins the
 * first teller before it makes the second, so no schedule puts one between the other's
 * check and withdrawal, and every schedule explored is clean. */
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
  pthread_mutex_lock(&balance_mu);
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
