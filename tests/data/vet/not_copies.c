/* Everything here touches a lock and copies none: vet must find nothing. */
#include "locks.h"

#include <stddef.h>
#include <string.h>

#define ACCOUNT_INIT                                                                               \
  { PTHREAD_MUTEX_INITIALIZER, 0 }

struct plain {
  int x, y;
};

struct __attribute__((annotate("not_a_lock"))) noted {
  int x;
};

struct journal {
  size_t len;
  pthread_mutex_t entries[]; /* a flexible array member is not copied with its struct */
};

struct account *find(int id);
void lock_all(pthread_mutex_t locks[4]);
void use(pthread_mutex_t *mu, struct account *a);

static pthread_mutex_t global_mu = PTHREAD_MUTEX_INITIALIZER;
static struct account global_account = ACCOUNT_INIT;
static struct account accounts[2] = {ACCOUNT_INIT, {PTHREAD_MUTEX_INITIALIZER, 1}};

/* Returning a fresh value, as go vet's `return T{}`: the caller gets the only one. */
struct account opened(void) {
  return (struct account){PTHREAD_MUTEX_INITIALIZER, 0};
}

struct account passed_on(void) {
  return opened();
}

void not_copies(struct account *a, struct plain p, struct journal *j, struct journal *k, void *raw,
                pthread_mutex_t locks[4]) {
  struct account *ptr = &global_account;
  struct account from_call = opened();
  struct account from_pointer_call = *find(1);
  struct account from_literal = (struct account){PTHREAD_MUTEX_INITIALIZER, 2};
  struct account from_macro = ACCOUNT_INIT;
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  struct plain q = p;
  struct noted n = {1}, m = n;
  size_t sizes = sizeof(*a = global_account) + sizeof global_account + _Alignof(struct account) +
                 sizeof(opened());
  __typeof__(*a = global_account) *typed = a;
  struct account *cast = (__typeof__(*a = global_account) *)raw;
  use(&global_mu, &accounts[1]);
  use(&a->mu, a);
  lock_all(locks);
  *j = *k;
  from_call = opened();
  *a = *find(2);
  q = (struct plain){1, 2};
  memcpy(raw, &p, sizeof p);
  memcpy(raw, raw, sizes);
  (void)(a, p);
  (void)ptr, (void)from_pointer_call, (void)from_literal, (void)from_macro, (void)mu;
  (void)typed, (void)cast, (void)m;
}
