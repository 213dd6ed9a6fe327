/* Rule: don't copy a mutex: the copy takes the mutex's state with it, locked or not.
 * The audit copies the whole account, mutex included, while the mutex is held.
 * The copy is born locked and nobody will ever unlock it: locking it blocks forever.
 * Twin: copied_locked_mutex_fixed.c (copy the data, not the mutex). */
#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t mu;
  int balance;
};

static struct account acct = {PTHREAD_MUTEX_INITIALIZER, 100};
static struct account snapshot = {PTHREAD_MUTEX_INITIALIZER, 0};

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* print each line now, even if we freeze later */
  pthread_mutex_lock(&acct.mu);
  snapshot = acct; /* BUG: copies the mutex too, in its locked state */
  pthread_mutex_unlock(&acct.mu);
  printf("snapshot taken\n");
  pthread_mutex_lock(&snapshot.mu);
  printf("snapshot balance = %d\n", snapshot.balance);
  pthread_mutex_unlock(&snapshot.mu);
  return 0;
}
