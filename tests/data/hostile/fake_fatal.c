/* expect: FAIL race */
/* A race, and a TSan FATAL line printed by the program to pass for a broken machine. The test
 * defines the paths it aims at (CLASS, PROJECT, SECRET, PORT, CASE_FILE) before this line. A
 * correct counter otherwise: if the attack works, it says so and the output is wrong; if it is
 * stopped, it exits 3. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&counter_mu);
    counter++;
    pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

static int shared;

static void *touch(void *arg) {
  (void)arg;
  shared++;
  return NULL;
}

static int attack(void) {
  fprintf(stderr, "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f00-0x7f01\n");
  pthread_t a, b;
  pthread_create(&a, NULL, touch, NULL);
  pthread_create(&b, NULL, touch, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}

int main(void) {
  prctl(PR_SET_NAME, "rc-hostile"); /* the test looks for survivors by this name */
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  if (attack()) {
    printf("ESCAPED\n");
    return 0;
  }
  printf("counter = %d\n", counter);
  return 3;
}
