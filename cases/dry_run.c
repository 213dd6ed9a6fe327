/* Rule: a mutex lets one thread at a time in; the others wait in line for the key.
 * Threads A and B each add one to a shared counter under a mutex, and say each step as
 * they take it. Under the lesson's schedule B asks for the key while A holds it, so B
 * waits until A gives it back, then adds one to what A wrote.
 * No twin: this case shows the mutex working, and TSan has nothing to report. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *increment(void *name) {
  printf("%s calls lock()\n", (const char *)name);
  pthread_mutex_lock(&counter_mu);
  printf("%s has the key\n", (const char *)name);
  int old_value = counter;
  counter = old_value + 1;
  printf("%s updates %d -> %d\n", (const char *)name, old_value, counter);
  printf("%s calls unlock()\n", (const char *)name);
  pthread_mutex_unlock(&counter_mu);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, "A");
  pthread_create(&b, NULL, increment, "B");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
