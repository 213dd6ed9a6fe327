/* A program that prints markup, in a file whose name is markup too: the HTML report of it
 * must show every byte as text, with no element of the program's making. Its race is
 * forced (the second write waits for the first through a relaxed flag, which orders
 * nothing for TSan), so every run reports it. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static int shared; /* </code></pre><script>document.title = 'owned by the source'</script> */
static atomic_int first_done;

static void *first(void *unused) {
  (void)unused;
  shared = 1;
  atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  return NULL;
}

static void *second(void *unused) {
  (void)unused;
  while (!atomic_load_explicit(&first_done, memory_order_relaxed))
    ;
  shared = 2;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("<script>document.title = 'owned by stdout'</script><img src=x onerror=alert(1)>\n");
  printf("\x1b[31m & \"quoted\" 'too' \xff\n");
  return 0;
}
