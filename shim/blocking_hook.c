/* For the benchmark's builds, which leave the rest of the shim out so that they measure the
 * detector alone: only the hook of blocking_hook.h, linked with
 * -Wl,--wrap=pthread_mutex_lock, so that a case that forces its schedule by turns still runs
 * to its end. */
#include "blocking_hook.h"

int __real_pthread_mutex_lock(pthread_mutex_t *m);
int __wrap_pthread_mutex_lock(pthread_mutex_t *m);
int __wrap_pthread_mutex_lock(pthread_mutex_t *m) {
  racecheck_call_blocking_hook(m);
  return __real_pthread_mutex_lock(m);
}
