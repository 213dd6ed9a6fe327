#include "hang_watch.h"

#include "array.h"
#include "ledger_parse.h"
#include "text.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Samples in a row with every thread blocked and no context switch between them. Two
 * samples that agree, each thread read blocked in both with no switch between, show one
 * moment when all were blocked at once; without the ledger, racecheck waits for more. */
enum { QUIET_SAMPLES_FOR_ASLEEP = 3, QUIET_SAMPLES_EXPLAINED = 1 };

/* glibc's pthread_cond_t: the futex a condition wait sleeps on is inside it. */
enum { COND_BYTES = 48 };

/* Reads a small /proc file whole, with no stdio: a sample reads thousands of them. The
 * path is taken from the folder `dir` (AT_FDCWD: as it is), so that a sample of thousands
 * of threads does not walk /proc/PID/task again for each file. */
static int read_small_at(int dir, const char *path, char *buf, size_t size) {
  int fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read(fd, buf, size - 1);
  close(fd);
  buf[n > 0 ? n : 0] = '\0';
  return n > 0;
}

static int read_small(const char *path, char *buf, size_t size) {
  return read_small_at(AT_FDCWD, path, buf, size);
}

/* How many times the thread has been switched to and from: schedstat's count of times it
 * ran, a line of three numbers; where the kernel keeps no schedstat, status's two counts of
 * context switches, which cost the kernel far more to write out. */
static unsigned long long switches_of(int task_dir, const char *tid) {
  char path[64], text[4096];
  unsigned long long ran = 0, waited = 0, times = 0;
  snprintf(path, sizeof path, "%s/schedstat", tid);
  if (read_small_at(task_dir, path, text, sizeof text) &&
      sscanf(text, "%llu %llu %llu", &ran, &waited, &times) == 3)
    return times;
  snprintf(path, sizeof path, "%s/status", tid);
  unsigned long long switches = 0;
  if (read_small_at(task_dir, path, text, sizeof text))
    for (const char *p = text; (p = strstr(p, "ctxt_switches:")); p++)
      switches += strtoull(p + strlen("ctxt_switches:"), NULL, 10);
  return switches;
}

/* Reads the thread tid of the process whose /proc/PID/task folder is open as task_dir: the
 * state always; the system call only for a sleeping thread, because reading it for a
 * running one makes the kernel wait until that thread is off the CPU; the context switches
 * only when asked. */
static int sample_thread(int task_dir, const char *tid, struct thread_state *out,
                         unsigned long long *switches) {
  char path[64], text[4096];
  *out = (struct thread_state){.tid = atol(tid), .syscall = -1};
  snprintf(path, sizeof path, "%s/stat", tid);
  if (!read_small_at(task_dir, path, text, sizeof text))
    return 0;
  const char *name_end = strrchr(text, ')'); /* the command name may hold spaces or ')' */
  if (!name_end || name_end[1] != ' ')
    return 0;
  out->state = name_end[2];
  if (out->state != 'S')
    return 1;

  snprintf(path, sizeof path, "%s/syscall", tid);
  if (read_small_at(task_dir, path, text, sizeof text) &&
      sscanf(text, "%ld %llx %llx %llx %llx", &out->syscall, &out->arg[0], &out->arg[1],
             &out->arg[2], &out->arg[3]) < 1)
    out->syscall = -1;

  if (switches)
    *switches = switches_of(task_dir, tid);
  return 1;
}

int waits_for_good(const struct thread_state *t) {
  return t->state == 'S' && t->syscall == SYS_FUTEX && t->arg[3] == 0;
}

void proc_view_host(struct proc_view *view) {
  *view = (struct proc_view){.root = "/proc"};
}

void proc_view_sandbox(struct proc_view *view, pid_t first) {
  *view = (struct proc_view){.enter = first};
  snprintf(view->root, sizeof view->root, "/proc/%d/root/proc", (int)first);
}

void hang_watch_init(struct hang_watch *w, pid_t pid, const struct proc_view *view,
                     int handlers_are_a_tools) {
  *w = (struct hang_watch){.pid = pid, .handlers_are_a_tools = handlers_are_a_tools, .helpers = 1};
  if (view)
    w->view = *view;
  else
    proc_view_host(&w->view);
}

