/* expect: PASS pass
 * A right fix: both transfers lock checking before savings, whichever way the money goes. */
#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t mu;
  int balance;
};

struct transfer {
  struct account *from, *to;
  int amount;
};

static struct account checking = {PTHREAD_MUTEX_INITIALIZER, 100};
static struct account savings = {PTHREAD_MUTEX_INITIALIZER, 100};

static void *transfer(void *arg) {
  struct transfer *t = arg;
  pthread_mutex_lock(&checking.mu);
  pthread_mutex_lock(&savings.mu);
  t->from->balance -= t->amount;
  t->to->balance += t->amount;
  pthread_mutex_unlock(&savings.mu);
  pthread_mutex_unlock(&checking.mu);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct transfer to_savings = {&checking, &savings, 10};
  struct transfer to_checking = {&savings, &checking, 20};
  pthread_t a, b;
  pthread_create(&a, NULL, transfer, &to_savings);
  pthread_create(&b, NULL, transfer, &to_checking);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("checking = %d, savings = %d\n", checking.balance, savings.balance);
  return 0;
}
