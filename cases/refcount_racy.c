/* Rule: a reference count shared by threads must change in one indivisible step.
 * An order is shared by main and a courier, which takes its own reference when it starts.
 * The count is a plain long, so taking a reference is two steps: read it, write it plus
 * one. Here the courier reads 1; main drops its reference, reads 1, writes 0 and frees
 * the order; then the courier writes 2 and goes on to use the order, which is freed.
 * TSan reports the race on the count, and the courier's use after free.
 * Twin: refcount_atomic.c (the count is an atomic, changed by fetch-and-add). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "forced_order.h"

struct order {
  int price;
};

static struct order *order;
static struct step counted, released;
static long order_refs; /* BUG: a plain count, changed in two steps */

static void retain(void) {
  long refs = order_refs;
  step_done(&counted);
  wait_for_step(&released);
  order_refs = refs + 1;
}

static void release(void) {
  long refs = order_refs - 1;
  order_refs = refs;
  if (refs == 0)
    free(order);
}

static void *courier(void *unused) {
  (void)unused;
  retain();
  printf("courier: delivering an order of %d\n", order->price);
  release();
  return NULL;
}

int main(void) {
  order = malloc(sizeof *order);
  order->price = 12;
  order_refs = 1;
  pthread_t t;
  pthread_create(&t, NULL, courier, NULL);
  wait_for_step(&counted);
  release();
  step_done(&released);
  pthread_join(t, NULL);
  return 0;
}
