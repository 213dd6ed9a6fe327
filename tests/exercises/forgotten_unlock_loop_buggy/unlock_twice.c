/* expect: FAIL finding
 * An unlock on the refused path, and one more too many on the normal path. */
#include <pthread.h>
#include <stdio.h>

enum { PAYMENTS = 3 };

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static const int payments[PAYMENTS] = {30, 500, 20};

static void pay_all(void) {
  for (int i = 0; i < PAYMENTS; i++) {
    pthread_mutex_lock(&balance_mu);
    if (payments[i] > balance) {
      printf("payment of %d: refused\n", payments[i]);
      pthread_mutex_unlock(&balance_mu);
      continue;
    }
    pthread_mutex_unlock(&balance_mu); /* WRONG: unlocked too early, and again below */
    balance -= payments[i];
    printf("payment of %d: done\n", payments[i]);
    pthread_mutex_unlock(&balance_mu);
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  pay_all();
  printf("balance = %d\n", balance);
  return 0;
}
