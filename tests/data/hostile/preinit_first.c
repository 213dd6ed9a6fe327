/* expect: FAIL detector_off */
/* Code that runs before racecheck's shim starts: an entry of .preinit_array, which the
 * dynamic loader calls before every constructor. Such code could speak for the fork server
 * (claim a run's exit status) or change what the shim reads at its start. Here it only
 * says it ran; the counter beside it is right. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void before_everything(void) {
  static const char said[] = "ran before the shim\n";
  write(2, said, sizeof said - 1);
}
__attribute__((section(".preinit_array"), used)) static void (*first)(void) = before_everything;

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *bump(void *unused) {
  (void)unused;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&counter_mu);
    counter++;
    pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, bump, NULL);
  pthread_create(&b, NULL, bump, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
