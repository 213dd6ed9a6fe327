/* Rule: a plain mutex cannot be locked twice by the thread that holds it.
 * add_interest() is only called with balance_mu held, so it takes no lock of its own.
 * Twin: double_lock_buggy.c (the helper locks again). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 1000;

static void add_interest(void) { /* FIX: runs under the caller's lock */
  balance += balance / 100;
}

static void month_end(void) {
  pthread_mutex_lock(&balance_mu);
  balance -= 5;
  add_interest();
  pthread_mutex_unlock(&balance_mu);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  printf("month end for balance %d\n", balance);
  month_end();
  printf("balance = %d\n", balance);
  return 0;
}
