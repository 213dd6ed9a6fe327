/* The scheduling points the lock ledger does not already wrap (shim/scheduler.c): the
 * accesses TSan instruments, linked with -Wl,--wrap=__tsan_read4 and the like; condition
 * signals; close; sched_yield; the program's exit; and the calls that may block in the
 * kernel on a descriptor (read, write, recv, send, accept, poll). Each goes on into the real call;
 * an access goes through the _pc entry point with the program's return address, so that TSan still
 * names the program's line as the access's frame. In a build without TSan, only the calls are
 * points. */
#define _GNU_SOURCE
#include "lock_ledger.h"
#include "scheduler.h"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <threads.h>

#define ACCESS_WRAPPER(kind, size)                                                                 \
  void __tsan_##kind##size##_pc(void *addr, void *pc) __attribute__((weak));                       \
  void __wrap___tsan_##kind##size(void *addr);                                                     \
  void __wrap___tsan_##kind##size(void *addr) {                                                    \
    racecheck_ledger_access(addr);                                                                 \
    if (racecheck_sched_watches(addr))                                                             \
      racecheck_sched_access(addr);                                                                \
    __tsan_##kind##size##_pc(addr, __builtin_return_address(0));                                   \
  }

ACCESS_WRAPPER(read, 1)
ACCESS_WRAPPER(read, 2)
ACCESS_WRAPPER(read, 4)
ACCESS_WRAPPER(read, 8)
ACCESS_WRAPPER(read, 16)
ACCESS_WRAPPER(write, 1)
ACCESS_WRAPPER(write, 2)
ACCESS_WRAPPER(write, 4)
ACCESS_WRAPPER(write, 8)
ACCESS_WRAPPER(write, 16)

/* An atomic access is a point too; the jump into the real one keeps the program's frame. */
#if __has_attribute(musttail)
#define JUMP __attribute__((musttail))
#else
#define JUMP
#endif

#define ATOMIC_RMW(bits, op)                                                                       \
  int##bits##_t __real___tsan_atomic##bits##_##op(volatile int##bits##_t *a, int##bits##_t v,      \
                                                  int mo) __attribute__((weak));                   \
  int##bits##_t __wrap___tsan_atomic##bits##_##op(volatile int##bits##_t *a, int##bits##_t v,      \
                                                  int mo);                                         \
  int##bits##_t __wrap___tsan_atomic##bits##_##op(volatile int##bits##_t *a, int##bits##_t v,      \
                                                  int mo) {                                        \
    racecheck_ledger_atomic_update((const void *)a);                                               \
    if (racecheck_sched_watches((const void *)a))                                                  \
      racecheck_sched_atomic_access((const void *)a);                                              \
    JUMP return __real___tsan_atomic##bits##_##op(a, v, mo);                                       \
  }

#define ATOMIC_LOAD(bits)                                                                          \
  int##bits##_t __real___tsan_atomic##bits##_load(const volatile int##bits##_t *a, int mo)         \
      __attribute__((weak));                                                                       \
  int##bits##_t __wrap___tsan_atomic##bits##_load(const volatile int##bits##_t *a, int mo);        \
  int##bits##_t __wrap___tsan_atomic##bits##_load(const volatile int##bits##_t *a, int mo) {       \
    if (racecheck_sched_watches((const void *)a))                                                  \
      racecheck_sched_atomic_access((const void *)a);                                              \
    JUMP return __real___tsan_atomic##bits##_load(a, mo);                                          \
  }

#define ATOMIC_STORE(bits)                                                                         \
  void __real___tsan_atomic##bits##_store(volatile int##bits##_t *a, int##bits##_t v, int mo)      \
      __attribute__((weak));                                                                       \
  void __wrap___tsan_atomic##bits##_store(volatile int##bits##_t *a, int##bits##_t v, int mo);     \
  void __wrap___tsan_atomic##bits##_store(volatile int##bits##_t *a, int##bits##_t v, int mo) {    \
    if (racecheck_sched_watches((const void *)a))                                                  \
      racecheck_sched_atomic_access((const void *)a);                                              \
    JUMP return __real___tsan_atomic##bits##_store(a, v, mo);                                      \
  }

