/* Rule: unlock only a mutex you locked (Go stops with "unlock of unlocked mutex").
 * withdraw() sends every way out through one unlock at its end, also the way out for a
 * bad amount, which leaves before the lock was ever taken: it unlocks a mutex nobody
 * holds. POSIX leaves that undefined for a plain mutex; glibc lets it pass, silently.
 * TSan reports the unlock, and so does the lock ledger.
 * Twin: unlock_unlocked_fixed.c (a bad amount returns before the lock, with nothing to
 * unlock). */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static int withdraw(int amount) {
  int done = 0;
  if (amount <= 0)
    goto out; /* BUG: jumps to the unlock without having locked */
  pthread_mutex_lock(&balance_mu);
  balance -= amount;
  done = 1;
out:
  pthread_mutex_unlock(&balance_mu);
  return done;
}

int main(void) {
  printf("withdraw -5: %s\n", withdraw(-5) ? "done" : "refused");
  printf("withdraw 20: %s\n", withdraw(20) ? "done" : "refused");
  printf("balance = %d\n", balance);
  return 0;
}
