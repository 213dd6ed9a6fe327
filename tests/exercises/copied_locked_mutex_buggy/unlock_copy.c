/* expect: FAIL finding
 * The copied locked mutex is unlocked first, though no thread holds it. */
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
  pthread_mutex_unlock(&snapshot.mu); /* WRONG: unlocks what nobody locked */
  pthread_mutex_lock(&snapshot.mu);
  printf("snapshot balance = %d\n", snapshot.balance);
  pthread_mutex_unlock(&snapshot.mu);
  return 0;
}
