#include "acct.h"

#include <stdio.h>

static struct account shared = {PTHREAD_MUTEX_INITIALIZER, 0};

static void *teller(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    deposit(&shared, 1);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, teller, NULL);
  pthread_create(&b, NULL, teller, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance %ld\n", balance_of(&shared));
  return 0;
}
