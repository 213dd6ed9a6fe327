/* Rule: neighbouring bit-fields are one memory location: guard them with one lock.
 * An account keeps two flags, `frozen`, which the fraud desk sets under fraud_mu, and
 * `vip`, which the sales desk sets under sales_mu. Each is a field of its own, not a
 * bit-field: two memory locations, so each lock guards its own and nothing races.
 * Twin: bitfield_racy.c (the flags are neighbouring bit-fields). */
#include <pthread.h>
#include <stdio.h>

struct account_flags {
  unsigned char frozen; /* FIX: a memory location of its own */
  unsigned char vip;
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
