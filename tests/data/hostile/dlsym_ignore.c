/* expect: FAIL detector_off */
/* The racy counter, with TSan told to ignore its writes through a hook found by dlsym under
 * a name the program assembles at run time, so that no word of the source names it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int counter;

static void call(const char *first, const char *second) {
  char name[64];
  snprintf(name, sizeof name, "%s%s", first, second);
  void (*hook)(const char *, int) = (void (*)(const char *, int))dlsym(RTLD_DEFAULT, name);
  if (hook)
    hook(__FILE__, __LINE__);
}

static void *increment(void *arg) {
  (void)arg;
  call("Annot", "ateIgnoreWritesBegin");
  call("Annot", "ateIgnoreReadsBegin");
  for (int i = 0; i < 500; i++)
    counter++;
  call("Annot", "ateIgnoreReadsEnd");
  call("Annot", "ateIgnoreWritesEnd");
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
