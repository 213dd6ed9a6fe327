/* A student's bank project, laid out the usual way: headers in include/, code in src/. */
#ifndef ACCT_H
#define ACCT_H

#include <pthread.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};

void deposit(struct account *a, long amount);
int withdraw(struct account *a, long amount);
long balance_of(struct account *a);
long peek(struct account a);

#endif
