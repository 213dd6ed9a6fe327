/* expect: FAIL no_locking
 * No lock and no copy at all: the balance is written in by hand. */
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
  printf("snapshot taken\n");
  printf("snapshot balance = %d\n", 100); /* WRONG: hard-coded */
  return 0;
}
