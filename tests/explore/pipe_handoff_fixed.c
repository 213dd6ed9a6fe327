/* Rule: data handed over through a pipe is finished before it is sent.
 * A producer fills a shared slot, then tells the consumer through a pipe that it is ready;
 * the consumer waits on the pipe, then reads the slot. The pipe orders the fill before the
 * read: the consumer cannot pass its read() before the producer's write().
 * Twin: pipe_handoff_buggy.c (the word is sent before the slot is filled). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int ready[2]; /* the pipe: read end [0], write end [1] */
static int slot;

static void *producer(void *unused) {
  (void)unused;
  char word = 'r';
  slot = 42; /* FIX: filled first */
  write(ready[1], &word, 1);
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
