/* Two threads push onto one linked list with no lock: `racecheck show` of this source must
 * build it, name both threads by the lines that create them, quote the racing line and
 * draw the two pushes in two lanes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct node {
  int value;
  struct node *next;
};
static struct node *head;

static void push(int value) {
  struct node *n = malloc(sizeof *n);
  n->value = value;
  n->next = head;
  head = n;
}

static void *producer(void *arg) {
  for (int i = 0; i < 100; i++)
    push(i + (int)(long)arg);
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, producer, (void *)0);
  pthread_create(&b, NULL, producer, (void *)1000);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  int count = 0;
  for (struct node *n = head; n; n = n->next)
    count++;
  printf("%d nodes\n", count);
  return 0;
}
