/* expect: FAIL forgot_unlock
 * The data is copied, but the account is never unlocked. */
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
  printf("snapshot taken\n");
  pthread_mutex_lock(&snapshot.mu);
  printf("snapshot balance = %d\n", snapshot.balance);
  pthread_mutex_unlock(&snapshot.mu);
  return 0;
}
