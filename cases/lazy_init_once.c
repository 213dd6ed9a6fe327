/* Rule: initialise shared data once with pthread_once, not with a check outside the lock.
 * Two threads want the exchange-rate table, built on first use. Both call pthread_once:
 * the first to come builds the table, and every later caller returns only once it is
 * built, with the builder's writes visible to it.
 * Twin: lazy_init_racy.c (a check of the pointer outside the lock). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct rates {
  int usd, eur;
};

static pthread_once_t table_once = PTHREAD_ONCE_INIT; /* FIX: one initialisation, ordered */
static struct rates *table;

static void build_table(void) {
  struct rates *r = malloc(sizeof *r);
  r->usd = 100;
  r->eur = 92;
  table = r;
}

static const struct rates *rates(void) {
  pthread_once(&table_once, build_table); /* FIX: builds it, or waits until it is built */
  return table;
}

static void *convert(void *arg) {
  const struct rates *r = rates();
  printf("%s: 100 USD = %d EUR\n", (const char *)arg, 100 * r->eur / r->usd);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, convert, "A");
  pthread_create(&b, NULL, convert, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  free(table);
  return 0;
}
