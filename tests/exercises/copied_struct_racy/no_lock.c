/* expect: FAIL race
 * The lock is removed. */
#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t mu;
  int *balance;
};

static int savings = 100;
static struct account savings_account = {PTHREAD_MUTEX_INITIALIZER, &savings};

static struct account open_account(void) {
  return savings_account; /* BUG: the caller gets a copy of the mutex */
}

static void *deposit_10(void *unused) {
  (void)unused;
  struct account acct = open_account();
  *acct.balance += 10;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, deposit_10, NULL);
  pthread_create(&b, NULL, deposit_10, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("savings = %d\n", savings);
  return 0;
}
