/* expect: FAIL exec_refused */
/* The racy counter runs itself again with TSan told to report nothing, from the environment
 * it hands its own exec. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static int counter;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++)
    counter++;
  return NULL;
}

int main(int argc, char **argv) {
  prctl(PR_SET_NAME, "rc-hostile"); /* the test looks for survivors by this name */
  if (argc < 2) {
    char *again[] = {argv[0], "again", NULL};
    char *quiet[] = {"TSAN_OPTIONS=report_bugs=0:exitcode=0", NULL};
    execve("/proc/self/exe", again, quiet);
  }
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
