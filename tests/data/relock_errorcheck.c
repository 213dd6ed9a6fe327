/* A thread locks again a mutex it holds (AGAIN), first taken at the line marked FIRST. The
 * mutex checks for errors, so the second lock fails with EDEADLK instead of hanging, and
 * TSan reports nothing; the lock ledger names both sites. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account_mu;

static int add_interest(void) {
  return pthread_mutex_lock(&account_mu); /* AGAIN */
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&account_mu, &attr);
  pthread_mutex_lock(&account_mu); /* FIRST */
  printf("second lock: %s\n", add_interest() == EDEADLK ? "EDEADLK" : "taken");
  pthread_mutex_unlock(&account_mu);
  return 0;
}
