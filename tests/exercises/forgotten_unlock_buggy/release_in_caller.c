/* expect: PASS pass
 * withdraw() returns -1 holding the lock, and its caller gives it back through a helper
 * when it refuses: every path unlocks, though far from its lock. The walk cannot see that
 * a return keeps the lock on purpose, so it says nothing of it rather than guess. */
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

static void release(pthread_mutex_t *mu) {
  pthread_mutex_unlock(mu);
}

static void *teller(void *name) {
  int done = withdraw(10) == 0;
  if (!done)
    release(&balance_mu);
  printf("%s withdraws 10: %s\n", (const char *)name, done ? "done" : "refused");
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
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
