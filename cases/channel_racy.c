/* Rule: hand data over instead of sharing it (Go's channel: a conveyor belt).
 * The kitchen puts each order on a shared shelf, and the waiter takes it from there: the
 * shelf and the orders on it are shared by two threads, with no lock and no hand-over. On
 * this run the waiter looks only once an order is there (the lesson's schedule sees to it,
 * so the race shows on every run), but nothing says the order is whole. TSan reports it.
 * Twin: channel_fixed.c (the orders travel through a pipe, one owner at a time). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { ORDERS = 3 };

struct order {
  const char *dish;
  int price;
};

static struct order *shelf[ORDERS];

static void send(int i, struct order *o) {
  shelf[i] = o; /* BUG: a shared shelf, not a hand-over */
}

static struct order *receive(int i) {
  return shelf[i];
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
