/* expect: FAIL detector_off */
/* Drops a TSan CHECK failure of its own into the detector's log folder, to pass for a
 * broken machine. The test defines the paths it
 * aims at (CLASS, PROJECT, SECRET, PORT, CASE_FILE) before this line. A correct counter otherwise:
 * if the attack works, it says so and the output is wrong; if it is stopped, it exits 3. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
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
  const char *options = getenv("TSAN_OPTIONS");
  const char *at = options ? strstr(options, "log_path='") : NULL;
  if (!at)
    return 0;
  char path[4096];
  snprintf(path, sizeof path, "%.*s.99999", (int)strcspn(at + 10, "'"), at + 10);
  FILE *f = fopen(path, "w");
  if (!f)
    return 0;
  fputs("ThreadSanitizer: CHECK failed: tsan_rtl.cpp:1 \"((0)) != (0)\" (0x0, 0x0)\n", f);
  fclose(f);
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
