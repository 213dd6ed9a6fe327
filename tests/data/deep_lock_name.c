/* A lock 18 structs deep, taken and never given back: its name is written whole (a fixed 16
 * levels once cut it short). */
#include <pthread.h>
#include <stdio.h>
struct l0 {
  int pad;
  pthread_mutex_t mu;
};
struct l1 {
  int pad;
  struct l0 in;
};
struct l2 {
  int pad;
  struct l1 in;
};
struct l3 {
  int pad;
  struct l2 in;
};
struct l4 {
  int pad;
  struct l3 in;
};
struct l5 {
  int pad;
  struct l4 in;
};
struct l6 {
  int pad;
  struct l5 in;
};
struct l7 {
  int pad;
  struct l6 in;
};
struct l8 {
  int pad;
  struct l7 in;
};
struct l9 {
  int pad;
  struct l8 in;
};
struct l10 {
  int pad;
  struct l9 in;
};
struct l11 {
  int pad;
  struct l10 in;
};
struct l12 {
  int pad;
  struct l11 in;
};
struct l13 {
  int pad;
  struct l12 in;
};
struct l14 {
  int pad;
  struct l13 in;
};
struct l15 {
  int pad;
  struct l14 in;
};
struct l16 {
  int pad;
  struct l15 in;
};
struct l17 {
  int pad;
  struct l16 in;
};
struct l18 {
  int pad;
  struct l17 in;
};
static struct l18 deep = {.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.mu =
                              PTHREAD_MUTEX_INITIALIZER};
static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&deep.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.mu);
  return NULL;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  pthread_mutex_lock(&deep.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.in.mu);
  puts("done");
  return 0;
}
