/* expect: FAIL lost_wakeup
 * A channel of a mutex and a condition, but the waiter looks at the count of orders sent
 * outside the lock, and waits once with `if`: the kitchen can send and signal between the
 * look and the wait, and the signal is lost. The lesson's schedule (the kitchen first) never
 * opens that window; an explored schedule does. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { ORDERS = 3 };

struct order {
  const char *dish;
  int price;
};

static struct order *shelf[ORDERS];
static atomic_int sent;
static pthread_mutex_t shelf_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;

static void send(int i, struct order *o) {
  pthread_mutex_lock(&shelf_mu);
  shelf[i] = o;
  atomic_store(&sent, i + 1);
  pthread_cond_signal(&arrived);
  pthread_mutex_unlock(&shelf_mu);
}

static struct order *receive(int i) {
  if (atomic_load(&sent) <= i) { /* WRONG: looked at outside the lock, and waited for once */
    pthread_mutex_lock(&shelf_mu);
    pthread_cond_wait(&arrived, &shelf_mu);
    pthread_mutex_unlock(&shelf_mu);
  }
  pthread_mutex_lock(&shelf_mu);
  struct order *o = shelf[i];
  pthread_mutex_unlock(&shelf_mu);
  return o;
}

static void *kitchen(void *unused) {
  (void)unused;
  static const char *const dishes[ORDERS] = {"soup", "pasta", "cake"};
  for (int i = 0; i < ORDERS; i++) {
    struct order *o = malloc(sizeof *o);
    o->dish = dishes[i];
    o->price = 5 * (i + 1);
    send(i, o);
  }
  return NULL;
}

static void *waiter(void *unused) {
  (void)unused;
  int total = 0;
  for (int i = 0; i < ORDERS; i++) {
    struct order *o = receive(i);
    printf("served %s for %d\n", o->dish, o->price);
    total += o->price;
    free(o);
  }
  printf("total = %d\n", total);
  return NULL;
}

int main(void) {
  pthread_t k, w;
  pthread_create(&k, NULL, kitchen, NULL);
  pthread_create(&w, NULL, waiter, NULL);
  pthread_join(k, NULL);
  pthread_join(w, NULL);
  return 0;
}
