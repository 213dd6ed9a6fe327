/* expect: FAIL exit */
/* Overwrites every program in racecheck's shared build cache, for the next try of the same
 * source to run it. The test defines the paths it aims at (CLASS, PROJECT, SECRET, PORT,
 * CASE_FILE) before this line. A correct counter otherwise: if the attack works, it says so and the
 * output is wrong; if it is stopped, it exits 3. */
#include <dirent.h>
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

/* "POISON", which the test looks for in the cache, written backwards here: the program's own
 * bytes are in the cache as they should be. */
static const char BACKWARDS[] = "NOSIOP";

static int poison(const char *folder, int depth) {
  char mark[sizeof BACKWARDS - 1];
  for (size_t i = 0; i < sizeof mark; i++)
    mark[i] = BACKWARDS[sizeof mark - 1 - i];
  DIR *d = opendir(folder);
  int poisoned = 0;
  for (struct dirent *e; d && (e = readdir(d));) {
    char path[4096];
    if (e->d_name[0] == '.')
      continue;
    snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
    int fd = depth < 2 ? -1 : open(path, O_WRONLY | O_TRUNC);
    poisoned += fd >= 0 && write(fd, mark, sizeof mark) == (ssize_t)sizeof mark;
    if (fd >= 0)
      close(fd);
    if (depth < 2)
      poisoned += poison(path, depth + 1);
  }
  if (d)
    closedir(d);
  return poisoned;
}

static int attack(void) {
  return poison(PROJECT "/build/sandbox-cache", 0) > 0;
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
