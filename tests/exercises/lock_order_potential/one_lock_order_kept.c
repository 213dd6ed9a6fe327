/* expect: FAIL lock_order
 * The order is swapped, but still depends on the direction. */
#include <pthread.h>
#include <stdio.h>

struct account {
  int id;
  pthread_mutex_t mu;
  int balance;
};

struct transfer {
  struct account *from, *to;
  int amount;
};

static struct account checking = {1, PTHREAD_MUTEX_INITIALIZER, 100};
static struct account savings = {2, PTHREAD_MUTEX_INITIALIZER, 100};

static void *transfer(void *arg) {
  struct transfer *t = arg;
  struct account *first = t->to; /* WRONG: still by direction */
  struct account *second = t->from;
  pthread_mutex_lock(&first->mu);
  pthread_mutex_lock(&second->mu);
  t->from->balance -= t->amount;
  t->to->balance += t->amount;
  pthread_mutex_unlock(&second->mu);
  pthread_mutex_unlock(&first->mu);
  return NULL;
}

int main(void) {
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
