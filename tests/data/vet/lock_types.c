/* Every lock type: the built-in ones, a typedef of one, and types marked with
 * __attribute__((annotate("racecheck_lock"))); and a lock's type written as typeof. */
#include <pthread.h>
#include <semaphore.h>
#include <threads.h>

typedef pthread_mutex_t guard_t;

typedef struct {
  int next, serving;
} __attribute__((annotate("racecheck_lock"))) ticket_t;

typedef int __attribute__((annotate("racecheck_lock"))) futex_word;

struct __attribute__((annotate("racecheck_lock"))) seqlock {
  unsigned sequence;
};

struct locks {
  pthread_rwlock_t rw;
  pthread_spinlock_t spin;
  pthread_cond_t cond;
  pthread_barrier_t barrier;
  sem_t sem;
  mtx_t mtx;
  cnd_t cnd;
  guard_t guard;
  ticket_t ticket;
  struct seqlock seq;
  futex_word futex;
};

static pthread_mutex_t global_mu;

void by_typeof(__typeof__(global_mu) mu); /* vet: PASS_BY_VALUE_DECL */

void types(struct locks *to, struct locks *from) {
  to->rw = from->rw;           /* vet: ASSIGN_COPIES */
  to->spin = from->spin;       /* vet: ASSIGN_COPIES */
  to->cond = from->cond;       /* vet: ASSIGN_COPIES */
  to->barrier = from->barrier; /* vet: ASSIGN_COPIES */
  to->sem = from->sem;         /* vet: ASSIGN_COPIES */
  to->mtx = from->mtx;         /* vet: ASSIGN_COPIES */
  to->cnd = from->cnd;         /* vet: ASSIGN_COPIES */
  to->guard = from->guard;     /* vet: ASSIGN_COPIES */
  to->ticket = from->ticket;   /* vet: ASSIGN_COPIES */
  to->seq = from->seq;         /* vet: ASSIGN_COPIES */
  to->futex = from->futex;     /* vet: ASSIGN_COPIES */
}
