/* Rule: don't copy a mutex: the copy takes the mutex's state with it, locked or not.
 * The audit copies only the balance; the snapshot keeps a mutex of its own, unlocked.
 * Twin: copied_locked_mutex_buggy.c (the whole account, mutex included, is copied). */
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
  snapshot.balance = acct.balance; /* FIX: copy the data, not the mutex */
  pthread_mutex_unlock(&acct.mu);
  printf("snapshot taken\n");
  pthread_mutex_lock(&snapshot.mu);
  printf("snapshot balance = %d\n", snapshot.balance);
  pthread_mutex_unlock(&snapshot.mu);
  return 0;
}
