/* The fork server, for racecheck explore: a run of the program under TSan costs its start
 * (the runtime's shadow memory, the dynamic loader, the symbolizer TSan starts to name a
 * report's frames) far more than the run itself. With RACECHECK_FORK_SERVER set, the program
 * pays that once: before its other constructors and main, while it has one thread (TSan
 * supports fork there), it serves racecheck's requests (fork_server.h), and each run is a
 * fork that returns from here into the program's start, with the request's schedule in
 * RACECHECK_SCHEDULE and its own stdout, stderr and ledger. The scheduler and the ledger
 * start in the run, as in a program started alone.
 *
 * Each run is the server's child, forked straight from it: the server waits for it and
 * passes its end on, and racecheck, given a pidfd of the run, watches it for a hang and
 * kills it as it does a program it started itself. The server is racecheck's child, or in a
 * sandbox bubblewrap's: its runs are in the sandbox too. The symbolizer is started here,
 * once: the runs, one at a time, share it. */
#define _GNU_SOURCE
#include "fork_server.h"

#include "lock_ledger.h"
#include "watch_filter.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* TSan's: names a pc, starting the symbolizer the first time. Weak: a build without TSan. */
__attribute__((weak)) void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out,
                                                    size_t size);

static char request[RACECHECK_SERVER_REQUEST_MAX + 1]; /* a watch mode, then the schedule */

enum { RUN_OUT, RUN_ERR, RUN_LEDGER, RUN_FDS };

static void close_fd(int fd) {
  syscall(SYS_close, fd);
}

/* One request: the schedule, NUL-terminated, and the run's descriptors. Returns 0, or -1
 * when racecheck has gone (the end of the socket) or sent something else. */
static int receive(int fds[RUN_FDS]) {
  char control[CMSG_SPACE(RUN_FDS * sizeof(int))];
  struct iovec iov = {.iov_base = request, .iov_len = RACECHECK_SERVER_REQUEST_MAX};
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  ssize_t n = recvmsg(RACECHECK_SERVER_FD, &msg, MSG_CMSG_CLOEXEC);
  struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
      c->cmsg_len != CMSG_LEN(RUN_FDS * sizeof(int)) || (msg.msg_flags & MSG_TRUNC))
    return -1;
  memcpy(fds, CMSG_DATA(c), RUN_FDS * sizeof(int));
  request[n] = '\0';
  return 0;
}

/* In the run: the server's child, in a group of its own, dying with the server (which dies
 * with racecheck), with the request's descriptors and schedule; watched as the request says,
 * the filter's listener sent to the server on `watch` (-1: unwatched); then the program
 * starts. */
static void become_run(pid_t server, pid_t tracer, const int fds[RUN_FDS], int watch) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != server)
    _exit(127);
  prctl(PR_SET_PTRACER, (unsigned long)tracer); /* gdb, racecheck's child, reads a hang */
  if (setpgid(0, 0) != 0 || dup2(fds[RUN_OUT], STDOUT_FILENO) < 0 ||
      dup2(fds[RUN_ERR], STDERR_FILENO) < 0 || dup2(fds[RUN_LEDGER], RACECHECK_LEDGER_FD) < 0)
    _exit(127);
  for (int i = 0; i < RUN_FDS; i++)
    close_fd(fds[i]);
  close_fd(RACECHECK_SERVER_FD);
  unsetenv("RACECHECK_FORK_SERVER");
  if (request[1])
    setenv("RACECHECK_SCHEDULE", request + 1, 1);
  if (watch < 0)
    return;
  /* last: from here on, what the run calls is racecheck's to answer */
  int whole = request[0] == RACECHECK_WATCH_THREADS;
  int listener = racecheck_watch_filter(whole ? RACECHECK_LEDGER_FD : 0, whole);
  if (listener >= 0)
    racecheck_send_fd(watch, listener); /* if it cannot, the server sends none: racecheck then runs
                                         * it alone, watched from its start */
  close_fd(listener);
  close_fd(watch);
}

/* The first answer: the pids, and a pidfd of the run, which tells racecheck, in any pid
 * namespace, when the run ends, lets it kill the run, and names its pid there; and the
 * listener of the run's watch, if it has one (-1: none). */
static int send_run(pid_t run, int listener) {
  struct racecheck_served_run pids = {.run = run, .server = getpid()};
  int fds[2] = {(int)syscall(SYS_pidfd_open, run, 0), listener};
  if (fds[0] < 0)
    return -1;
  size_t nfds = listener >= 0 ? 2 : 1;
  char control[CMSG_SPACE(sizeof fds)];
  memset(control, 0, sizeof control);
  struct iovec iov = {.iov_base = &pids, .iov_len = sizeof pids};
  struct msghdr msg = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control,
                       .msg_controllen = CMSG_SPACE(nfds * sizeof(int))};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
  memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
  ssize_t sent = sendmsg(RACECHECK_SERVER_FD, &msg, MSG_NOSIGNAL);
  close_fd(fds[0]);
  return sent == (ssize_t)sizeof pids ? 0 : -1;
}

/* Once racecheck asks (it has read the run's pid, and seen it end or killed it), waits for
 * the run's end; then kills its group, whatever it forked that stayed there, while the run,
 * still a zombie, keeps the group's id from reuse; then reaps it. Returns 0 with its wait
 * status, or -1 when racecheck has gone. */
static int reap_run(pid_t run, int *status) {
  char asked;
  ssize_t n;
  while ((n = recv(RACECHECK_SERVER_FD, &asked, sizeof asked, 0)) < 0 && errno == EINTR)
    ;
  if (n != sizeof asked)
    return -1;
  siginfo_t info;
  while (waitid(P_PID, (id_t)run, &info, WEXITED | WNOWAIT) != 0 && errno == EINTR)
    ;
  kill(-run, SIGKILL);
  while (waitpid(run, status, 0) < 0 && errno == EINTR)
    ;
  return 0;
}

__attribute__((constructor(101))) static void racecheck_fork_server(void) {
  if (!getenv("RACECHECK_FORK_SERVER"))
    return;
  pid_t tracer = getppid(), server = getpid();
  if (__sanitizer_symbolize_pc) {
    char name[64];
    __sanitizer_symbolize_pc((void *)racecheck_fork_server, "%f", name, sizeof name);
  }
  char ready = RACECHECK_SERVER_READY;
  if (send(RACECHECK_SERVER_FD, &ready, sizeof ready, MSG_NOSIGNAL) != sizeof ready)
    _exit(0);
  for (int fds[RUN_FDS]; receive(fds) == 0;) {
    int watch[2] = {-1, -1};
    if (request[0] != RACECHECK_WATCH_NONE &&
        socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, watch) != 0)
      break;
    pid_t run = fork();
    if (run == 0) {
      close_fd(watch[0]);
      become_run(server, tracer, fds, watch[1]);
      return; /* the program starts */
    }
    for (int i = 0; i < RUN_FDS; i++)
      close_fd(fds[i]);
    close_fd(watch[1]);
    int listener = run > 0 && watch[0] >= 0 ? racecheck_receive_fd(watch[0], 0) : -1;
    close_fd(watch[0]);
    int sent = run > 0 ? send_run(run, listener) : -1;
    close_fd(listener);
    if (sent != 0)
      break;
    int status = 0;
    if (reap_run(run, &status) != 0 ||
        send(RACECHECK_SERVER_FD, &status, sizeof status, MSG_NOSIGNAL) != sizeof status)
      break;
  }
  _exit(0);
}