/* A compare-and-swap: clang calls the _val entry point, GCC the _strong and _weak ones. */
#define ATOMIC_CAS_VAL(bits)                                                                       \
  int##bits##_t __real___tsan_atomic##bits##_compare_exchange_val(                                 \
      volatile int##bits##_t *a, int##bits##_t c, int##bits##_t v, int mo, int fmo)                \
      __attribute__((weak));                                                                       \
  int##bits##_t __wrap___tsan_atomic##bits##_compare_exchange_val(                                 \
      volatile int##bits##_t *a, int##bits##_t c, int##bits##_t v, int mo, int fmo);               \
  int##bits##_t __wrap___tsan_atomic##bits##_compare_exchange_val(                                 \
      volatile int##bits##_t *a, int##bits##_t c, int##bits##_t v, int mo, int fmo) {              \
    if (racecheck_sched_watches((const void *)a))                                                  \
      racecheck_sched_atomic_access((const void *)a);                                              \
    JUMP return __real___tsan_atomic##bits##_compare_exchange_val(a, c, v, mo, fmo);               \
  }

#define ATOMIC_CAS(bits, kind)                                                                     \
  int __real___tsan_atomic##bits##_compare_exchange_##kind(volatile int##bits##_t *a,              \
                                                           int##bits##_t *c, int##bits##_t v,      \
                                                           int mo, int fmo) __attribute__((weak)); \
  int __wrap___tsan_atomic##bits##_compare_exchange_##kind(                                        \
      volatile int##bits##_t *a, int##bits##_t *c, int##bits##_t v, int mo, int fmo);              \
  int __wrap___tsan_atomic##bits##_compare_exchange_##kind(                                        \
      volatile int##bits##_t *a, int##bits##_t *c, int##bits##_t v, int mo, int fmo) {             \
    if (racecheck_sched_watches((const void *)a))                                                  \
      racecheck_sched_atomic_access((const void *)a);                                              \
    JUMP return __real___tsan_atomic##bits##_compare_exchange_##kind(a, c, v, mo, fmo);            \
  }

ATOMIC_LOAD(32)
ATOMIC_LOAD(64)
ATOMIC_STORE(32)
ATOMIC_STORE(64)
ATOMIC_RMW(32, fetch_add)
ATOMIC_RMW(64, fetch_add)
ATOMIC_RMW(32, fetch_sub)
ATOMIC_RMW(64, fetch_sub)
ATOMIC_CAS_VAL(32)
ATOMIC_CAS_VAL(64)
ATOMIC_CAS(32, strong)
ATOMIC_CAS(64, strong)
ATOMIC_CAS(32, weak)
ATOMIC_CAS(64, weak)

#define SIGNAL_WRAPPER(fn, type, all)                                                              \
  int __real_##fn(type *cond);                                                                     \
  int __wrap_##fn(type *cond);                                                                     \
  int __wrap_##fn(type *cond) {                                                                    \
    racecheck_ledger_signal(cond, all, (uintptr_t)__builtin_return_address(0));                    \
    racecheck_sched_call(#fn);                                                                     \
    racecheck_sched_cond_signal(cond, all);                                                        \
    JUMP return __real_##fn(cond);                                                                 \
  }

SIGNAL_WRAPPER(pthread_cond_signal, pthread_cond_t, 0)
SIGNAL_WRAPPER(pthread_cond_broadcast, pthread_cond_t, 1)
SIGNAL_WRAPPER(cnd_signal, cnd_t, 0)
SIGNAL_WRAPPER(cnd_broadcast, cnd_t, 1)

