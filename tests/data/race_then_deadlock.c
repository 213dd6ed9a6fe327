/* Two workers both bump an unprotected counter (RACE), then each takes one lock and waits
 * for the other's (DEADLOCK A, DEADLOCK B): TSan reports the race, and then the program
 * freezes with every thread asleep. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;
static int hits;

static void *first(void *unused) {
  (void)unused;
  hits++; /* RACE */
  pthread_mutex_lock(&a);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&b); /* DEADLOCK A */
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  hits++; /* RACE */
  pthread_mutex_lock(&b);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&a); /* DEADLOCK B */
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_create(&t1, NULL, first, NULL);
  pthread_create(&t2, NULL, second, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("hits = %d\n", hits);
  return 0;
}
