#include "child.h"

#include "clone_watch.h"
#include "sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* After the child exits, how long a descendant may keep its output pipes open. */
enum { DRAIN_AFTER_EXIT_MS = 1000 };
/* After the ledger announced a wait: how often to look, and for how long. A thread that
 * announced its wait needs a moment to be in it. */
enum { QUICK_SAMPLE_MS = 2, QUICK_WINDOW_MS = 60 };
/* Once a sample finds every thread asleep, the next ones come this soon: two samples that
 * agree, with no thread switched between them, show a moment when all were blocked at
 * once however close together they are, and a hang is told without waiting out the
 * cadence of samples a running program gets. */
enum { CONFIRM_SAMPLE_MS = 10 };

/* The process group of the program running now, for the signal handler. */
static volatile sig_atomic_t running_group;

/* Ctrl-C reaches racecheck, not the case, which runs in a group of its own: take the
 * case down too, then die of the same signal. */
static void die_with_the_case(int sig) {
  if (running_group > 0)
    kill(-(pid_t)running_group, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

void setup_supervision(void) {
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  signal(SIGCHLD, SIG_DFL); /* an ignored SIGCHLD, inherited, would let the kernel reap */
  int deadly[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof deadly / sizeof deadly[0]; i++) {
    struct sigaction sa = {.sa_handler = die_with_the_case};
    sigemptyset(&sa.sa_mask);
    sigaction(deadly[i], &sa, NULL);
  }
}

/* A fork server lives on between runs: the one child racecheck keeps. */
static pid_t server_pid;

void child_keep(pid_t server) {
  server_pid = server;
}

/* Anything the case forked that left its process group (setsid, daemon) was reparented to
 * racecheck, its subreaper, once its parent died; racecheck has no child of its own left
 * at this point but a fork server, so every other child it has is such an orphan. Returns
 * how many it killed. */
static int kill_if_orphan(const struct process *p, void *killed) {
  if (p->ppid == getpid() && p->pid != server_pid) {
    kill(p->pid, SIGKILL);
    while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
      ;
    ++*(int *)killed;
  }
  return 0;
}

int child_kill_orphans(void) {
  int killed = 0, before;
  do { /* an orphan's own child is racecheck's once the orphan is reaped: look again */
    before = killed;
    each_process(kill_if_orphan, &killed);
  } while (killed > before);
  return killed;
}

struct stream {
  int fd;
  struct buf *kept;
  size_t *dropped;
};

static void drain(struct stream *s, size_t keep) {
  char chunk[65536];
  ssize_t n = read(s->fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (n <= 0) {
    close(s->fd);
    s->fd = -1;
    return;
  }
  size_t room = s->kept->len < keep ? keep - s->kept->len : 0;
  size_t take = (size_t)n < room ? (size_t)n : room;
  buf_add(s->kept, chunk, take);
  *s->dropped += (size_t)n - take;
}

int child_limit_processes(long max) {
  /* never above the limit it inherited (grade's, for a try), which it may not raise */
  struct rlimit processes, inherited;
  processes.rlim_cur = processes.rlim_max = (rlim_t)max;
  if (getrlimit(RLIMIT_NPROC, &inherited) == 0 && inherited.rlim_max < processes.rlim_max)
    processes.rlim_cur = processes.rlim_max = inherited.rlim_max;
  return setrlimit(RLIMIT_NPROC, &processes);
}

/* dup2, except that a descriptor already in place loses its close-on-exec flag too. */
static int move_fd(int from, int to) {
  return from == to ? fcntl(to, F_SETFD, 0) : dup2(from, to);
}

/* In the child: its own process group, /dev/null for stdin, the pipes for stdout and
 * stderr, SIGPIPE's default action (an ignored one would be inherited), and no address
 * randomization if asked. */
static int set_up(const struct child *c, int out_fd, int err_fd, int info_fd) {
  int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (setpgid(0, 0) != 0 || null < 0 || move_fd(null, 0) < 0 || move_fd(out_fd, 1) < 0 ||
      move_fd(err_fd, 2) < 0)
    return -1;
  /* the passed descriptor first: it may have the number bwrap's info descriptor goes to */
  if ((c->pass_fd_at > 0 && move_fd(c->pass_fd, c->pass_fd_at) < 0) ||
      (info_fd >= 0 && move_fd(info_fd, SANDBOX_INFO_FD) < 0))
    return -1;
  struct sigaction default_action = {.sa_handler = SIG_DFL};
  if (sigaction(SIGPIPE, &default_action, NULL) != 0)
    return -1;
  if (c->no_aslr && personality((unsigned long)personality(0xffffffff) | ADDR_NO_RANDOMIZE) < 0)
    return -1;
  if (c->max_processes > 0 && child_limit_processes(c->max_processes) != 0)
    return -1;
  struct rlimit space = {(rlim_t)c->max_address_space, (rlim_t)c->max_address_space};
  if (c->max_address_space > 0 && setrlimit(RLIMIT_AS, &space) != 0)
    return -1;
  struct rlimit no_core = {0, 0}; /* a crash inside the sandbox leaves no core file behind */
  if (c->sandbox && setrlimit(RLIMIT_CORE, &no_core) != 0)
    return -1;
  return 0;
}

/* The child, from fork to exec; if it cannot start, it sends its errno on `report`. */
static void become(const struct child *c, int out_fd, int err_fd, int info_fd, int report,
                   int clones, pid_t racecheck) {
  /* first: a change of user clears the parent-death signal */
  if (c->sandbox && sandbox_drop_privileges(c->sandbox) != 0) {
    int error = errno;
    while (write(report, &error, sizeof error) < 0 && errno == EINTR)
      ;
    _exit(127);
  }
  /* SIGKILL gives racecheck no time to kill the child, so the kernel does it. If racecheck
   * died before this line, no signal will come: the child must not run on alone. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != racecheck)
    _exit(127);
  /* Under Yama's ptrace_scope=1, only an ancestor may attach to the case, and gdb is its
   * sibling. Naming racecheck lets racecheck's descendants attach (Yama checks that the
   * tracer descends from the one named), gdb among them, and nobody else, as
   * PR_SET_PTRACER_ANY would. Without Yama, this fails and nothing is needed. */
  prctl(PR_SET_PTRACER, (unsigned long)racecheck);
  if (set_up(c, out_fd, err_fd, info_fd) == 0) {
    if (clones >= 0) /* last: the filter then watches only bwrap's clones and the program's */
      clone_watch_install(clones, c->vouch ? c->vouch->fd : 0, c->count_threads);
    if (c->search_path || c->sandbox) /* bwrap is a command */
      execvpe(c->argv[0], c->argv, c->envp);
    else
      execve(c->argv[0], c->argv, c->envp);
  }
  int error = errno;
  while (write(report, &error, sizeof error) < 0 && errno == EINTR)
    ;
  _exit(127);
}

/* Reads the child's errno from `report`, or nothing once it closes at the child's exec,
 * meanwhile answering what the watch holds: the child's exec waits for an answer, and the
 * watch's listener comes on `clones` (-1: none) just before it. */
static int wait_for_exec(int report, int clones, struct clone_watch *w) {
  int rc = 0;
  for (;;) {
    struct pollfd fds[2] = {{.fd = report, .events = POLLIN},
                            {.fd = w->listener >= 0 ? w->listener : clones, .events = POLLIN}};
    if (poll(fds, fds[1].fd >= 0 ? 2 : 1, -1) < 0) {
      if (errno == EINTR)
        continue;
      return errno;
    }
    if (fds[1].fd >= 0 && (fds[1].revents & POLLIN)) {
      if (w->listener >= 0)
        clone_watch_answer(w);
      else
        w->listener = clone_watch_receive(clones);
      if (w->listener < 0)
        clones = -1; /* the child could not send it: it runs unwatched */
    }
    if (fds[0].revents) {
      ssize_t n = read(report, &rc, sizeof rc);
      if (n >= 0 || errno != EINTR)
        return n > 0 ? rc : 0;
    }
  }
}

/* Forks the child and waits until it has called exec (`report` closes) or failed to (it
 * sends its errno, and is reaped): by then it has its own process group, to be killed
 * whole. Returns 0 or an errno. */
static int start(struct child *c, int out_pipe[2], int err_pipe[2], int info_fd, int clones[2],
                 pid_t *pid, struct served_run *served, struct clone_watch *w) {
  if (c->forked_by) {
    int rc = c->forked_by(c->server, out_pipe[1], err_pipe[1], c->pass_fd, served);
    *pid = served->pid;
    /* the run, already started: its exec was the server's */
    if (rc == 0 && served->listener >= 0) {
      *w = (struct clone_watch){.listener = served->listener,
                                .program = served->seen_as,
                                .depth = served->sandbox ? 2 : 1,
                                .started = 1,
                                .rseq_used = served->threads_counted,
                                .ledger = w->ledger};
      served->listener = -1; /* the watch's now */
    }
    return rc < 0 ? errno : 0;
  }
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0)
    return errno;
  pid_t racecheck = getpid();
  *pid = fork();
  if (*pid == 0)
    become(c, out_pipe[1], err_pipe[1], info_fd, report[1], clones[1], racecheck);
  int rc = *pid < 0 ? errno : 0;
  close(report[1]);
  /* the program, from its first call on: bwrap's first process's child, pid 2 of the
   * namespace, or the child itself */
  w->program = info_fd >= 0 ? SANDBOX_PROGRAM_PID : *pid;
  w->depth = info_fd >= 0 ? 2 : 1;
  if (*pid > 0)
    rc = wait_for_exec(report[0], clones[0], w);
  if (*pid > 0 && rc != 0)
    while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
      ;
  close(report[0]);
  return rc;
}

static int has_exited(pid_t pid, const struct served_run *served) {
  if (served->pidfd >= 0) { /* the server's child, which the server reaps */
    struct pollfd ended = {.fd = served->pidfd, .events = POLLIN};
    return poll(&ended, 1, 0) == 1;
  }
  siginfo_t info = {0};
  /* WNOWAIT leaves the child a zombie, so its process group id cannot be reused yet. */
  if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return 0;
  return info.si_pid == pid;
}

/* Whether p, in a sandbox's pid namespace, is not the program's but the sandbox's own:
 * bwrap's first process, and the fork server a run was forked from with the children it
 * had when it was ready (the symbolizer its runs share). A child a run gave the server
 * (clone with CLONE_PARENT) is the run's. */
static int sandbox_keeps(const struct process *p, const struct served_run *served) {
  int helper = 0;
  for (size_t i = 0; i < served->nhelpers && !helper; i++)
    helper = p->pid == served->helpers[i] && p->ppid == served->server_seen_as;
  return p->pid == 1 || (served->pidfd >= 0 && p->pid == served->server_seen_as) || helper;
}

struct left_in_sandbox {
  const struct served_run *served;
  const struct proc_view *view;
  int killed;
};

/* Kills p if the run left it in the sandbox's pid namespace out of its group (setsid): all
 * but what the sandbox keeps, zombies and the run's group, which the server killed, through
 * the namespace's /proc, whose pids it numbers. */
static int kill_if_left(const struct process *p, void *ctx) {
  struct left_in_sandbox *l = ctx;
  if (sandbox_keeps(p, l->served) || p->group == l->served->seen_as || p->state == 'Z')
    return 0;
  char path[128];
  snprintf(path, sizeof path, "%s/%d", l->view->root, (int)p->pid);
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  l->killed += fd >= 0 && syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0) == 0;
  if (fd >= 0)
    close(fd);
  return 0;
}

/* Returns 0, or -1 when a server could not say how its run ended. */
static int reap(struct child *c, pid_t pid, const struct served_run *served,
                const struct proc_view *view) {
  kill(-pid, SIGKILL); /* whatever the case forked dies with it */
  int status = 0;
  int lost = served->pidfd >= 0 && c->reaped_by(c->server, &status) != 0; /* its server's */
  while ((served->pidfd < 0 || lost) && waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ; /* a run whose server is gone is racecheck's child now, or nobody's it can wait for */
  if (c->supervise)
    running_group = 0;
  if (!lost && c->end == CHILD_EXITED && WIFSIGNALED(status)) { /* lost: no status to tell */
    c->end = CHILD_SIGNALED;
    c->status = WTERMSIG(status);
  } else if (!lost && c->end == CHILD_EXITED) {
    c->status = WEXITSTATUS(status);
  }
  /* Orphans from the group were reparented to us; reap them, then any that left it. */
  while (waitpid(-pid, NULL, 0) > 0 || errno == EINTR)
    ;
  /* a tool's run (gdb, diff) happens while the case is still our child; a watched run's
   * leftovers go before the next run, whose ledger they could write to; an unwatched
   * server's runs leave theirs to the server's end (explore: one look for all the runs) */
  if (c->supervise && (!c->forked_by || c->count_threads || c->watch_execs))
    c->outlived += child_kill_orphans();
  if (served->pidfd >= 0 && served->sandbox) { /* before the next run starts there */
    struct left_in_sandbox left = {.served = served, .view = view};
    each_process_in(view, kill_if_left, &left);
    c->outlived += left.killed;
  }
  return lost ? -1 : 0;
}

/* After the kill, what the case wrote before it died is still in the pipes: read it all. */
static void drain_to_end(struct child *c, struct stream streams[2]) {
  for (int i = 0; i < 2; i++) {
    while (streams[i].fd >= 0) {
      struct pollfd fd = {.fd = streams[i].fd, .events = POLLIN};
      if (poll(&fd, 1, HANG_SAMPLE_MS) <= 0)
        break; /* something outside the group still holds the pipe */
      drain(&streams[i], c->keep_bytes);
    }
  }
}
static void stop(struct child *c, enum child_end why, struct hang_watch *w) {
  c->end = why;
  if (why == CHILD_TIMEOUT)
    hang_watch_snapshot(w); /* every thread as it is now, not as last watched */
  if (c->before_kill)
    c->before_kill(w->pid, why, w, c->before_kill_ctx);
}

/* The ledger announced a wait: look again soon, and keep looking quickly for a while. Its
 * other records (a thread's tally as it ends: a thousand of them in the counter lesson)
 * announce nothing, and a quick look at a thousand threads is not cheap. */
static void read_ledger(struct child *c, double now, double *next_sample, double *quick_until) {
  size_t before = c->ledger->ledger.len;
  if (!ledger_watch_read(c->ledger))
    return;
  int announced = 0;
  for (size_t i = before; i < c->ledger->ledger.len && !announced; i++)
    announced = c->ledger->ledger.records[i].kind == LEDGER_BLOCK;
  if (!announced)
    return;
  *quick_until = now + QUICK_WINDOW_MS / 1000.0;
  if (*next_sample > now + QUICK_SAMPLE_MS / 1000.0)
    *next_sample = now + QUICK_SAMPLE_MS / 1000.0;
}

/* How long poll may wait: until the next sample, and a quarter sample at most. */
static int poll_ms(double now, double next_sample) {
  double ms = (next_sample - now) * 1000.0;
  return ms < 1 ? 1 : ms > HANG_SAMPLE_MS / 4 ? HANG_SAMPLE_MS / 4 : (int)ms;
}

/* Whether p is live and the program's, in a sandbox's pid namespace: a group of its own
 * (setsid) does not leave the namespace. */
static int in_sandbox_is_the_programs(const struct process *p, const struct served_run *served) {
  return p->state != 'Z' && !sandbox_keeps(p, served);
}

/* A process's share of the memory it holds (Pss): a page shared with n processes counts
 * 1/n in each, so a fork bomb's copies of one program count once, and a fork bomb is told
 * by its count of processes, every time. */
static long proportional_kib(const struct proc_view *view, pid_t pid) {
  char path[128], text[4096];
  snprintf(path, sizeof path, "%s/%d/smaps_rollup", view->root, (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
  if (fd >= 0)
    close(fd);
  text[n > 0 ? n : 0] = '\0';
  const char *at = strstr(text, "\nPss:");
  return at ? strtol(at + strlen("\nPss:"), NULL, 10) : 0;
}

/* A process's resident memory (Rss), which its Pss never exceeds: read in constant time,
 * where smaps_rollup walks every page table of a TSan process's huge mappings. */
static long resident_kib(const struct proc_view *view, pid_t pid) {
  char path[128], text[256];
  snprintf(path, sizeof path, "%s/%d/statm", view->root, (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
  if (fd >= 0)
    close(fd);
  text[n > 0 ? n : 0] = '\0';
  long size = 0, resident = 0;
  return sscanf(text, "%ld %ld", &size, &resident) == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024)
                                                        : 0;
}

/* What a walk of the processes finds of the child's: every live process of its group, or
 * of its sandbox's pid namespace that is the program's, and their memory. A walk reads
 * every process of the machine, so one walk serves both limits; only a count over its
 * limit ends it early. */
struct group_use {
  const struct proc_view *view;
  pid_t group;                     /* 0: the sandbox's namespace */
  const struct served_run *served; /* the run, if a server forked it */
  int processes, max_processes;
  long kib, limit_kib;
  long (*memory_of)(const struct proc_view *view, pid_t pid); /* in KiB */
};

static int add_use(const struct process *p, void *ctx) {
  struct group_use *u = ctx;
  int programs =
      u->group ? p->state != 'Z' && p->group == u->group : in_sandbox_is_the_programs(p, u->served);
  if (!programs)
    return 0;
  u->processes++;
  if (u->limit_kib > 0)
    u->kib += u->memory_of(u->view, p->pid);
  return u->max_processes > 0 && u->processes > u->max_processes;
}

enum excess { WITHIN_LIMITS, TOO_MANY_PROCESSES, TOO_MUCH_MEMORY };

/* Whether the group, or the sandbox, holds more processes or memory than the child may:
 * their Pss, summed only when their Rss, its upper bound, is over the limit. */
static enum excess over_limits(const struct child *c, pid_t pid, const struct proc_view *view,
                               const struct served_run *served) {
  struct group_use u = {.view = view,
                        .group = view->enter ? 0 : pid,
                        .served = served,
                        .max_processes = c->max_group_processes,
                        .limit_kib = c->max_memory_mib > 0 ? c->max_memory_mib * 1024 : 0,
                        .memory_of = resident_kib};
  if (u.max_processes <= 0 && u.limit_kib <= 0)
    return WITHIN_LIMITS;
  if (each_process_in(view, add_use, &u))
    return TOO_MANY_PROCESSES;
  if (u.kib <= u.limit_kib)
    return WITHIN_LIMITS;
  u.kib = 0, u.processes = 0, u.max_processes = 0, u.memory_of = proportional_kib;
  each_process_in(view, add_use, &u);
  return u.kib > u.limit_kib ? TOO_MUCH_MEMORY : WITHIN_LIMITS;
}

/* Waits up to `ms` for `fd` to be readable, answering meanwhile every clone call the watch
 * holds: bwrap's own clones wait for an answer too. Returns whether fd is readable. */
static int wait_answering_clones(int fd, int ms, struct clone_watch *w) {
  struct pollfd fds[2] = {{.fd = w->listener, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
  if (poll(fds, 2, ms) <= 0)
    return 0;
  if (fds[0].revents & POLLIN)
    clone_watch_answer(w);
  return fds[1].revents != 0;
}

/* bwrap's first process in the sandbox (sandbox_read_info), answering meanwhile the clone
 * calls bwrap makes before it writes it. */
static pid_t read_sandbox_pid(int fd, struct clone_watch *w) {
  while (w->listener >= 0 && !wait_answering_clones(fd, -1, w))
    ;
  return sandbox_read_info(fd);
}

/* Whether the sandbox's root is in place yet, with the namespace's own /proc in it: until
 * then, /proc/PID/root is the machine's root. */
static int sees_the_namespace(const struct proc_view *view) {
  char ours[128], theirs[128], target[64], inside[64];
  snprintf(ours, sizeof ours, "/proc/%d/ns/pid", (int)view->enter);
  snprintf(theirs, sizeof theirs, "%s/1/ns/pid", view->root);
  ssize_t n = readlink(ours, target, sizeof target - 1);
  ssize_t m = readlink(theirs, inside, sizeof inside - 1);
  return n > 0 && n == m && memcmp(target, inside, (size_t)n) == 0;
}

/* The program's pid and where to see it: in a sandbox, bwrap's first process is pid 1 of
 * the namespace and the command it starts is pid 2, seen in the namespace's own /proc once
 * bwrap has set its root up (a few milliseconds; it gives up after SANDBOX_SETUP_MS); a run
 * a server forked there has the pid the server gave. */
enum { SANDBOX_SETUP_MS = 5000 };
static pid_t program_view(pid_t pid, pid_t sandbox_pid, const struct served_run *served,
                          struct proc_view *view, struct clone_watch *w) {
  proc_view_host(view);
  if (served->pidfd >= 0)
    sandbox_pid = served->sandbox;
  if (!sandbox_pid)
    return pid;
  proc_view_sandbox(view, sandbox_pid);
  for (int waited = 0; !sees_the_namespace(view) && waited < SANDBOX_SETUP_MS; waited++) {
    if (has_exited(pid, served))
      break;
    wait_answering_clones(-1, 1, w);
  }
  return served->pidfd >= 0 ? served->seen_as : SANDBOX_PROGRAM_PID;
}

static void watch(struct child *c, pid_t pid, pid_t sandbox_pid, const struct served_run *served,
                  struct proc_view *view, struct stream streams[2], struct clone_watch *w) {
  struct hang_watch hang;
  pid_t program = program_view(pid, sandbox_pid, served, view, w);
  hang_watch_init(&hang, program, view, c->handlers_are_a_tools);
  if (c->forked_by) {
    hang.helpers = 2;
    hang.server = served->server_seen_as;
  }
  hang.ledger = c->ledger ? &c->ledger->ledger : NULL;
  double started = monotonic_seconds(), next_sample = started, exited_at = 0, quick_until = 0;
  double next_count = started;
  int ledger_fd = c->ledger ? c->ledger->notify : -1;
  /* readable once the child has exited: its end wakes the wait, which a timeout would not
   * (its pipes close a moment before it exits, and the next look would come a poll later) */
  int exit_fd = served->pidfd >= 0 ? served->pidfd : (int)syscall(SYS_pidfd_open, pid, 0);
  for (;;) {
    struct pollfd fds[5];
    nfds_t n = 0;
    for (int i = 0; i < 2; i++)
      if (streams[i].fd >= 0)
        fds[n++] = (struct pollfd){.fd = streams[i].fd, .events = POLLIN};
    nfds_t nstreams = n;
    if (ledger_fd >= 0)
      fds[n++] = (struct pollfd){.fd = ledger_fd, .events = POLLIN};
    if (exit_fd >= 0 && exited_at == 0)
      fds[n++] = (struct pollfd){.fd = exit_fd, .events = POLLIN};
    if (w->listener >= 0)
      fds[n++] = (struct pollfd){.fd = w->listener, .events = POLLIN};
    double now = monotonic_seconds();
    if (exited_at == 0 && has_exited(pid, served))
      exited_at = now;
    if (exited_at && (nstreams == 0 || now - exited_at > DRAIN_AFTER_EXIT_MS / 1000.0)) {
      c->outlived = nstreams > 0;
      break;
    }
    int past_deadline = exited_at == 0 && c->timeout_s > 0 && now - started > c->timeout_s;
    if (exited_at == 0 && (now >= next_count || past_deadline)) { /* a bomb, even at the end */
      next_count = now + HANG_SAMPLE_MS / 2000.0;
      enum excess excess = over_limits(c, pid, view, served);
      if (excess != WITHIN_LIMITS) {
        c->forked_too_much = excess == TOO_MANY_PROCESSES;
        c->used_too_much_memory = excess == TOO_MUCH_MEMORY;
        c->end = CHILD_TIMEOUT; /* killed by racecheck, with no look at a bomb's stacks */
        break;
      }
    }
    if (past_deadline) {
      stop(c, CHILD_TIMEOUT, &hang);
      break;
    }
    if (exited_at == 0 && c->watch_for_hang && now >= next_sample) {
      int quick = now < quick_until;
      if (quick ? hang_watch_quick(&hang) : hang_watch_sample(&hang)) {
        stop(c, CHILD_HUNG, &hang);
        break;
      }
      int ms = quick ? QUICK_SAMPLE_MS : hang.still ? CONFIRM_SAMPLE_MS : HANG_SAMPLE_MS;
      next_sample = monotonic_seconds() + ms / 1000.0;
    }
    int timeout = c->watch_for_hang && exited_at == 0 ? poll_ms(monotonic_seconds(), next_sample)
                                                      : HANG_SAMPLE_MS / 4;
    if (poll(fds, n, timeout) <= 0)
      continue;
    for (nfds_t i = nstreams; i < n; i++)
      if (fds[i].fd == w->listener && (fds[i].revents & POLLIN))
        clone_watch_answer(w);
      else if (fds[i].fd == ledger_fd && fds[i].revents)
        read_ledger(c, monotonic_seconds(), &next_sample, &quick_until);
    for (nfds_t i = 0; i < nstreams; i++) {
      if (!fds[i].revents)
        continue;
      for (int s = 0; s < 2; s++)
        if (streams[s].fd == fds[i].fd)
          drain(&streams[s], c->keep_bytes);
    }
  }
  if (exit_fd >= 0 && exit_fd != served->pidfd)
    close(exit_fd);
  hang_watch_free(&hang);
  c->seconds = monotonic_seconds() - started;
}

/* bwrap reports a command killed by signal N as exit code 128 + N. */
static void as_the_sandbox_saw_it(struct child *c) {
  if (c->end == CHILD_EXITED && c->status > 128 && c->status <= 128 + 64) {
    c->end = CHILD_SIGNALED;
    c->status -= 128;
  }
}

/* Starts, watches and reaps the child whose argv is `argv` (bwrap's, in a sandbox). */
static int run(struct child *c, int info[2]) {
  int out_pipe[2], err_pipe[2];
  c->end = CHILD_EXITED;
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    c->start_errno = errno;
    c->end = CHILD_NOT_STARTED;
    return -1;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    c->start_errno = errno;
    c->end = CHILD_NOT_STARTED;
    close(out_pipe[0]);
    close(out_pipe[1]);
    return -1;
  }
  int clones[2] = {-1, -1};
  if ((c->count_threads || c->watch_execs) && !c->forked_by && /* a run watches itself */
      socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, clones) != 0)
    clones[0] = clones[1] = -1;
  pid_t pid;
  struct clone_watch w = {.listener = -1, .ledger = c->vouch && c->vouch->fd ? c->vouch : NULL};
  struct served_run served = {.pid = -1, .pidfd = -1, .listener = -1};
  int rc = start(c, out_pipe, err_pipe, info ? info[1] : -1, clones, &pid, &served, &w);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (info)
    close(info[1]);
  for (int i = 0; i < 2; i++)
    if (clones[i] >= 0)
      close(clones[i]);
  struct stream streams[2] = {
      {out_pipe[0], &c->out, &c->out_dropped},
      {err_pipe[0], &c->err, &c->err_dropped},
  };
  if (rc == 0) {
    if (c->supervise)
      running_group = pid;
    struct proc_view view;
    watch(c, pid, info ? read_sandbox_pid(info[0], &w) : 0, &served, &view, streams, &w);
    if (reap(c, pid, &served, &view) != 0)
      rc = ECHILD; /* the server is gone: the run's end is unknown */
    c->threads_made = w.listener < 0 || !w.rseq_used ? -1 : (long long)w.nthreads;
    c->execs_refused = w.execs_refused;
    c->threads_seen = w.threads, c->nthreads_seen = w.nthreads;
    w.threads = NULL, w.nthreads = 0;
    drain_to_end(c, streams);
    if (info)
      as_the_sandbox_saw_it(c);
  }
  if (rc != 0) {
    c->start_errno = rc;
    c->end = CHILD_NOT_STARTED;
  }
  if (served.pidfd >= 0)
    close(served.pidfd);
  if (info)
    close(info[0]);
  if (w.listener >= 0)
    close(w.listener);
  else if (c->vouch) /* the filter is not in place: nothing was watched */
    c->vouch->fd = 0;
  clone_watch_free(&w);
  for (int i = 0; i < 2; i++)
    if (streams[i].fd >= 0)
      close(streams[i].fd);
  buf_add(&c->out, "", 0);
  buf_add(&c->err, "", 0);
  return rc == 0 ? 0 : -1;
}

int child_run(struct child *c) {
  if (!c->sandbox || c->forked_by) /* a server's runs are in its sandbox */
    return run(c, NULL);
  int info[2];
  if (pipe2(info, O_CLOEXEC) != 0) {
    c->start_errno = errno;
    c->end = CHILD_NOT_STARTED;
    return -1;
  }
  struct strlist command = {0};
  sandbox_command(c->sandbox, c->writable, c->argv, &command);
  strlist_push(&command, NULL);
  char *const *argv = c->argv;
  c->argv = command.items;
  int rc = run(c, info);
  c->argv = argv;
  command.len--; /* the NULL */
  strlist_free(&command);
  return rc;
}

void child_free(struct child *c) {
  buf_free(&c->out);
  buf_free(&c->err);
  free(c->threads_seen);
  c->threads_seen = NULL, c->nthreads_seen = 0;
}

int sandbox_usable(const char *build_dir, char **why) {
  struct sandbox s = {0};
  if (sandbox_open(&s, build_dir, why) != 0)
    return 0;
  char *argv_true[] = {"true", NULL};
  struct child c = {
      .argv = argv_true, .envp = environ, .timeout_s = 30, .keep_bytes = 4096, .sandbox = &s};
  int ok = child_run(&c) == 0 && c.end == CHILD_EXITED && c.status == 0;
  if (!ok)
    *why = c.end == CHILD_NOT_STARTED
               ? xasprintf("bwrap cannot be started: %s (./bootstrap installs bubblewrap)",
                           strerror(c.start_errno))
               : xasprintf("bwrap cannot make a sandbox here (are user namespaces allowed?): %.*s",
                           (int)strcspn(buf_str(&c.err), "\n"), buf_str(&c.err));
  child_free(&c);
  sandbox_close(&s);
  return ok;
}
