#include "fork_server.h"

#include "../../shim/fork_server.h"
#include "child.h"
#include "environment.h"
#include "ledger_watch.h"
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/rseq.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* How long a server may take to fork a run, or to reap one that ended, before racecheck
 * gives up on it. */
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
 * the socket at its number, /dev/null for the rest; in a sandbox, as its user, under its
 * cap on processes, with bwrap's info descriptor (info, or -1 without a sandbox). */
static void become_server(char *const argv[], char *const envp[], int sock, int info,
                          const struct sandbox *sandbox, pid_t racecheck) {
  if (sandbox && sandbox_drop_privileges(sandbox) != 0) /* first: it clears the death signal */
    _exit(127);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != racecheck)
    _exit(127);
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  struct sigaction default_action = {.sa_handler = SIG_DFL};
  struct rlimit no_core = {0, 0}; /* a crash inside the sandbox leaves no core file behind */
  if (setpgid(0, 0) != 0 || null < 0 || dup2(null, 0) != 0 || dup2(null, 1) != 1 ||
      dup2(null, 2) != 2 || dup2(sock, RACECHECK_SERVER_FD) != RACECHECK_SERVER_FD ||
      sigaction(SIGPIPE, &default_action, NULL) != 0)
    _exit(127);
  if (sandbox &&
      ((info == SANDBOX_INFO_FD ? fcntl(info, F_SETFD, 0) : dup2(info, SANDBOX_INFO_FD)) < 0 ||
       child_limit_processes(sandbox_max_processes(sandbox)) != 0 ||
       setrlimit(RLIMIT_CORE, &no_core) != 0))
    _exit(127);
  if (!sandbox)
    execve(argv[0], argv, envp);
  else
    execvpe(argv[0], argv, envp); /* bwrap is a command */
  _exit(127);
}

/* The command that starts the server: the program, or bwrap around it. */
static char **server_command(char *const argv[], const struct sandbox *sandbox,
                             const struct report_channel *channel, struct strlist *command) {
  if (!sandbox)
    return (char **)argv;
  sandbox_give(sandbox, channel->dir); /* the detector writes there as the sandbox's user */
  sandbox_command(sandbox, channel->dir, argv, command);
  strlist_push(command, NULL);
  return command->items;
}

/* Waits up to SERVER_ANSWER_MS for `fd` to be readable; returns whether it is. */
static int readable(int fd) {
  struct pollfd ready = {.fd = fd, .events = POLLIN};
  int n;
  while ((n = poll(&ready, 1, SERVER_ANSWER_MS)) < 0 && errno == EINTR)
    ;
  return n == 1;
}

/* Forks the server; in a sandbox, reads bwrap's first process from info[0]. */
static int fork_server(struct fork_server *s, char *const argv[], char **envp, int sock,
                       const int info[2], const struct sandbox *sandbox) {
  pid_t racecheck = getpid();
  s->pid = fork();
  if (s->pid == 0)
    become_server(argv, envp, sock, info[1], sandbox, racecheck);
  int saved = errno;
  if (info[1] >= 0)
    close(info[1]);
  if (s->pid > 0 && sandbox && readable(info[0]) && (s->sandbox = sandbox_read_info(info[0])) > 0)
    s->sandbox_end = (int)syscall(SYS_pidfd_open, s->sandbox, 0);
  if (s->pid > 0 && sandbox && s->sandbox_end < 0)
    saved = ECHILD; /* bwrap could not make the sandbox */
  if (info[0] >= 0)
    close(info[0]);
  errno = saved;
  return s->pid > 0 && (!sandbox || s->sandbox_end >= 0) ? 0 : -1;
}

/* The server as its runs' /proc numbers it: in a sandbox, the program's pid there. */
static pid_t server_seen_as(const struct fork_server *s) {
  return s->sandbox ? SANDBOX_PROGRAM_PID : s->pid;
}

static int note_helper(const struct process *p, void *server) {
  struct fork_server *s = server;
  if (p->ppid == server_seen_as(s) && s->nhelpers < sizeof s->helpers / sizeof *s->helpers)
    s->helpers[s->nhelpers++] = p->pid;
  return 0;
}

/* The server's children now, once it is ready: what it started for its runs to share. */
static void note_helpers(struct fork_server *s) {
  struct proc_view view;
  if (s->sandbox)
    proc_view_sandbox(&view, s->sandbox);
  else
    proc_view_host(&view);
  each_process_in(&view, note_helper, s);
}

