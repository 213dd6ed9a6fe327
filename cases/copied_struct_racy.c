/* Rule: don't copy a mutex, not even inside a struct.
 * open_account() returns the account by value, mutex included, so each caller locks a
 * copy of its own while the balance it changes is shared. Go's `go vet` flags such a copy
 * (copylocks); a C compiler says nothing. TSan reports the race, with two mutexes.
 * Twin: copied_struct_fixed.c (open_account() returns a pointer). */
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
  pthread_mutex_lock(&acct.mu);
  *acct.balance += 10;
  pthread_mutex_unlock(&acct.mu);
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
