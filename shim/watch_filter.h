/* The seccomp filter racecheck watches a program's calls through (src/run/clone_watch.h):
 * installed before the program's exec by racecheck, in a run a fork server forks by the
 * shim, before the program's code runs. It hands racecheck, as user notifications: each exec
 * (the program's process may exec once, to start); each write-family call on the lock
 * ledger's descriptor; and, when threads are counted, each rseq call, which every thread
 * glibc starts makes first. Another ABI's calls (x32, int 0x80) are refused: an exec made so
 * would go unseen. Both racecheck and the shim build it from this header, so they agree. */
#ifndef RACECHECK_WATCH_FILTER_H
#define RACECHECK_WATCH_FILTER_H

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define RACECHECK_WATCHED_ARCH AUDIT_ARCH_X86_64
#define RACECHECK_X32_CALL 0x40000000u /* __X32_SYSCALL_BIT */
#elif defined(__aarch64__)
#define RACECHECK_WATCHED_ARCH AUDIT_ARCH_AARCH64
#define RACECHECK_X32_CALL 0x40000000u /* no call of this ABI has the bit */
#endif

/* A BPF jump from instruction `from` to instruction `to`, later in the program. */
#define RACECHECK_TO(from, to) ((to) - (from)-1)
/* The low 32 bits of a call's argument n: a descriptor, as the kernel reads it. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RACECHECK_ARG_LOW(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#else
#define RACECHECK_ARG_LOW(n) (offsetof(struct seccomp_data, args) + 8 * (n) + 4)
#endif

/* Sets no_new_privs and installs the filter on the calling thread (and all it starts),
 * watching writes to the descriptor `ledger` (0: none) and counting threads if
 * `count_threads`. Returns its listener, which the program must never hold, or -1. */
static inline int racecheck_watch_filter(int ledger, int count_threads) {
#ifdef RACECHECK_WATCHED_ARCH
  /* the descriptor written is the first argument of most write calls, the second of tee,
   * the third of splice and copy_file_range */
  enum {
    ARCH = 1,
    NR = 2,
    WRITE_CALLS = 7,
    ARG0 = 17,
    ARG1 = 19,
    ARG2 = 21,
    ALLOW = 23,
    NOTIFY = 24,
    REFUSE = 25,
  };
  __u32 watched = ledger > 0 ? (__u32)ledger : (__u32)-1; /* -1: no descriptor has it */
  /* without a count, rseq is a call like any other: -1 is no call's number */
  __u32 rseq = count_threads ? (__u32)__NR_rseq : (__u32)-1;
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, RACECHECK_WATCHED_ARCH, 0, RACECHECK_TO(ARCH, REFUSE)),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, RACECHECK_X32_CALL, RACECHECK_TO(NR + 1, REFUSE), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, rseq, RACECHECK_TO(4, NOTIFY), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, RACECHECK_TO(5, NOTIFY), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, RACECHECK_TO(6, NOTIFY), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_write, RACECHECK_TO(WRITE_CALLS, ARG0), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_writev, RACECHECK_TO(8, ARG0), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_pwrite64, RACECHECK_TO(9, ARG0), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_pwritev, RACECHECK_TO(10, ARG0), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_pwritev2, RACECHECK_TO(11, ARG0), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendfile, RACECHECK_TO(12, ARG0), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_tee, RACECHECK_TO(13, ARG1), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_splice, RACECHECK_TO(14, ARG2), 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_copy_file_range, RACECHECK_TO(15, ARG2), 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, RACECHECK_ARG_LOW(0)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, watched, RACECHECK_TO(ARG0 + 1, NOTIFY),
               RACECHECK_TO(ARG0 + 1, ALLOW)),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, RACECHECK_ARG_LOW(1)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, watched, RACECHECK_TO(ARG1 + 1, NOTIFY),
               RACECHECK_TO(ARG1 + 1, ALLOW)),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, RACECHECK_ARG_LOW(2)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, watched, RACECHECK_TO(ARG2 + 1, NOTIFY),
               RACECHECK_TO(ARG2 + 1, ALLOW)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
  };
  _Static_assert(sizeof code / sizeof *code == REFUSE + 1, "the labels are the instructions'");

  struct sock_fprog program = {.len = sizeof code / sizeof *code, .filter = code};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return -1;
  /* Once racecheck has a call, only a fatal signal may interrupt it: a call a signal
   * interrupted after racecheck wrote its record would be made, and written, again. */
  int listener = (int)syscall(
      SYS_seccomp, SECCOMP_SET_MODE_FILTER,
      SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &program);
  if (listener < 0 && errno == EINVAL) /* a kernel before 5.19 */
    listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
                            &program);
  return listener;
#else
  (void)ledger, (void)count_threads;
  return -1;
#endif
}

/* Sends the descriptor `fd` alone (with one byte) on the socket `sock`; returns 0, or -1. The
 * listener travels so: from the child to racecheck, from a run to its server to racecheck. */
static inline int racecheck_send_fd(int sock, int fd) {
  char byte = 0;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    char space[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof control);
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET, c->cmsg_type = SCM_RIGHTS, c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof fd);
  return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

/* The descriptor sent so on `sock` (recvmsg's `flags` besides close-on-exec), or -1 when
 * none came: the socket closed, or (MSG_DONTWAIT) nothing was there. */
static inline int racecheck_receive_fd(int sock, int flags) {
  char byte;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    char space[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control};
  ssize_t n;
  while ((n = recvmsg(sock, &msg, flags | MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
    ;
  struct cmsghdr *c = n == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
  int fd = -1;
  if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
      c->cmsg_len == CMSG_LEN(sizeof fd))
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
  return fd;
}

#endif
