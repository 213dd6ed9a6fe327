/* Rule: neighbouring bit-fields are one memory location: guard them with one lock.
 * An account keeps two flags as bit-fields of one word: `frozen`, which the fraud desk
 * sets under fraud_mu, and `vip`, which the sales desk sets under sales_mu. Writing a
 * bit-field reads and writes the whole word it sits in, so the two desks' writes race,
 * and one can undo the other, although each holds "its" lock. TSan reports the race.
 * Twin: bitfield_fixed.c (each flag a field of its own: two memory locations). */
#include <pthread.h>
#include <stdio.h>

struct account_flags {
  unsigned frozen : 1; /* BUG: shares a memory location with vip */
  unsigned vip : 1;
};

static pthread_mutex_t fraud_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sales_mu = PTHREAD_MUTEX_INITIALIZER;
struct account_flags flags;

static void *fraud_desk(void *unused) {
  (void)unused;
  pthread_mutex_lock(&fraud_mu);
  flags.frozen = 1;
  pthread_mutex_unlock(&fraud_mu);
  return NULL;
}

static void *sales_desk(void *unused) {
  (void)unused;
  pthread_mutex_lock(&sales_mu);
  flags.vip = 1;
  pthread_mutex_unlock(&sales_mu);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, fraud_desk, NULL);
  pthread_create(&b, NULL, sales_desk, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("frozen %d, vip %d\n", flags.frozen, flags.vip);
  return 0;
}
