/* expect: PASS pass
 * withdraw() still returns -1 holding the lock, and its callers unlock it when it refuses:
 * every path unlocks, so it passes, though the unlock is far from its lock and the next
 * caller of withdraw() must know to do the same. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  pthread_mutex_lock(&balance_mu);
  if (balance < amount)
    return -1; /* the caller unlocks */
  balance -= amount;
  pthread_mutex_unlock(&balance_mu);
  return 0;
}

static void *withdraw_20(void *unused) {
  (void)unused;
  int done = withdraw(20) == 0;
  if (!done)
    pthread_mutex_unlock(&balance_mu);
  printf("withdraw 20: %s\n", done ? "done" : "refused");
  return NULL;
}

static void *withdraw_10(void *unused) {
  (void)unused;
  int done = withdraw(10) == 0;
  if (!done)
    pthread_mutex_unlock(&balance_mu);
  printf("withdraw 10: %s\n", done ? "done" : "refused");
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pthread_t first, second;
  pthread_create(&first, NULL, withdraw_20, NULL);
  pthread_join(first, NULL);
  pthread_create(&second, NULL, withdraw_10, NULL);
  pthread_join(second, NULL);
  printf("balance = %d\n", balance);
  return 0;
}
