/* The types the vet test programs copy. Each line that vet must flag says so in a marker
 * comment naming the kinds of its findings, as Go's analysistest reads `// want`. */
#include <pthread.h>

struct account {
  pthread_mutex_t mu;
  int balance;
};

struct outer {
  int id;
  struct account inner;
};

struct bank {
  struct account acct;
  int branches;
};
