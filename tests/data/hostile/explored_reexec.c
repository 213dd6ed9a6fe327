/* expect: FAIL exec_refused */
/* A right counter in the lesson's run and the unforced runs; in a run of a schedule try explores
 * that preempts a thread, it runs itself again, with TSan told to report nothing, and races
 * there: were the explored runs watched less than the others, the race would go unseen. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter, racing;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    if (!racing)
      pthread_mutex_lock(&counter_mu);
    counter++;
    if (!racing)
      pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

int main(int argc, char **argv) {
  prctl(PR_SET_NAME, "rc-hostile"); /* the test looks for survivors by this name */
  const char *schedule = getenv("RACECHECK_SCHEDULE");
  racing = argc > 1;
  if (!racing && schedule && strstr(schedule, " =2")) {
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
