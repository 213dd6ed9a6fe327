/* expect: PASS pass
 * A right fix in another style: the balance and its mutex in an account struct, the whole
 * withdrawal in a helper that locks the account it is given. */
#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t mu;
  int balance;
};

static struct account balance = {PTHREAD_MUTEX_INITIALIZER, 100};

static void withdraw(struct account *acct, const char *name, int amount) {
  pthread_mutex_lock(&acct->mu);
  int seen = acct->balance;
  printf("%s read %d\n", name, seen);
  acct->balance = seen - amount;
  printf("%s wrote %d\n", name, seen - amount);
  pthread_mutex_unlock(&acct->mu);
}

static void *withdraw_10(void *name) {
  withdraw(&balance, name, 10);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, withdraw_10, "A");
  pthread_create(&b, NULL, withdraw_10, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance %d after two withdrawals of 10\n", balance.balance);
  return 0;
}
