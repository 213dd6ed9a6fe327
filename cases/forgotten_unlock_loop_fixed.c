/* Rule: every lock needs its unlock, on every path out, also out of one turn of a loop.
 * The lock is handed to a cleanup variable declared inside the loop's body: it unlocks at
 * the end of every turn, the one that `continue` cuts short included.
 * Twin: forgotten_unlock_loop_buggy.c (the `continue` jumps over the unlock). */
#include <pthread.h>
#include <stdio.h>

enum { PAYMENTS = 3 };

static pthread_mutex_t balance_mu = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;
static const int payments[PAYMENTS] = {30, 500, 20};

static void unlock_at_end_of_turn(pthread_mutex_t **mu) {
  pthread_mutex_unlock(*mu);
}

static void pay_all(void) {
  for (int i = 0; i < PAYMENTS; i++) {
    pthread_mutex_lock(&balance_mu);
    pthread_mutex_t *held __attribute__((cleanup(unlock_at_end_of_turn), unused)) =
        &balance_mu; /* FIX */
    if (payments[i] > balance) {
      printf("payment of %d: refused\n", payments[i]);
      continue;
    }
    balance -= payments[i];
    printf("payment of %d: done\n", payments[i]);
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  pay_all();
  printf("balance = %d\n", balance);
  return 0;
}
