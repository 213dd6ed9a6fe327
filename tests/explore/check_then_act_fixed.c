/* Rule: a check and the act that depends on it belong to one critical section.
 * Each teller checks the balance and withdraws holding the lock the whole time: the other
 * teller checks the balance after the withdrawal.
 * Twin: check_then_act_buggy.c (the lock let go between the check and the act). */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void *teller(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  if (balance >= 80) /* FIX: checked and withdrawn in one critical section */
    balance -= 80;
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, teller, NULL);
  pthread_create(&b, NULL, teller, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(balance >= 0);
  printf("balance %d\n", balance);
  return 0;
}
