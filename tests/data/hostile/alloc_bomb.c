/* expect: FAIL memory */
/* Takes 1 GiB of memory, a page at a time, and holds it. The test defines the paths it aims at
 * (CLASS, PROJECT, SECRET, PORT, CASE_FILE) before this line. A correct counter otherwise: if the
 * attack works, it says so and the output is wrong; if it is stopped, it exits 3. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
  enum { PAGE = 4096, GIB = 1 << 30 };
  char *block = mmap(NULL, GIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED)
    return 0;
  for (size_t at = 0; at < GIB; at += PAGE)
    block[at] = 1;
  return 1;
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
