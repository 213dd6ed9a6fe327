/* expect: FAIL fork_bomb */
/* A fork bomb whose children each leave the process group. The test defines the paths it aims at
 * (CLASS, PROJECT, SECRET, PORT, CASE_FILE) before this line. A correct counter otherwise: if the
 * attack works, it says so and the output is wrong; if it is stopped, it exits 3. */
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

static int attack(void) {
  for (;;)
    if (fork() == 0)
      setsid();
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
