#include "acct.h"

#include <stdio.h>

static struct account shared = {PTHREAD_MUTEX_INITIALIZER, 10};

static void *customer(void *arg) {
  (void)arg;
  withdraw(&shared, 50);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, customer, NULL);
  pthread_join(t, NULL);
  printf("balance %ld (peeked: %ld)\n", balance_of(&shared), peek(shared));
  return 0;
}
