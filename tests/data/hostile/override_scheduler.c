/* expect: FAIL race */
/* The racy counter, with a function of the shim's scheduler defined again to switch the
 * lesson's schedule off: the shim's names are its own, so the program only gets a function
 * nobody calls, and the race is still found. */
#include <pthread.h>
#include <stdio.h>

int racecheck_sched_on(void);
int racecheck_sched_on(void) {
  return 0;
}

static int counter;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++)
    counter++;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