/* Waits for the server to say it is ready. */
static int wait_ready(struct fork_server *s) {
  char said = 0;
  if (!readable(s->sock) || recv(s->sock, &said, sizeof said, 0) != sizeof said ||
      said != RACECHECK_SERVER_READY) {
    errno = ECHILD;
    return -1;
  }
  return 0;
}

static void close_pair(int pair[2]) {
  for (int i = 0; i < 2; i++)
    if (pair[i] >= 0)
      close(pair[i]);
}

int fork_server_start(struct fork_server *s, int caller_tsan_options, char *const argv[],
                      const struct sandbox *sandbox) {
  *s = (struct fork_server){.pid = -1, .sock = -1, .notify = -1, .sandbox_end = -1};
  int pair[2] = {-1, -1}, info[2] = {-1, -1};
  if (report_channel_open(&s->channel) != 0)
    return -1;
  s->notify = ledger_notify_open(s->channel.dir); /* if it cannot, each run watches its own */
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0 ||
      (sandbox && pipe2(info, O_CLOEXEC) != 0)) {
    int saved = errno;
    close_pair(pair), close_pair(info);
    fork_server_stop(s);
    errno = saved;
    return -1;
  }
  s->sock = pair[0];
  char **envp = with_server(case_environment(caller_tsan_options, s->channel.tsan_option, NULL));
  struct strlist command = {0};
  int rc = fork_server(s, server_command(argv, sandbox, &s->channel, &command), envp, pair[1], info,
                       sandbox);
  int saved = errno;
  free_environment(envp);
  strlist_free(&command);
  close(pair[1]);
  if (rc == 0 && wait_ready(s) != 0)
    rc = -1, saved = errno;
  if (rc == 0) {
    note_helpers(s);
    child_keep(s->pid);
  }
  if (rc != 0) {
    fork_server_stop(s);
    errno = saved;
  }
  return rc;
}

static int ask(struct fork_server *s, char watch, const char *schedule, int out, int err,
               int ledger) {
  int fds[] = {out, err, ledger};
  char control[CMSG_SPACE(sizeof fds)];
  memset(control, 0, sizeof control);
  char *text = xasprintf("%c%s", watch, schedule ? schedule : "");
  struct iovec iov = {.iov_base = text, .iov_len = strlen(text) + 1};
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof fds);
  memcpy(CMSG_DATA(c), fds, sizeof fds);
  int rc = iov.iov_len > RACECHECK_SERVER_REQUEST_MAX                     ? (errno = E2BIG, -1)
           : sendmsg(s->sock, &msg, MSG_NOSIGNAL) == (ssize_t)iov.iov_len ? 0
                                                                          : -1;
  free(text);
  return rc;
}

/* Waits for the server's next answer, of `size` bytes, into `data`, with the one or two
 * descriptors passed with it into fds (NULL: none expected; fds[1] -1 if one came).
 * Returns 0, or -1. */
static int answer(const struct fork_server *s, void *data, size_t size, int fds[2]) {
  char control[CMSG_SPACE(2 * sizeof(int))];
  struct iovec iov = {.iov_base = data, .iov_len = size};
  struct msghdr msg = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = fds ? control : NULL,
                       .msg_controllen = fds ? sizeof control : 0};
  if (fds)
    fds[0] = fds[1] = -1;
  if (!readable(s->sock))
    return -1;
  ssize_t n = recvmsg(s->sock, &msg, MSG_CMSG_CLOEXEC);
  struct cmsghdr *c = fds && n >= 0 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
      (c->cmsg_len == CMSG_LEN(sizeof(int)) || c->cmsg_len == CMSG_LEN(2 * sizeof(int))))
    memcpy(fds, CMSG_DATA(c), c->cmsg_len - CMSG_LEN(0));
  if (n == (ssize_t)size && !(msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) && (!fds || fds[0] >= 0))
    return 0;
  for (int i = 0; fds && i < 2; i++) /* what came with a wrong answer */
    if (fds[i] >= 0)
      close(fds[i]), fds[i] = -1;
  return -1;
}

/* The pid a pidfd refers to, in racecheck's pid namespace, and in the innermost it is in
 * (*inner): its fdinfo's "NSpid:" line, the kernel's word, not the server's; -1 once the
 * process is gone. */
