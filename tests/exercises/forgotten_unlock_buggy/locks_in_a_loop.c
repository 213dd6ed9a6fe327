/* expect: PASS pass
 * A right fix that takes its locks in a loop, over a list that holds only the balance's
 * mutex, and gives them back in another loop on both ways out. Which locks are held after a
 * loop depends on its turns: the walk says nothing of them rather than guess. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static pthread_mutex_t *const guards[] = {&balance_mu};
enum { GUARDS = sizeof guards / sizeof *guards };

static int withdraw(int amount) {
  for (int i = 0; i < GUARDS; i++)
    pthread_mutex_lock(guards[i]);
  int rc = 0;
  if (balance < amount)
    rc = -1;
  else
    balance -= amount;
  for (int i = GUARDS; i > 0; i--)
    pthread_mutex_unlock(guards[i - 1]);
  return rc;
}

static void *teller(void *name) {
  printf("%s withdraws 10: %s\n", (const char *)name, withdraw(10) == 0 ? "done" : "refused");
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
