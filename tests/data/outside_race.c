/* A racy program that is not a case: `racecheck show` must find its race on the lines
 * marked RACE, which the end-to-end test reads from this file. */
#include <pthread.h>
#include <stdio.h>

static int hits;

static void *reader(void *unused) {
  (void)unused;
  printf("hits = %d\n", hits); /* RACE: read */
  return NULL;
}

static void *writer(void *unused) {
  (void)unused;
  hits += 42; /* RACE: write */
  return NULL;
}

int main(void) {
  pthread_t r, w;
  pthread_create(&r, NULL, reader, NULL);
  pthread_create(&w, NULL, writer, NULL);
  pthread_join(r, NULL);
  pthread_join(w, NULL);
  return 0;
}
