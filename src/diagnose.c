#include "diagnose.h"

#include "normalize.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* glibc's pthread_mutex_t keeps the owner's thread id 8 bytes in (its __data.__owner). */
enum { MUTEX_OWNER_OFFSET = 8 };

static long read_owner(pid_t pid, unsigned long long mutex) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  int owner = 0;
  if (fd >= 0) {
    if (pread(fd, &owner, sizeof owner, (off_t)(mutex + MUTEX_OWNER_OFFSET)) != sizeof owner)
      owner = 0;
    close(fd);
  }
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
  for (size_t i = 0; i < w->nthreads; i++) {
    out->threads[i] = w->threads[i];
    int futex = w->threads[i].syscall == SYS_FUTEX;
    out->mutex_owners[i] = futex ? read_owner(live, w->threads[i].arg[0]) : 0;
    if (futex)
      futexes[nfutexes++] = w->threads[i].arg[0];
  }
  stacks_take(live, gdb, futexes, nfutexes, &out->stacks);
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

/* "main thread", "thread created at x.c:37", or by the function it started in. */
static char *who(const struct hang_report *r, long tid) {
  if (tid == r->pid)
    return xstrdup("main thread");
  const struct thread_origin *origin = stacks_origin(&r->stacks, tid);
  if (origin)
    return xasprintf("thread created at %s:%d", origin->file, origin->line);
  const struct thread_stack *t = stacks_thread(&r->stacks, tid);
  for (size_t i = t ? t->nframes : 0; i > 0; i--)
    if (t->frames[i - 1].in_program)
      return xasprintf("thread started in %s", t->frames[i - 1].func);
  return xstrdup("thread");
}

static char *who_holds(const struct hang_report *r, long owner, long self) {
  if (owner == 0)
    return xstrdup("; owner: none recorded");
  if (owner == self)
    return xstrdup("; owner: this same thread");
  char *name = who(r, owner);
  char *text = xasprintf("; owner: %s%s", name, thread_state(r, owner) ? "" : ", exited");
  free(name);
  return text;
}

static const char *blocking_call(const struct thread_stack *t) {
  size_t i = program_frame(t);
  return i > 0 && i < t->nframes ? call_name(t->frames[i - 1].func) : NULL;
}

/* What a thread blocked in a futex wait is waiting for, in the words of the call it made. */
static void describe_wait(const struct hang_report *r, size_t index, const char *call,
                          struct buf *what, struct site *site) {
  const struct thread_state *ts = &r->threads[index];
  const char *name = stacks_symbol(&r->stacks, ts->arg[0]);
  if (!call) {
    buf_adds(what, " blocked in a futex wait");
  } else if (strcmp(call, "pthread_join") == 0) {
    char *target = who(r, (long)ts->arg[2]); /* the futex value is the awaited thread's id */
    buf_printf(what, " blocked in pthread_join");
    site->after = xasprintf("; waits for %s", target);
    free(target);
  } else if (strstr(call, "mutex_lock")) {
    buf_printf(what, " blocked in %s(%s%s)", call, name ? "&" : "", name ? name : "");
    site->after = who_holds(r, r->mutex_owners[index], ts->tid);
  } else if (name && strstr(call, "cond_")) {
    buf_printf(what, " blocked in %s(&%s)", call, name);
  } else {
    buf_printf(what, " blocked in %s", call);
  }
}

/* A sleep, or a futex wait given a timeout: it ends by itself. */
static int has_deadline(const struct thread_state *ts) {
  enum { SYS_CLOCK_NANOSLEEP = 230 };
  return ts->syscall == SYS_NANOSLEEP || ts->syscall == SYS_CLOCK_NANOSLEEP ||
         (ts->syscall == SYS_FUTEX && ts->arg[3] != 0);
}

static void describe_thread(const struct hang_report *r, size_t index, struct site *site) {
  const struct thread_state *ts = &r->threads[index];
  const struct thread_stack *t = stacks_thread(&r->stacks, ts->tid);
  const char *call = t ? blocking_call(t) : NULL;
  struct buf what = {0};
  char *name = who(r, ts->tid);
  buf_adds(&what, name);
  free(name);
  if (waits_for_good(ts))
    describe_wait(r, index, call, &what, site);
  else if (ts->state == 'R')
    buf_adds(&what, " running");
  else {
    buf_printf(&what, " sleeping in %s", call ? call : "a system call");
    if (has_deadline(ts))
      site->after = xstrdup("; a wait with a deadline");
  }
  site->what = what.data;
  size_t i = t ? program_frame(t) : 0;
  if (t && i < t->nframes) {
    site->at.func = xstrdup(t->frames[i].func);
    site->at.file = xstrdup(t->frames[i].file);
    site->at.line = t->frames[i].line;
  }
}

static int is_runtime(const struct hang_report *r, const struct thread_state *ts) {
  const struct thread_stack *t = stacks_thread(&r->stacks, ts->tid);
  if (t)
    return is_runtime_thread(t);
  return ts->syscall == SYS_NANOSLEEP; /* no stacks: TSan's helper, as the watch tells it */
}

static int compare_sites(const void *a, const void *b) {
  const struct site *x = a, *y = b;
  int c = strcmp(x->what, y->what);
  if (c == 0 && x->at.file && y->at.file)
    c = strcmp(x->at.file, y->at.file);
  return c ? c : x->at.line - y->at.line;
}

void hang_report_finding(const struct hang_report *r, struct findings *out) {
  struct finding *f = findings_add(out);
  for (int main_pass = 1; main_pass >= 0; main_pass--) /* main first, then the others */
    for (size_t i = 0; i < r->nthreads; i++)
      if ((r->threads[i].tid == r->pid) == main_pass && !is_runtime(r, &r->threads[i]))
        describe_thread(r, i, finding_add_site(f));
  size_t first_other = f->nsites && starts_with(f->sites[0].what, "main ") ? 1 : 0;
  if (f->nsites > first_other)
    qsort(f->sites + first_other, f->nsites - first_other, sizeof *f->sites, compare_sites);
  if (r->why == CHILD_TIMEOUT)
    f->kind =
        xasprintf("timeout: after %g s the program had not ended, and not every thread was stuck",
                  r->timeout_s);
  else if (f->nsites == 1)
    f->kind = xstrdup("deadlock: the only thread is asleep");
  else
    f->kind = xasprintf("deadlock: all %zu threads are asleep", f->nsites);
  if (r->stacks.error)
    finding_add_site(f)->what = xasprintf("no stacks: %s", r->stacks.error);
}
