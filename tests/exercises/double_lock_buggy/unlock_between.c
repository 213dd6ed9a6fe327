/* expect: FAIL finding
 * add_interest() unlocks the caller's lock, locks, unlocks: the caller then unlocks a lock it no
 * longer holds. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 1000;

static void add_interest(void) {
  pthread_mutex_unlock(&balance_mu); /* WRONG: drops the caller's lock */
  pthread_mutex_lock(&balance_mu);
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