/* Closing a descriptor another thread may use: the thread stops before it. */
int __real_close(int fd);
int __wrap_close(int fd);
int __wrap_close(int fd) {
  racecheck_sched_call("close");
  JUMP return __real_close(fd);
}

int __real_sched_yield(void);
int __wrap_sched_yield(void);
int __wrap_sched_yield(void) {
  racecheck_sched_yield();
  return __real_sched_yield();
}

/* A call that may block until its descriptor is ready: it waits in the scheduler instead
 * (unless a flag says it will not block), then goes on into the real call. */
#define IO_WRAPPER(type, fn, events, params, args, blocks)                                         \
  type __real_##fn params;                                                                         \
  type __wrap_##fn params;                                                                         \
  type __wrap_##fn params {                                                                        \
    if (blocks)                                                                                    \
      racecheck_sched_io_fd(fd, events);                                                           \
    JUMP return __real_##fn args;                                                                  \
  }

IO_WRAPPER(ssize_t, read, POLLIN, (int fd, void *buf, size_t n), (fd, buf, n), 1)
IO_WRAPPER(ssize_t, readv, POLLIN, (int fd, const struct iovec *iov, int n), (fd, iov, n), 1)
IO_WRAPPER(ssize_t, write, POLLOUT, (int fd, const void *buf, size_t n), (fd, buf, n), 1)
IO_WRAPPER(ssize_t, writev, POLLOUT, (int fd, const struct iovec *iov, int n), (fd, iov, n), 1)
IO_WRAPPER(ssize_t, recv, POLLIN, (int fd, void *buf, size_t n, int flags), (fd, buf, n, flags),
           !(flags & MSG_DONTWAIT))
IO_WRAPPER(ssize_t, recvfrom, POLLIN,
           (int fd, void *buf, size_t n, int flags, struct sockaddr *from, socklen_t *len),
           (fd, buf, n, flags, from, len), !(flags & MSG_DONTWAIT))
IO_WRAPPER(ssize_t, recvmsg, POLLIN, (int fd, struct msghdr *msg, int flags), (fd, msg, flags),
           !(flags & MSG_DONTWAIT))
IO_WRAPPER(ssize_t, send, POLLOUT, (int fd, const void *buf, size_t n, int flags),
           (fd, buf, n, flags), !(flags & MSG_DONTWAIT))
IO_WRAPPER(ssize_t, sendto, POLLOUT,
           (int fd, const void *buf, size_t n, int flags, const struct sockaddr *to, socklen_t len),
           (fd, buf, n, flags, to, len), !(flags & MSG_DONTWAIT))
IO_WRAPPER(ssize_t, sendmsg, POLLOUT, (int fd, const struct msghdr *msg, int flags),
           (fd, msg, flags), !(flags & MSG_DONTWAIT))
IO_WRAPPER(int, accept, POLLIN, (int fd, struct sockaddr *from, socklen_t *len), (fd, from, len), 1)
IO_WRAPPER(int, accept4, POLLIN, (int fd, struct sockaddr *from, socklen_t *len, int flags),
           (fd, from, len, flags), !(flags & SOCK_NONBLOCK))

int __real_poll(struct pollfd *fds, nfds_t n, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout) {
  racecheck_sched_poll(fds, n, timeout);
  JUMP return __real_poll(fds, n, timeout);
}

/* The program's exit: exit() called, or main returned (the C runtime's call of main is
 * linked to __wrap_main with -Wl,--wrap=main). */
_Noreturn void __real_exit(int status);
_Noreturn void __wrap_exit(int status);
_Noreturn void __wrap_exit(int status) {
  racecheck_sched_exit(0);
  __real_exit(status);
}

int __real_main(int argc, char **argv, char **envp);
int __wrap_main(int argc, char **argv, char **envp);
int __wrap_main(int argc, char **argv, char **envp) {
  int status = __real_main(argc, argv, envp);
  racecheck_sched_exit(1);
  return status;
}
