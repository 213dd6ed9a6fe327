/* Rule: a reference count shared by threads must change in one indivisible step.
 * An order is shared by main and couriers A and B: main takes a reference for each courier
 * before it sends it out, each drops its own when done, and the last one out frees the
 * order. The count is an atomic: a reference is taken by one fetch-and-add, and dropped by
 * a compare-and-swap that writes the count less one only if it is still what was read,
 * and reads it again if not. Under the lesson's schedule A reads 2, main takes B's
 * reference (3), A's swap finds 3 and fails, and A drops its reference from 3: no change
 * is lost, and only main, the last one out, frees the order.
 * Twin: refcount_racy.c (the count is a plain long). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct order {
  int price;
};

static struct order *order;
static atomic_long order_refs; /* FIX: an atomic count */

static void retain(void) {
  atomic_fetch_add(&order_refs, 1); /* FIX: read, add and write in one step */
}

static void release(const char *who) {
  long refs = atomic_load(&order_refs);
  while (!atomic_compare_exchange_weak(&order_refs, &refs, refs - 1))
    ; /* FIX: another thread changed the count since it was read: try again from its value */
  printf("%s: done with the order, %ld reference(s) left\n", who, refs - 1);
  if (refs - 1 == 0)
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
