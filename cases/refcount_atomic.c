/* Rule: a reference count shared by threads must change in one indivisible step.
 * An order is shared by main and a courier, which takes its own reference when it starts.
 * The count is an atomic: taking a reference is one fetch-and-add, so main's release,
 * which comes after, finds 2 and leaves the order to the courier, which frees it last.
 * The atomics also order each thread's use of the order before the free.
 * Twin: refcount_racy.c (the count is a plain long). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "forced_order.h"

struct order {
  int price;
};

static struct order *order;
static struct step counted, released;
static atomic_long order_refs; /* FIX: an atomic count */

static void retain(void) {
  atomic_fetch_add(&order_refs, 1); /* FIX: read, add and write in one step */
  step_done(&counted);
  wait_for_step(&released);
}

static void release(void) {
  if (atomic_fetch_sub(&order_refs, 1) == 1) /* FIX: the last one out frees it */
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
