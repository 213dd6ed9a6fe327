/* Closes its stderr, where TSan would write, then locks a mutex it already holds: the hang
 * must still be found and diagnosed, since racecheck does not need the program's stderr. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  close(2);
  pthread_mutex_lock(&mu);
  pthread_mutex_lock(&mu); /* HANG */
  return 0;
}
