/* exits_holding.c with the unlock restored on the early return: the lock ledger is silent.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t journal_mu = PTHREAD_MUTEX_INITIALIZER;
static int entries;

static int append_entry(int value) {
  pthread_mutex_lock(&journal_mu); /* LOCK */
  if (value < 0) {
    pthread_mutex_unlock(&journal_mu);
    return -1;
  }
  entries++;
  pthread_mutex_unlock(&journal_mu);
  return 0;
}

static void *writer(void *unused) {
  (void)unused;
  append_entry(-1);
  return NULL; /* RETURN */
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  pthread_join(t, NULL);
  printf("entries = %d\n", entries);
  return 0;
}
