#include "acct.h"

void deposit(struct account *a, long amount) {
  a->balance += amount; /* no lock: two tellers race here */
}

int withdraw(struct account *a, long amount) {
  pthread_mutex_lock(&a->mu);
  if (a->balance < amount)
    return 0; /* returns holding the lock */
  a->balance -= amount;
  pthread_mutex_unlock(&a->mu);
  return 1;
}

long balance_of(struct account *a) {
  pthread_mutex_lock(&a->mu);
  long b = a->balance;
  pthread_mutex_unlock(&a->mu);
  return b;
}

long peek(struct account a) { /* copies the mutex with the account */
  return a.balance;
}
