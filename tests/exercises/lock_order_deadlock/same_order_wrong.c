/* expect: FAIL deadlock
 * Nothing changed but the comment. */
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
  pthread_mutex_lock(&t->from->mu);
  pthread_mutex_lock(&t->to->mu); /* the order is fine as it is */
  t->from->balance -= t->amount;
  t->to->balance += t->amount;
  pthread_mutex_unlock(&t->to->mu);
  pthread_mutex_unlock(&t->from->mu);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
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
