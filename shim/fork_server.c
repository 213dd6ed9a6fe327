/* The fork server, for racecheck explore: a run of the program under TSan costs its start
 * (the runtime's shadow memory, the dynamic loader, the symbolizer TSan starts to name a
 * report's frames) far more than the run itself. With RACECHECK_FORK_SERVER set, the program
 * pays that once: before its other constructors and main, while it has one thread (TSan
 * supports fork there), it serves racecheck's requests (fork_server.h), and each run is a
 * fork that returns from here into the program's start, with the request's schedule in
 * RACECHECK_SCHEDULE and its own stdout, stderr and ledger. The scheduler and the ledger
 * start in the run, as in a program started alone.
 *
 * Each run is forked twice, the middle process exiting at once, so that racecheck, the
 * subreaper of all it runs, adopts the run: it waits for it, watches it for a hang and kills
 * its group as it does a program it started itself. The symbolizer is started here, once:
 * the runs, one at a time, share it. */
#define _GNU_SOURCE
#include "fork_server.h"

#include "lock_ledger.h"

#include <fcntl.h>
#include <sched.h>
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

static char request[RACECHECK_SERVER_REQUEST_MAX + 1];

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

/* In the run: racecheck's child now, in a group of its own, dying with racecheck, with the
 * request's descriptors and schedule; then the program starts. */
static void become_run(pid_t middle, pid_t racecheck, const int fds[RUN_FDS]) {
  while (getppid() == middle)
    sched_yield();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != racecheck)
    _exit(127);
  prctl(PR_SET_PTRACER, (unsigned long)racecheck); /* gdb, racecheck's child, reads a hang */
  if (setpgid(0, 0) != 0 || dup2(fds[RUN_OUT], STDOUT_FILENO) < 0 ||
      dup2(fds[RUN_ERR], STDERR_FILENO) < 0 || dup2(fds[RUN_LEDGER], RACECHECK_LEDGER_FD) < 0)
    _exit(127);
  for (int i = 0; i < RUN_FDS; i++)
    close_fd(fds[i]);
  close_fd(RACECHECK_SERVER_FD);
  unsetenv("RACECHECK_FORK_SERVER");
  if (request[0])
    setenv("RACECHECK_SCHEDULE", request, 1);
}

/* Forks the run through a middle process; returns the run's pid to the server, or -1. In
 * the run, returns 0. */
static pid_t fork_run(pid_t racecheck, const int fds[RUN_FDS]) {
  int pid_pipe[2];
  if (pipe2(pid_pipe, O_CLOEXEC) != 0)
    return -1;
  pid_t middle = fork();
  if (middle == 0) {
    middle = getpid();
    pid_t run = fork();
    if (run == 0) {
      close_fd(pid_pipe[0]), close_fd(pid_pipe[1]);
      become_run(middle, racecheck, fds);
      return 0;
    }
    _exit(write(pid_pipe[1], &run, sizeof run) == sizeof run ? 0 : 1);
  }
  close_fd(pid_pipe[1]);
  pid_t run = -1;
  if (middle < 0 || read(pid_pipe[0], &run, sizeof run) != sizeof run)
    run = -1;
  close_fd(pid_pipe[0]);
  if (middle > 0)
    waitpid(middle, NULL, 0); /* gone: the run is racecheck's now */
  return run;
}

__attribute__((constructor(101))) static void racecheck_fork_server(void) {
  if (!getenv("RACECHECK_FORK_SERVER"))
    return;
  pid_t racecheck = getppid();
  if (__sanitizer_symbolize_pc) {
    char name[64];
    __sanitizer_symbolize_pc((void *)racecheck_fork_server, "%f", name, sizeof name);
  }
  for (int fds[RUN_FDS]; receive(fds) == 0;) {
    pid_t run = fork_run(racecheck, fds);
    if (run == 0)
      return; /* the program starts */
    for (int i = 0; i < RUN_FDS; i++)
      close_fd(fds[i]);
    if (send(RACECHECK_SERVER_FD, &run, sizeof run, MSG_NOSIGNAL) != sizeof run)
      break;
  }
  _exit(0);
}
