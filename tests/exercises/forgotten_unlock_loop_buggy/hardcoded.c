/* expect: FAIL no_locking
 * The lock is removed. */
#include <pthread.h>
#include <stdio.h>

enum { PAYMENTS = 3 };

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static const int payments[PAYMENTS] = {30, 500, 20};

static void pay_all(void) {
  for (int i = 0; i < PAYMENTS; i++) {
    if (payments[i] > balance) {
      printf("payment of %d: refused\n", payments[i]);
      continue; /* BUG: skips the unlock below */
    }
    balance -= payments[i];
    printf("payment of %d: done\n", payments[i]);
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  pay_all();
  printf("balance = %d\n", balance);
  return 0;
}
