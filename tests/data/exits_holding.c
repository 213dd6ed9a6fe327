/* A worker returns early holding journal_mu, and nothing hangs: main only joins it and
 * prints. TSan has nothing to say; the lock ledger says which thread left holding which
 * lock, where it locked it (LOCK) and where the thread returned (RETURN).
 * Its twin: exits_unlocked.c, the same with the unlock restored. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t journal_mu = PTHREAD_MUTEX_INITIALIZER;
static int entries;

static int append_entry(int value) {
  pthread_mutex_lock(&journal_mu); /* LOCK */
  if (value < 0)
    return -1; /* leaves with journal_mu still locked */
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
