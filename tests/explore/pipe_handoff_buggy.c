/* Rule: data handed over through a pipe is finished before it is sent.
 * A producer fills a shared slot and tells the consumer through a pipe that it is ready;
 * the consumer waits on the pipe, then reads the slot. The producer sends the word first
 * and fills the slot after: the consumer may read the slot while it is being filled.
 * Twin: pipe_handoff_fixed.c (the slot is filled before the word is sent). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int ready[2]; /* the pipe: read end [0], write end [1] */
static int slot;

static void *producer(void *unused) {
  (void)unused;
  char word = 'r';
  write(ready[1], &word, 1);
  slot = 42; /* BUG: filled after the consumer was told it is ready */
  return NULL;
}

static void *consumer(void *unused) {
  (void)unused;
  char word;
  if (read(ready[0], &word, 1) == 1)
    printf("slot: %d\n", slot);
  return NULL;
}

int main(void) {
  if (pipe(ready) != 0)
    return 1;
  pthread_t p, c;
  pthread_create(&c, NULL, consumer, NULL);
  pthread_create(&p, NULL, producer, NULL);
  pthread_join(p, NULL);
  pthread_join(c, NULL);
  return 0;
}
