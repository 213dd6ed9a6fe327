/* Rule: unlock only a mutex you locked (Go stops with "unlock of unlocked mutex").
 * withdraw() refuses a bad amount before it takes the lock, and unlocks only on the way
 * out that locked.
 * Twin: unlock_unlocked_buggy.c (the bad amount jumps to the unlock). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static int withdraw(int amount) {
  int done = 0;
  if (amount <= 0)
    return done; /* FIX: leaves before the lock, with nothing to unlock */
  pthread_mutex_lock(&balance_mu);
  balance -= amount;
  done = 1;
  pthread_mutex_unlock(&balance_mu);
  return done;
}

int main(void) {
  printf("withdraw -5: %s\n", withdraw(-5) ? "done" : "refused");
  printf("withdraw 20: %s\n", withdraw(20) ? "done" : "refused");
  printf("balance = %d\n", balance);
  return 0;
}
