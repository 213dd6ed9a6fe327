#include "diagnose.h"

#include "ledger_report.h"
#include "normalize.h"
#include "report_order.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* glibc's pthread_mutex_t keeps the owner's thread id 8 bytes in (its __data.__owner). */
enum { MUTEX_OWNER_OFFSET = 8 };

/* The process's memory, open to read the owners of the mutexes its threads wait on: one
 * open for a hang of thousands of threads; -1 if it cannot be read. */
static int open_memory(const struct proc_view *view, pid_t pid) {
  char path[128];
  snprintf(path, sizeof path, "%s/%d/mem", view->root, (int)pid);
  return open(path, O_RDONLY | O_CLOEXEC);
}

static long read_owner(int memory, unsigned long long mutex) {
  int owner = 0;
  if (memory < 0 ||
      pread(memory, &owner, sizeof owner, (off_t)(mutex + MUTEX_OWNER_OFFSET)) != sizeof owner)
    owner = 0;
  return owner;
}

/* The thread to look through: main, unless it has exited (gdb and /proc/PID/mem cannot go
 * through a main thread that called pthread_exit); then a thread blocked in the program. */
static pid_t live_thread(pid_t pid, const struct hang_watch *w) {
  for (size_t i = 0; i < w->nthreads; i++)
    if (w->threads[i].tid == pid)
      return pid;
  for (size_t i = 0; i < w->nthreads; i++)
    if (waits_for_good(&w->threads[i]))
      return (pid_t)w->threads[i].tid;
  return w->nthreads ? (pid_t)w->threads[0].tid : pid;
}

void hang_report_take(pid_t pid, enum child_end why, double timeout_s, const struct hang_watch *w,
                      const char *gdb, struct hang_report *out) {
  *out = (struct hang_report){.why = why, .timeout_s = timeout_s, .pid = pid};
  pid_t live = live_thread(pid, w);
  out->nthreads = w->nthreads;
  out->threads = xmalloc(w->nthreads * sizeof *out->threads);
  out->mutex_owners = xmalloc(w->nthreads * sizeof *out->mutex_owners);
  unsigned long long *futexes = xmalloc(w->nthreads * sizeof *futexes);
  size_t nfutexes = 0;
  int memory = open_memory(&w->view, live);
  for (size_t i = 0; i < w->nthreads; i++) {
    out->threads[i] = w->threads[i];
    int futex = w->threads[i].syscall == SYS_FUTEX;
    out->mutex_owners[i] = futex ? read_owner(memory, w->threads[i].arg[0]) : 0;
    if (futex)
      futexes[nfutexes++] = w->threads[i].arg[0];
  }
  if (memory >= 0)
    close(memory);
  out->from_ledger = why == CHILD_HUNG && hang_watch_explained(w);
  if (!out->from_ledger)
    stacks_take(&w->view, live, gdb, futexes, nfutexes, &out->stacks);
  out->stacks.pid = pid;
  free(futexes);
}

void hang_report_free(struct hang_report *r) {
  free(r->threads);
  free(r->mutex_owners);
  stacks_free(&r->stacks);
  *r = (struct hang_report){0};
}

static const struct thread_state *thread_state(const struct hang_report *r, long tid) {
  for (size_t i = 0; i < r->nthreads; i++)
    if (r->threads[i].tid == tid)
      return &r->threads[i];
  return NULL;
}

/* What the diagnosis reads: the hang as /proc and gdb saw it, and the lock ledger. */
struct diagnosis {
  const struct hang_report *r;
  const struct ledger *l;
  const struct symbols *s;
};

/* Where the thread was created, from gdb's origins table or else the ledger's records. */
static int creation_site(const struct diagnosis *d, long tid, struct frame *out) {
  const struct thread_origin *origin = stacks_origin(&d->r->stacks, tid);
  const struct ledger_record *rec = ledger_latest(d->l, d->r->pid, tid);
  struct frame at = {0};
  if (!origin && rec && rec->created)
    ledger_code(rec, rec->created, d->s, &at);
  if (origin || at.file)
    *out = (struct frame){.file = xstrdup(origin ? origin->file : at.file),
                          .line = origin ? origin->line : at.line};
  frame_free(&at);
  return out->file != NULL;
}

