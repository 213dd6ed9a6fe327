/* expect: PASS pass
 * A right fix with a single way out: the refused withdrawal jumps to the one unlock, at
 * out:, as the Linux kernel writes it. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 15;

static int withdraw(int amount) {
  int rc = 0;
  pthread_mutex_lock(&balance_mu);
  if (balance < amount) {
    rc = -1;
    goto out;
  }
  balance -= amount;
out:
  pthread_mutex_unlock(&balance_mu);
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
