#include "fork_server.h"

#include "../../shim/fork_server.h"
#include "environment.h"
#include "ledger_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* How long a server may take to fork a run before racecheck gives up on it. */
enum { SERVER_ANSWER_MS = 10000 };

static char **with_server(char **envp) {
  size_t n = 0;
  while (envp[n])
    n++;
  envp = xrealloc(envp, (n + 2) * sizeof *envp);
  envp[n] = xstrdup("RACECHECK_FORK_SERVER=1");
  envp[n + 1] = NULL;
  return envp;
}

/* In the server's process, from fork to exec: a group of its own, dying with racecheck,
 * the socket at its number, /dev/null for the rest. */
static void become_server(char *const argv[], char *const envp[], int sock, pid_t racecheck) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != racecheck)
    _exit(127);
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  struct sigaction default_action = {.sa_handler = SIG_DFL};
  if (setpgid(0, 0) == 0 && null >= 0 && dup2(null, 0) == 0 && dup2(null, 1) == 1 &&
      dup2(null, 2) == 2 && dup2(sock, RACECHECK_SERVER_FD) == RACECHECK_SERVER_FD &&
      sigaction(SIGPIPE, &default_action, NULL) == 0)
    execve(argv[0], argv, envp);
  _exit(127);
}

int fork_server_start(struct fork_server *s, int caller_tsan_options, char *const argv[]) {
  *s = (struct fork_server){.pid = -1, .sock = -1, .notify = -1};
  int pair[2];
  if (report_channel_open(&s->channel) != 0)
    return -1;
  s->notify = ledger_notify_open(s->channel.dir); /* if it cannot, each run watches its own */
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
    int saved = errno;
    report_channel_close(&s->channel);
    errno = saved;
    return -1;
  }
  char **envp = with_server(case_environment(caller_tsan_options, s->channel.tsan_option, NULL));
  pid_t racecheck = getpid();
  s->pid = fork();
  if (s->pid == 0)
    become_server(argv, envp, pair[1], racecheck);
  int saved = errno;
  free_environment(envp);
  close(pair[1]);
  s->sock = pair[0];
  if (s->pid < 0) {
    fork_server_stop(s);
    errno = saved;
    return -1;
  }
  return 0;
}

static int ask(struct fork_server *s, const char *schedule, int out, int err, int ledger) {
  int fds[] = {out, err, ledger};
  char control[CMSG_SPACE(sizeof fds)];
  memset(control, 0, sizeof control);
  const char *text = schedule ? schedule : "";
  struct iovec iov = {.iov_base = (char *)text, .iov_len = strlen(text) + 1};
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof fds);
  memcpy(CMSG_DATA(c), fds, sizeof fds);
  if (iov.iov_len > RACECHECK_SERVER_REQUEST_MAX) {
    errno = E2BIG;
    return -1;
  }
  return sendmsg(s->sock, &msg, MSG_NOSIGNAL) == (ssize_t)iov.iov_len ? 0 : -1;
}

/* The server's answer: the run's pid, or -1 (it forked none, or is gone). */
static pid_t answer(const struct fork_server *s) {
  pid_t pid = -1;
  struct pollfd readable = {.fd = s->sock, .events = POLLIN};
  if (poll(&readable, 1, SERVER_ANSWER_MS) != 1 ||
      recv(s->sock, &pid, sizeof pid, 0) != (ssize_t)sizeof pid)
    return -1;
  return pid;
}

pid_t fork_server_run(struct fork_server *s, const char *schedule, int out, int err, int ledger) {
  pid_t pid = s->failed || ask(s, schedule, out, err, ledger) != 0 ? -1 : answer(s);
  if (pid <= 0) {
    s->failed = 1;
    errno = ECHILD;
    return -1;
  }
  setpgid(pid, pid); /* the run does it too: its group is there to kill whichever is first */
  return pid;
}

void symbol_memo_free(struct symbol_memo *m) {
  free(m->code), free(m->data);
  symbols_free(&m->symbols);
  *m = (struct symbol_memo){0};
}

void fork_server_stop(struct fork_server *s) {
  if (s->sock >= 0)
    close(s->sock);
  if (s->notify >= 0)
    close(s->notify);
  if (s->pid > 0) {
    kill(-s->pid, SIGKILL); /* the server, and the symbolizer it started */
    kill(s->pid, SIGKILL);
    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
      ;
    while (waitpid(-s->pid, NULL, 0) > 0 || errno == EINTR) /* the symbolizer, adopted */
      ;
  }
  report_channel_close(&s->channel);
  symbol_memo_free(&s->names);
  *s = (struct fork_server){.pid = -1, .sock = -1, .notify = -1};
}
