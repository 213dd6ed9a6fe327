/* Rule: hand data over instead of sharing it (Go's channel: a conveyor belt).
 * The kitchen puts each order on a pipe and the waiter takes it off the other end: an
 * order belongs to the kitchen until it is written and to the waiter once it is read, so
 * no mutex is needed around it. TSan knows a pipe hands data over and is silent.
 * Twin: channel_racy.c (a shared shelf). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { ORDERS = 3 };

struct order {
  const char *dish;
  int price;
};

static int belt[2]; /* FIX: a pipe, the conveyor belt: read end [0], write end [1] */

static void send(int i, struct order *o) {
  (void)i;
  write(belt[1], &o, sizeof o); /* FIX: the order leaves the kitchen */
}

static struct order *receive(int i) {
  (void)i;
  struct order *o = NULL;
  read(belt[0], &o, sizeof o); /* FIX: and arrives at the waiter */
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
  if (pipe(belt) != 0) /* FIX */
    return 1;
  pthread_t k, w;
  pthread_create(&k, NULL, kitchen, NULL);
  pthread_create(&w, NULL, waiter, NULL);
  pthread_join(k, NULL);
  pthread_join(w, NULL);
  return 0;
}
