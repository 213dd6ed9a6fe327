/* A lock nested deeper than any fixed limit vet once had (16 levels): still found. */
#include <pthread.h>

struct level0 {
  pthread_mutex_t mu;
};
struct level1 {
  struct level0 inner;
};
struct level2 {
  struct level1 inner;
};
struct level3 {
  struct level2 inner;
};
struct level4 {
  struct level3 inner;
};
struct level5 {
  struct level4 inner;
};
struct level6 {
  struct level5 inner;
};
struct level7 {
  struct level6 inner;
};
struct level8 {
  struct level7 inner;
};
struct level9 {
  struct level8 inner;
};
struct level10 {
  struct level9 inner;
};
struct level11 {
  struct level10 inner;
};
struct level12 {
  struct level11 inner;
};
struct level13 {
  struct level12 inner;
};
struct level14 {
  struct level13 inner;
};
struct level15 {
  struct level14 inner;
};
struct level16 {
  struct level15 inner;
};
struct level17 {
  struct level16 inner;
};
struct level18 {
  struct level17 inner;
};
struct level19 {
  struct level18 inner;
};
struct level20 {
  struct level19 inner;
};

long deepest(struct level20 copy); /* vet: PASS_BY_VALUE_DECL */

void keep(struct level20 *p) {
  struct level20 copy = *p; /* vet: INIT_COPIES */
  (void)copy;
}