/* The main thread, the thread created at x.c:37, or the one that started in a function. */
static void name_thread(const struct diagnosis *d, long tid, struct thread_name *out) {
  *out = (struct thread_name){0};
  if (tid == d->r->pid) {
    out->naming = THREAD_MAIN;
    return;
  }
  if (creation_site(d, tid, &out->at)) {
    out->naming = THREAD_CREATED_AT;
    return;
  }
  const struct thread_stack *t = stacks_thread(&d->r->stacks, tid);
  for (size_t i = t ? t->nframes : 0; i > 0; i--)
    if (t->frames[i - 1].in_program) {
      out->naming = THREAD_STARTED_IN;
      out->at.func = xstrdup(t->frames[i - 1].func);
      return;
    }
}

/* From the ledger: where the owner took the mutex, and where it ended holding it; or, when
 * the ledger lists what the owner held and the mutex is not there, that it never took it. */
static void owner_from_ledger(const struct diagnosis *d, long owner, unsigned long long mutex,
                              struct waiter *w) {
  const struct ledger_record *rec = ledger_last_held(d->l, d->r->pid, owner);
  if (!rec)
    return;
  for (size_t i = 0; i < rec->nheld; i++)
    if (rec->held[i].lock == mutex) {
      ledger_code(rec, rec->held[i].site, d->s, &w->owner_locked_at);
      if (rec->kind == LEDGER_EXIT && rec->site)
        ledger_code(rec, rec->site, d->s, &w->owner_exited_at);
      return;
    }
  w->owner_did_not_lock = 1;
}

static void name_owner(const struct diagnosis *d, long owner, long self, unsigned long long mutex,
                       struct waiter *w) {
  if (owner == 0) {
    w->owner = OWNER_UNRECORDED;
    return;
  }
  if (owner == self) {
    w->owner = OWNER_SELF;
  } else {
    w->owner = OWNER_THREAD;
    name_thread(d, owner, &w->owner_name);
    w->owner_exited = thread_state(d->r, owner) == NULL;
  }
  owner_from_ledger(d, owner, mutex, w);
}

static const char *blocking_call(const struct thread_stack *t) {
  size_t i = program_frame(t);
  return i > 0 && i < t->nframes ? call_name(t->frames[i - 1].func) : NULL;
}

static int is_mutex_lock(const char *call) {
  return strstr(call, "mutex_lock") || strcmp(call, "mtx_lock") == 0;
}

/* From the ledger, for a thread asleep for good in a condition wait: whether its condition
 * was signalled before the wait began, when nobody waited, or never; and where, and by whom. */
static void signals_from_ledger(const struct diagnosis *d, long tid, struct waiter *w) {
  const struct ledger_record *signal = NULL;
  switch (ledger_signals(d->l, ledger_open_wait(d->l, d->r->pid, tid), &signal)) {
  case LEDGER_SIGNALLED_BEFORE:
    w->signalled = SIGNAL_BEFORE_WAIT;
    ledger_code(signal, signal->site, d->s, &w->signalled_at);
    name_thread(d, signal->tid, &w->signaller);
    return;
  case LEDGER_NEVER_SIGNALLED:
    w->signalled = SIGNAL_NEVER;
    return;
  case LEDGER_SIGNALS_UNKNOWN:
    return;
  }
}

/* What a thread blocked in a futex wait is waiting for, from the call it made; `name` is
 * the waited-for object's, where known. */
static void describe_wait(const struct diagnosis *d, size_t index, const char *name,
                          struct waiter *w) {
  const struct thread_state *ts = &d->r->threads[index];
  if (!w->call)
    return;
  if (strcmp(w->call, "pthread_join") == 0) {
    w->joins = 1;
    name_thread(d, (long)ts->arg[2], &w->target); /* the futex value is the thread's id */
  } else if (is_mutex_lock(w->call)) {
    w->object = name ? xstrdup(name) : NULL;
    name_owner(d, d->r->mutex_owners[index], ts->tid, ts->arg[0], w);
  } else if (strstr(w->call, "cond_") || strcmp(w->call, "cnd_wait") == 0) {
    w->object = name ? xstrdup(name) : NULL;
    if (d->r->why == CHILD_HUNG)
      signals_from_ledger(d, ts->tid, w);
  }
}

