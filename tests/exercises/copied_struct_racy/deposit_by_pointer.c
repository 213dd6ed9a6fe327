/* expect: PASS pass
 * A right fix in another style: the struct carries its mutex, and a deposit takes the
 * account by pointer and locks the account's own mutex. */
#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t mu;
  int *balance;
};

static int savings = 100;
static struct account savings_account = {PTHREAD_MUTEX_INITIALIZER, &savings};

static void deposit(struct account *acct, int amount) {
  pthread_mutex_lock(&acct->mu);
  *acct->balance += amount;
  pthread_mutex_unlock(&acct->mu);
}

static void *deposit_10(void *acct) {
  deposit(acct, 10);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, deposit_10, &savings_account);
  pthread_create(&b, NULL, deposit_10, &savings_account);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("savings = %d\n", savings);
  return 0;
}
