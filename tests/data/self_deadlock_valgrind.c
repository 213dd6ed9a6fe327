/* A thread locks a mutex it holds, under valgrind, which catches every signal itself: the
 * program sets no signal handler, so the frozen thread is a deadlock, diagnosed as under
 * TSan, and DRD says what it saw first.
 * Detector: valgrind --tool=drd */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pthread_mutex_lock(&mu);
  puts("locked once");
  pthread_mutex_lock(&mu);
  puts("locked twice");
  return 0;
}