/* A sleep, or a futex wait given a timeout: it ends by itself. */
static int has_deadline(const struct thread_state *ts) {
  return ts->syscall == SYS_NANOSLEEP || ts->syscall == SYS_CLOCK_NANOSLEEP ||
         (ts->syscall == SYS_FUTEX && ts->arg[3] != 0);
}

/* A thread as gdb saw it: its blocking call and its innermost frame of the program. */
static void describe_from_stacks(const struct diagnosis *d, size_t index, struct waiter *w) {
  const struct thread_state *ts = &d->r->threads[index];
  const struct thread_stack *t = stacks_thread(&d->r->stacks, ts->tid);
  const char *call = t ? blocking_call(t) : NULL;
  w->call = call ? xstrdup(call) : NULL;
  /* a lock of the runtime's own (after its CHECK failed) is not the program's mutex, and
   * its owner is not where a pthread mutex keeps one */
  if (w->state == WAIT_BLOCKED && !stacks_in_runtime(&d->r->stacks, ts->arg[0]))
    describe_wait(d, index, stacks_symbol(&d->r->stacks, ts->arg[0]), w);
  size_t i = t ? program_frame(t) : 0;
  if (t && i < t->nframes)
    w->at = (struct frame){.func = xstrdup(t->frames[i].func),
                           .file = xstrdup(t->frames[i].file),
                           .line = t->frames[i].line};
}

/* A thread as the ledger announced its wait: the call, where it was made, and on what. */
static void describe_from_ledger(const struct diagnosis *d, size_t index, struct waiter *w) {
  const struct thread_state *ts = &d->r->threads[index];
  const struct ledger_record *rec = ledger_open_wait(d->l, d->r->pid, ts->tid);
  if (!rec)
    return;
  w->call = xstrdup(rec->call);
  ledger_code(rec, rec->site, d->s, &w->at);
  describe_wait(d, index, ledger_data(rec, rec->object, d->s), w);
}

static void describe_thread(const struct diagnosis *d, size_t index, struct waiter *w) {
  const struct thread_state *ts = &d->r->threads[index];
  name_thread(d, ts->tid, &w->who);
  if (waits_for_good(ts)) {
    w->state = WAIT_BLOCKED;
  } else {
    w->state = ts->state == 'R' ? WAIT_RUNNING : WAIT_SLEEPING;
    w->deadline = w->state == WAIT_SLEEPING && has_deadline(ts);
  }
  if (d->r->from_ledger)
    describe_from_ledger(d, index, w);
  else
    describe_from_stacks(d, index, w);
}

static int is_runtime(const struct hang_report *r, const struct thread_state *ts) {
  const struct thread_stack *t = stacks_thread(&r->stacks, ts->tid);
  if (t)
    return is_runtime_thread(t);
  return ts->syscall == SYS_NANOSLEEP; /* no stacks: TSan's helper, as the watch tells it */
}

static int compare_waiters(const void *a, const void *b) {
  const struct waiter *x = a, *y = b;
  int c = waiter_state_compare(x, y);
  if (c == 0 && x->at.file && y->at.file)
    c = strcmp(x->at.file, y->at.file);
  return c ? c : x->at.line - y->at.line;
}

void hang_report_to_report(const struct hang_report *r, const struct ledger *l,
                           const struct symbols *s, struct report *out) {
  const struct diagnosis d = {r, l, s};
  out->kind = r->why == CHILD_TIMEOUT ? REPORT_TIMEOUT : REPORT_DEADLOCK;
  out->by_racecheck = 1;
  out->title = xstrdup(r->why == CHILD_TIMEOUT ? "timeout" : "deadlock");
  out->timeout_s = r->timeout_s;
  for (int main_pass = 1; main_pass >= 0; main_pass--) /* main first, then the others */
    for (size_t i = 0; i < r->nthreads; i++)
      if ((r->threads[i].tid == r->pid) == main_pass && !is_runtime(r, &r->threads[i]))
        describe_thread(&d, i, report_add_waiter(out));
  size_t first_other = out->nwaiters && out->waiters[0].who.naming == THREAD_MAIN ? 1 : 0;
  if (out->nwaiters > first_other)
    qsort(out->waiters + first_other, out->nwaiters - first_other, sizeof *out->waiters,
          compare_waiters);
  if (r->stacks.error)
    out->no_stacks = xstrdup(r->stacks.error);
}
