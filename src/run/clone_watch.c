#include "clone_watch.h"

#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#if defined(__x86_64__)
#define WATCHED_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define WATCHED_ARCH AUDIT_ARCH_AARCH64
#endif

int clone_watch_install(int sock) {
#ifdef WATCHED_ARCH
  /* Another ABI's clone (x32, int 0x80) goes uncounted: it can only make the count smaller
   * than the threads made, never larger. A clone without CLONE_THREAD (fork) goes on at
   * once, its flags read here (the low word of the first argument, on these little-endian
   * machines): a thousand forks wait for no answer. clone3's flags are in memory. */
  struct sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, WATCHED_ARCH, 0, 5),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 4, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 2),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
  };
  struct sock_fprog program = {.len = sizeof code / sizeof *code, .filter = code};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return -1;
  int listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                              SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
  if (listener < 0)
    return -1;
  char byte = 0;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    char space[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control = {0};
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET, c->cmsg_type = SCM_RIGHTS, c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &listener, sizeof listener);
  ssize_t sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
  close(listener); /* the program must never hold it: it could answer for racecheck */
  return sent == 1 ? 0 : -1;
#else
  (void)sock;
  return -1;
#endif
}

int clone_watch_receive(int sock) {
  char byte;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  union {
    char space[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof control};
  if (recvmsg(sock, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) != 1)
    return -1;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  int fd = -1;
  if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
  return fd;
}

/* Whether the thread `tid` (this machine's number) is of the program: its thread group,
 * numbered in each pid namespace it is in ("NStgid:\tHOST\tINNER"), is in exactly the
 * program's namespaces with the program's number there. A process in a namespace the
 * program made deeper has more numbers, and is not it. */
static pid_t program_group(const struct clone_watch *w, pid_t tid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
  struct buf status = {0};
  const char *line = NULL;
  if (read_file(path, &status))
    line = strstr(buf_str(&status), "\nNStgid:");
  pid_t found = 0;
  if (line) {
    struct strlist fields = {0};
    const char *at = line + strlen("\nNStgid:");
    char *text = xstrndup(at, strcspn(at, "\n"));
    split_words(text, " \t", &fields);
    if (fields.len == (size_t)w->depth && atol(fields.items[fields.len - 1]) == w->program)
      found = (pid_t)atol(fields.items[0]);
    strlist_free(&fields);
    free(text);
  }
  buf_free(&status);
  return found;
}

/* The flags of the call: clone's first argument, or the first field of clone3's struct,
 * read from the caller's memory while the call still waits (checked after the read). */
static int clone_flags(int listener, const struct seccomp_notif *n, unsigned long long *flags) {
  if (n->data.nr == __NR_clone) {
    *flags = n->data.args[0];
    return 0;
  }
  struct clone_args args;
  struct iovec local = {.iov_base = &args, .iov_len = sizeof args.flags};
  struct iovec remote = {.iov_base = (void *)(uintptr_t)n->data.args[0],
                         .iov_len = sizeof args.flags};
  if (process_vm_readv((pid_t)n->pid, &local, 1, &remote, 1, 0) != (ssize_t)sizeof args.flags)
    return -1;
  __u64 id = n->id;
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0)
    return -1;
  *flags = args.flags;
  return 0;
}

void clone_watch_answer(struct clone_watch *w) {
  struct seccomp_notif n;
  memset(&n, 0, sizeof n);
  if (ioctl(w->listener, SECCOMP_IOCTL_NOTIF_RECV, &n) != 0)
    return; /* the caller died meanwhile, or another read took it */
  unsigned long long flags = 0;
  if (clone_flags(w->listener, &n, &flags) == 0 && (flags & CLONE_THREAD)) {
    pid_t group = program_group(w, (pid_t)n.pid);
    if (group && (!w->program_host || group == w->program_host)) {
      w->program_host = group;
      w->threads++;
    }
  }
  struct seccomp_notif_resp answer = {.id = n.id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE};
  while (ioctl(w->listener, SECCOMP_IOCTL_NOTIF_SEND, &answer) != 0 && errno == EINTR)
    ;
}