void hang_watch_free(struct hang_watch *w) {
  free(w->threads);
  w->threads = NULL;
  w->nthreads = 0;
}

static void add_thread(struct hang_watch *w, const struct thread_state *t) {
  *ARRAY_PUSH(w->threads, w->nthreads) = *t;
}

/* The threads of the process, by the names of their folders in /proc/PID/task. */
static void list_threads(DIR *dir, struct strlist *tids) {
  for (struct dirent *e; (e = readdir(dir));)
    if (e->d_name[0] != '.')
      strlist_push(tids, xstrdup(e->d_name));
}

/* The order a sample looks at the threads in: the thread it last found awake first, then
 * main, then the newest first. A quick sample stops at the first thread awake, and in a
 * program that is still making threads that is one of these: it need not read thousands
 * of threads that sleep. */
static size_t *look_order(const struct strlist *tids, long awake, pid_t pid) {
  size_t *order = xmalloc((tids->len + 1) * sizeof *order), n = 0;
  size_t first = tids->len, main_at = tids->len;
  for (size_t i = 0; i < tids->len; i++) {
    long tid = atol(tids->items[i]);
    first = tid == awake ? i : first;
    main_at = tid == pid ? i : main_at;
  }
  if (first < tids->len)
    order[n++] = first;
  if (main_at < tids->len && main_at != first)
    order[n++] = main_at;
  for (size_t i = tids->len; i > 0; i--)
    if (i - 1 != first && i - 1 != main_at)
      order[n++] = i - 1;
  return order;
}

/* Whether the thread tid (0: none) is awake, looked at without listing every thread: a
 * program still making threads has one awake, and it is the same from one look to the
 * next. TSan's napping helper is not awake. */
static int still_awake(int task_dir, long tid) {
  char name[32];
  struct thread_state t;
  snprintf(name, sizeof name, "%ld", tid);
  return tid > 0 && sample_thread(task_dir, name, &t, NULL) && t.state != 'Z' &&
         !waits_for_good(&t) && !(t.state == 'S' && t.syscall == SYS_NANOSLEEP);
}

static int by_tid(const void *a, const void *b) {
  long x = ((const struct thread_state *)a)->tid, y = ((const struct thread_state *)b)->tid;
  return (x > y) - (x < y);
}

/* Asleep: every thread waits for good, except the TSan runtime's own helper thread, which
 * naps through the raw nanosleep system call that the C library's sleep functions never
 * use (they call clock_nanosleep). A quick sample stops at the first thread that is not
 * asleep; a full one records every thread, for the report, in the order of their ids. */
static int sample_all(struct hang_watch *w, int full, size_t *blocked,
                      unsigned long long *switches) {
  char path[128];
  snprintf(path, sizeof path, "%s/%d/task", w->view.root, (int)w->pid);
  DIR *dir = opendir(path);
  hang_watch_free(w);
  if (!dir)
    return 0;
  if (!full && (still_awake(dirfd(dir), w->awake) || still_awake(dirfd(dir), w->pid))) {
    closedir(dir);
    return 0;
  }
  struct strlist tids = {0};
  list_threads(dir, &tids);
  size_t *order = look_order(&tids, w->awake, w->pid);
  int asleep = 1, nappers = 0;
  *blocked = 0;
  *switches = 0;
  for (size_t k = 0; k < tids.len && (asleep || full); k++) {
    const char *tid = tids.items[order[k]];
    struct thread_state t;
    unsigned long long thread_switches = 0;
    if (!sample_thread(dirfd(dir), tid, &t, asleep ? &thread_switches : NULL)) {
      asleep = 0;
      continue;
    }
    if (t.state == 'Z')
      continue; /* a thread that has exited, such as a main that called pthread_exit */
    add_thread(w, &t);
    if (waits_for_good(&t)) {
      ++*blocked;
      *switches += thread_switches;
    } else if (!(t.state == 'S' && t.syscall == SYS_NANOSLEEP) || ++nappers > w->helpers) {
      asleep = 0; /* TSan has its helpers; one napper more is the program's own */
      w->awake = t.tid;
    }
  }
  free(order);
  strlist_free(&tids);
  closedir(dir);
  if (w->nthreads)
    qsort(w->threads, w->nthreads, sizeof *w->threads, by_tid);
  return asleep && *blocked > 0;
}

