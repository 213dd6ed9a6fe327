/* A stack whose pop asserts it is not empty (ASSERT): the worker pushes two items, main
 * pops three, and the assertion fails. Every access is under the lock, so no detector has
 * anything to say; the run still failed, and its stderr says why. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int stack[8], top;

static void push(int value) {
  pthread_mutex_lock(&mu);
  stack[top++] = value;
  pthread_mutex_unlock(&mu);
}

static int pop(void) {
  pthread_mutex_lock(&mu);
  assert(top > 0); /* ASSERT */
  int value = stack[--top];
  pthread_mutex_unlock(&mu);
  return value;
}

static void *pusher(void *unused) {
  (void)unused;
  push(1);
  push(2);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, pusher, NULL);
  pthread_join(t, NULL);
  for (int i = 0; i < 3; i++)
    printf("popped %d\n", pop());
  return 0;
}
