/* The mutex of <pthread.h>, annotated for Clang's thread safety analysis (-Wthread-safety),
 * which checks at compile time that a lock taken is released on every path, and released
 * only when held. The matrix reads every case with this header included first
 * (-include cases/thread_safety.h), so a lesson opts in by a build flag and carries no
 * annotation of its own: the mutex type is a capability, and lock, trylock and unlock say
 * what they do to it. The analysis stays within one function: it cannot see a caller's
 * lock, a lock order, a copy, or a cleanup handler's unlock. Nothing else is annotated:
 * no data is GUARDED_BY its mutex, so an unguarded access is not what it looks for. */
#ifndef THREAD_SAFETY_H
#define THREAD_SAFETY_H

#include <pthread.h>

typedef pthread_mutex_t __attribute__((capability("mutex"))) annotated_mutex_t;

/* The wrappers only say what the call does; their bodies are not analysed. */
#define THREAD_SAFETY_WRAPPER(what) __attribute__((what, no_thread_safety_analysis))

static inline int annotated_mutex_lock(annotated_mutex_t *mu)
    THREAD_SAFETY_WRAPPER(acquire_capability(*mu)) {
  return pthread_mutex_lock(mu);
}

static inline int annotated_mutex_trylock(annotated_mutex_t *mu)
    THREAD_SAFETY_WRAPPER(try_acquire_capability(0, *mu)) { /* 0: taken */
  return pthread_mutex_trylock(mu);
}

static inline int annotated_mutex_unlock(annotated_mutex_t *mu)
    THREAD_SAFETY_WRAPPER(release_capability(*mu)) {
  return pthread_mutex_unlock(mu);
}

#define pthread_mutex_t annotated_mutex_t
#define pthread_mutex_lock annotated_mutex_lock
#define pthread_mutex_trylock annotated_mutex_trylock
#define pthread_mutex_unlock annotated_mutex_unlock

#endif
