/* expect: PASS pass
 * withdraw() still returns -1 holding the lock, and its caller unlocks it when it refuses:
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

static void *teller(void *name) {
  int done = withdraw(10) == 0;
  if (!done)
    pthread_mutex_unlock(&balance_mu);
  printf("%s withdraws 10: %s\n", (const char *)name, done ? "done" : "refused");
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pthread_t a, b;
  pthread_create(&a, NULL, teller, "A");
  pthread_create(&b, NULL, teller, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  pthread_mutex_lock(&balance_mu);
  printf("balance = %d\n", balance);
  pthread_mutex_unlock(&balance_mu);
  return 0;
}
