/* expect: FAIL no_locking
 * Every lock removed. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 1000;

static void add_interest(void) {
  balance += balance / 100;
}

static void month_end(void) {
  balance -= 5;
  add_interest(); /* WRONG: no lock anywhere */
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  printf("month end for balance %d\n", balance);
  month_end();
  printf("balance = %d\n", balance);
  return 0;
}
