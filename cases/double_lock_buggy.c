/* Rule: a plain mutex cannot be locked twice by the thread that holds it.
 * month_end() holds the lock and calls add_interest(), which takes the same lock again.
 * The thread now waits for itself: a self-deadlock, and the program freezes.
 * Twin: double_lock_fixed.c (the helper relies on its caller's lock). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 1000;

static void add_interest(void) {
  pthread_mutex_lock(&balance_mu); /* BUG: the caller already holds it */
  balance += balance / 100;
  pthread_mutex_unlock(&balance_mu);
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