int each_process(int (*visit)(const struct process *p, void *ctx), void *ctx) {
  struct proc_view host;
  proc_view_host(&host);
  return each_process_in(&host, visit, ctx);
}

int each_process_in(const struct proc_view *view, int (*visit)(const struct process *p, void *ctx),
                    void *ctx) {
  DIR *proc = opendir(view->root);
  int stop = 0;
  for (struct dirent *e; !stop && proc && (e = readdir(proc));) {
    char path[300], text[4096];
    if (e->d_name[0] < '1' || e->d_name[0] > '9')
      continue;
    snprintf(path, sizeof path, "%s/%s/stat", view->root, e->d_name);
    const char *close = read_small(path, text, sizeof text) ? strrchr(text, ')') : NULL;
    struct process p = {.pid = (pid_t)atoi(e->d_name)};
    int ppid = 0, group = 0;
    if (!close || sscanf(close + 1, " %c %d %d", &p.state, &ppid, &group) != 3)
      continue; /* gone since the folder was read */
    p.ppid = (pid_t)ppid;
    p.group = (pid_t)group;
    stop = visit(&p, ctx);
  }
  if (proc)
    closedir(proc);
  return stop;
}

struct process_table {
  struct process *items;
  size_t len;
};

static int add_process(const struct process *p, void *ctx) {
  struct process_table *t = ctx;
  if (p->state != 'Z')
    *ARRAY_PUSH(t->items, t->len) = *p;
  return 0;
}

static pid_t parent_of(const struct process_table *t, pid_t pid) {
  for (size_t i = 0; i < t->len; i++)
    if (t->items[i].pid == pid)
      return t->items[i].ppid;
  return 0;
}

/* Whether p descends from `ancestor`: through its parents, however many, including one that
 * left its process group or session, and an orphan racecheck adopted as the subreaper. */
static int descends_from(const struct process_table *t, const struct process *p, pid_t ancestor,
                         pid_t server) {
  pid_t self = getpid();
  pid_t at = p->ppid;
  for (size_t steps = 0; at > 1 && steps <= t->len; steps++) {
    if (at == server || p->pid == server)
      return 0; /* a fork server is racecheck's, and what it started its own */
    if (at == ancestor || at == self)
      return 1;
    at = parent_of(t, at);
  }
  return 0;
}

/* Whether every thread of process `pid` sleeps in a read: it waits to be asked. */
static int only_reads(const struct proc_view *view, pid_t pid) {
  char path[128];
  snprintf(path, sizeof path, "%s/%d/task", view->root, (int)pid);
  DIR *dir = opendir(path);
  int reading = dir != NULL;
  for (struct dirent *e; reading && dir && (e = readdir(dir));) {
    struct thread_state t;
    if (e->d_name[0] != '.')
      reading =
          sample_thread(dirfd(dir), e->d_name, &t, NULL) && t.state == 'S' && t.syscall == SYS_read;
  }
  if (dir)
    closedir(dir);
  return reading;
}

/* The sanitizer runtime's symbolizer, which it starts at its first report and keeps, idle
 * in a read of the next question: the runtime's helper, which wakes nobody. */
static int is_idle_symbolizer(const struct proc_view *view, const struct process *p) {
  char path[128], exe[4096];
  snprintf(path, sizeof path, "%s/%d/exe", view->root, (int)p->pid);
  ssize_t n = readlink(path, exe, sizeof exe - 1);
  if (n <= 0)
    return 0;
  exe[n] = '\0';
  const char *base = strrchr(exe, '/');
  base = base ? base + 1 : exe;
  return (starts_with(base, "llvm-symbolizer") || strcmp(base, "addr2line") == 0) &&
         only_reads(view, p->pid);
}

/* Another live process that the program made could still wake it (a process-shared
 * semaphore, a pipe, a signal), wherever it went; the runtime's idle symbolizer cannot. */
static int has_live_descendant(const struct proc_view *view, pid_t pid, pid_t server) {
  struct process_table t = {0};
  each_process_in(view, add_process, &t);
  int found = 0;
  for (size_t i = 0; i < t.len && !found; i++)
    found = t.items[i].pid != pid && descends_from(&t, &t.items[i], pid, server) &&
            !(t.items[i].ppid == pid && is_idle_symbolizer(view, &t.items[i]));
  free(t.items);
  return found;
}

