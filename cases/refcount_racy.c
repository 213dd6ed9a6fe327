/* Rule: a reference count shared by threads must change in one indivisible step.
 * An order is shared by main and couriers A and B: main takes a reference for each courier
 * before it sends it out, each drops its own when done, and the last one out frees the
 * order. The count is a plain long, so a change is two steps: read it, then write it back.
 * Under the lesson's schedule A reads 2, main takes B's reference (3), and A writes 1 over
 * it: the count is one short. B, the last one out by the count, frees the order while
 * main still holds it, and main reads the freed order. TSan reports the race on the count,
 * and main's use after free.
 * Twin: refcount_atomic.c (the count is an atomic, and every change is indivisible). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct order {
  int price;
};

static struct order *order;
static long order_refs; /* BUG: a plain count, changed in two steps */

static void retain(void) {
  order_refs = order_refs + 1;
}

static void release(const char *who) {
  long left = order_refs - 1;
  printf("%s: done with the order, %ld reference(s) left\n", who, left);
  order_refs = left; /* BUG: the count may have changed since it was read */
  if (left == 0)
    free(order);
}

static void *courier(void *name) {
  printf("%s: delivering an order of %d\n", (const char *)name, order->price);
  release(name);
  return NULL;
}

int main(void) {
  order = malloc(sizeof *order);
  order->price = 12;
  order_refs = 2; /* main's reference, and A's */
  pthread_t a, b;
  pthread_create(&a, NULL, courier, "A");
  retain(); /* B's */
  pthread_join(a, NULL);
  pthread_create(&b, NULL, courier, "B");
  printf("main: B is out with an order of %d\n", order->price);
  pthread_join(b, NULL);
  release("main");
  return 0;
}
