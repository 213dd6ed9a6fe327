/* expect: FAIL race
 * The locks are removed: nothing orders the two transfers. */
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
  struct account *first = t->from->id < t->to->id ? t->from : t->to; /* FIX: by id */
  struct account *second = t->from->id < t->to->id ? t->to : t->from;
  t->from->balance -= t->amount;
  t->to->balance += t->amount;
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