/* Whether something outside its threads could still wake the process: another live
 * process the program made (a process-shared semaphore, a pipe), a SIGALRM handler or a
 * POSIX timer. Then it is not certainly asleep, and it gets a timeout instead of a deadlock. */
static int wakeable_from_outside(const struct proc_view *view, pid_t pid, int handlers_are_a_tools,
                                 pid_t server) {
  char path[128], text[4096];
  snprintf(path, sizeof path, "%s/%d/timers", view->root, (int)pid);
  if (read_small(path, text, sizeof text))
    return 1;
  snprintf(path, sizeof path, "%s/%d/status", view->root, (int)pid);
  const char *caught = read_small(path, text, sizeof text) ? strstr(text, "SigCgt:") : NULL;
  if (caught && !handlers_are_a_tools && (strtoull(caught + 7, NULL, 16) >> (SIGALRM - 1) & 1))
    return 1;
  return has_live_descendant(view, pid, server);
}

/* The TSan runtime's helper, as sample_all tells it: a nap through the raw nanosleep. */
static int is_helper(const struct thread_state *t) {
  return t->state == 'S' && t->syscall == SYS_NANOSLEEP;
}

static int waits_as_announced(const struct thread_state *t, const struct ledger_record *r) {
  unsigned long long futex = t->arg[0];
  if (strcmp(r->call, "pthread_join") == 0)
    return 1;
  if (strcmp(r->call, "pthread_cond_wait") == 0 || strcmp(r->call, "cnd_wait") == 0)
    return futex >= r->object && futex - r->object < COND_BYTES;
  return futex == r->object;
}

int hang_watch_explained(const struct hang_watch *w) {
  if (!w->ledger || w->nthreads == 0)
    return 0;
  for (size_t i = 0; i < w->nthreads; i++) {
    const struct thread_state *t = &w->threads[i];
    const struct ledger_record *r = ledger_open_wait(w->ledger, w->pid, t->tid);
    if (!is_helper(t) && (!waits_for_good(t) || !r || !waits_as_announced(t, r)))
      return 0;
  }
  return 1;
}

/* One sample into q's count; a sample with a thread awake breaks both cadences. */
static int still(struct hang_watch *w, struct quiet *q) {
  size_t blocked;
  unsigned long long switches;
  w->still = sample_all(w, 0, &blocked, &switches);
  if (!w->still) {
    w->slow.samples = w->quick.samples = 0;
    return 0;
  }
  int unchanged = blocked == q->blocked && switches == q->switches;
  q->samples = unchanged ? q->samples + 1 : 0;
  q->blocked = blocked;
  q->switches = switches;
  return 1;
}

/* Whether something outside could still wake it is asked once the threads say asleep: it
 * reads every process on the machine, too slow for each quick look after a ledger record.
 * What could wake it may have done so and gone while it was looked for (a child posts a
 * semaphore and exits): the threads must then still be as the last sample found them. */
static int decided(struct hang_watch *w, struct quiet *q, int asleep) {
  if (!asleep)
    return 0;
  if (wakeable_from_outside(&w->view, w->pid, w->handlers_are_a_tools, w->server)) {
    w->slow.samples = w->quick.samples = 0;
    return 0;
  }
  int before = q->samples;
  return still(w, q) && q->samples > before;
}

int hang_watch_sample(struct hang_watch *w) {
  if (!still(w, &w->slow))
    return 0;
  return decided(w, &w->slow,
                 w->slow.samples >= QUIET_SAMPLES_FOR_ASLEEP ||
                     (w->slow.samples >= QUIET_SAMPLES_EXPLAINED && hang_watch_explained(w)));
}

int hang_watch_quick(struct hang_watch *w) {
  if (!still(w, &w->quick))
    return 0;
  return decided(w, &w->quick,
                 w->quick.samples >= QUIET_SAMPLES_EXPLAINED && hang_watch_explained(w));
}

void hang_watch_snapshot(struct hang_watch *w) {
  size_t blocked;
  unsigned long long switches;
  sample_all(w, 1, &blocked, &switches);
}