static pid_t pid_of(int pidfd, pid_t *inner) {
  char path[64], text[1024];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
  if (fd >= 0)
    close(fd);
  text[n > 0 ? n : 0] = '\0';
  const char *at = strstr(text, "\nNSpid:");
  pid_t host = -1;
  *inner = -1;
  for (char *end = at ? (char *)at + strlen("\nNSpid:") : NULL; end && *end != '\n';) {
    long pid = strtol(end, &end, 10);
    if (pid <= 0)
      break;
    host = host < 0 ? (pid_t)pid : host;
    *inner = (pid_t)pid;
  }
  return host;
}

/* A server that failed serves no more, and is killed now: a run it forked and did not
 * tell of dies with it (each run dies with its server) rather than run on unwatched
 * beside the runs that follow. */
static int failed(struct fork_server *s) {
  s->failed = 1;
  if (s->pid > 0) {
    kill(-s->pid, SIGKILL);
    kill(s->pid, SIGKILL);
  }
  errno = ECHILD;
  return -1;
}

int fork_server_run(struct fork_server *s, enum served_watch watch, const char *schedule, int out,
                    int err, int ledger, struct served_run *run) {
  struct racecheck_served_run pids;
  int fds[2] = {-1, -1};
  *run = (struct served_run){.pid = -1, .pidfd = -1, .listener = -1, .sandbox = s->sandbox};
  if (s->failed || ask(s, (char)watch, schedule, out, err, ledger) != 0 ||
      answer(s, &pids, sizeof pids, fds) != 0)
    return failed(s);
  run->pidfd = fds[0], run->listener = fds[1];
  /* the run and the server as the kernel numbers them where the run's /proc and ledger
   * see them; the server's answer must agree */
  run->pid = pid_of(run->pidfd, &run->seen_as);
  run->server_seen_as = server_seen_as(s);
  /* glibc registers rseq in the program's threads as in racecheck's: one glibc, one
   * environment (the program's word on it, a variable it could define, is not asked) */
  run->threads_counted = watch == WATCH_THREADS && run->listener >= 0 && __rseq_size > 0;
  run->helpers = s->helpers, run->nhelpers = s->nhelpers;
  if (run->pid <= 0 || pids.run != run->seen_as || pids.server != run->server_seen_as ||
      (watch == WATCH_NONE) != (run->listener < 0)) {
    /* a watched run that sent no listener is not believed unwatched: started alone instead,
     * racecheck installs its watch itself */
    close(run->pidfd);
    if (run->listener >= 0)
      close(run->listener);
    run->pidfd = run->listener = -1;
    return failed(s);
  }
  return 0;
}

int fork_server_reaped(struct fork_server *s, int *status) {
  char reap = RACECHECK_SERVER_REAP;
  if (send(s->sock, &reap, sizeof reap, MSG_NOSIGNAL) != sizeof reap ||
      answer(s, status, sizeof *status, NULL) != 0)
    return failed(s);
  return 0;
}

void symbol_memo_free(struct symbol_memo *m) {
  free(m->code), free(m->data);
  symbols_free(&m->symbols);
  *m = (struct symbol_memo){0};
}

/* Kills the sandbox's first process, and so every process of its pid namespace, and waits
 * until they are all gone: its first process ends last. */
static void end_sandbox(int first) {
  enum { SANDBOX_END_MS = 10000 };
  struct pollfd ended = {.fd = first, .events = POLLIN};
  syscall(SYS_pidfd_send_signal, first, SIGKILL, NULL, 0);
  while (poll(&ended, 1, SANDBOX_END_MS) < 0 && errno == EINTR)
    ;
  close(first);
}

void fork_server_stop(struct fork_server *s) {
  if (s->sandbox_end >= 0)
    end_sandbox(s->sandbox_end);
  if (s->sock >= 0)
    close(s->sock);
  if (s->notify >= 0)
    close(s->notify);
  if (s->pid > 0) {
    child_keep(0);
    kill(-s->pid, SIGKILL); /* the server, and the symbolizer it started */
    kill(s->pid, SIGKILL);
    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
      ;
    while (waitpid(-s->pid, NULL, 0) > 0 || errno == EINTR) /* the symbolizer, adopted */
      ;
  }
  report_channel_close(&s->channel);
  symbol_memo_free(&s->names);
  *s = (struct fork_server){.pid = -1, .sock = -1, .notify = -1, .sandbox_end = -1};
}
