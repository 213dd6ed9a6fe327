/* Rule: a check and the act that depends on it belong to one critical section.
 * Each teller checks the balance under the lock, lets it go, then withdraws under the lock
 * again. Both may pass the check before either withdraws: the account goes below zero.
 * Every access holds the lock, so no memory is raced: only a schedule shows it.
 * Twin: check_then_act_fixed.c (the check and the withdrawal under one lock). */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void *teller(void *unused) {
  (void)unused;
  pthread_mutex_lock(&mu);
  int enough = balance >= 80;
  pthread_mutex_unlock(&mu); /* BUG: the check is over before the act */
  if (enough) {
    pthread_mutex_lock(&mu);
    balance -= 80;
    pthread_mutex_unlock(&mu);
  }
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
