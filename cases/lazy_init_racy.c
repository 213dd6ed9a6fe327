/* Rule: initialise shared data once with pthread_once, not with a check outside the lock.
 * Two threads want the exchange-rate table, built on first use. Each looks at the table's
 * pointer without the lock, and takes the lock only to build it ("double-checked
 * locking"). Thread B comes once A has built it, sees the pointer, skips the lock and
 * reads the table: nothing orders A's writes of the table before B's reads, so B could
 * see the pointer and not yet the rates. TSan reports the race.
 * Twin: lazy_init_once.c (pthread_once builds the table, once, before anyone reads it). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct rates {
  int usd, eur;
};

static pthread_mutex_t table_mu = PTHREAD_MUTEX_INITIALIZER;
static struct rates *table;

static const struct rates *rates(void) {
  if (!table) { /* BUG: reads the pointer without the lock */
    pthread_mutex_lock(&table_mu);
    if (!table) {
      struct rates *r = malloc(sizeof *r);
      r->usd = 100;
      r->eur = 92;
      table = r;
    }
    pthread_mutex_unlock(&table_mu);
  }
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
