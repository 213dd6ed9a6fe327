/* The lesson's schedule, imposed from outside the program. RACECHECK_SCHEDULE, set by
 * racecheck, lists the steps, each a thread (0 is main, then by creation order) and what it
 * does: an access to a variable (the range of its bytes, from the executable's base) or a
 * call the shim wraps. While it is set, one thread runs at a time, and at each scheduling
 * point (an instrumented access to a variable the schedule names, a wrapped call) the thread
 * that runs stops, before the access or the call, and asks choose() who goes on:
 * - the thread of the first step not yet taken, unless it is blocked (a lock taken by
 *   another, a condition not signalled, a join of a thread still running, a read of a
 *   descriptor with nothing to read: see wait_for_fds) or it has just
 *   yielded (a sleep, a yield, a failed trylock) and nobody has moved since;
 * - else the thread running now, if it can; else the first that can, by creation order.
 * A thread takes a step when it comes to a point the step names, and stops there if the next
 * step is another's; whichever thread the schedule was waiting for: a lock's holder that runs
 * so that the step's thread can have the lock takes its own next step on the way, and the
 * schedule goes on from there. A step whose
 * thread has ended without taking it is void, and said so in the ledger. Once the steps are
 * all taken, the threads still run one at a time, each until it blocks or ends.
 * When no thread can run, it is a deadlock: the scheduler lets go of every thread, each
 * makes its real blocking call, and racecheck's hang watch diagnoses the freeze at once from
 * the ledger, as it does without a schedule.
 *
 * The hand-off is invisible to the detectors: this file is built without -fsanitize=thread,
 * its state is relaxed atomics, and a thread waits for its turn on a raw futex, so it adds
 * no happens-before edge that TSan, Helgrind or DRD could see, and hides no race. Valgrind's
 * tools are told to ignore its memory. Blocking calls are made only when they will not
 * block (the lock is free, the thread has ended), so the program's own calls reach the
 * detector unchanged; a condition wait is a mutex unlock and lock around the wait for a
 * signal, which POSIX allows (a wait may wake without a signal, the program's loop waits
 * again). */
#define _GNU_SOURCE
#include "scheduler.h"

#include "lock_ledger.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <unwind.h>
/* helgrind.h first: drd.h then defines the ANNOTATE_ macros used here as DRD understands them */
#include <valgrind/helgrind.h>

#include <valgrind/drd.h>

enum { MAX_STEPS = 512, CALL_MAX = 40, MAX_PICKS = 1 << 14, PICKABLE = 64, IO_FDS = 8 };
/* The call a step names when it names a thread alone: it runs until it ends. */
static const char THREAD_END[] = "(end)";

struct step {
  int thread;
  uintptr_t lo, hi; /* the variable's bytes, or 0, 0 for a call */
  char call[CALL_MAX];
  atomic_int taken;
};

/* WAITS_FOR_IO: in a call that would block in the kernel (a read of an empty pipe), until
 * one of its descriptors is ready. */
enum thread_state { UNUSED, READY, BLOCKED, ENDED, WAITS_FOR_IO };

struct sched_thread {
  atomic_int state;
  atomic_uintptr_t waits_for; /* what a BLOCKED thread waits for */
  atomic_long blocked_since;  /* a condition's waiters wake in order */
  atomic_long yielded_at;     /* `moves` when it yielded, or -1 */
  atomic_ulong self;          /* its pthread_t, once started */
  atomic_long tid;            /* its kernel thread id, once it has ended */
  atomic_int go;              /* its turn: the futex it waits on */
  struct pollfd io[IO_FDS];   /* what a thread that WAITS_FOR_IO waits for */
  int nio;
};

static struct {
  struct step steps[MAX_STEPS];
  int nsteps;
  atomic_int on;
  atomic_int first_open; /* steps before it are all taken */
  atomic_int nthreads;
  atomic_long moves; /* points passed, by any thread */
  atomic_long blocks;
  struct sched_thread threads[RACECHECK_MAX_THREADS];
  /* Exploring (racecheck explore, step): every access in the watched bytes is a point, and
   * at each point where more than one thread may go on, the next pick says who. */
  int picking;
  int story; /* each point passed is said in the ledger, with the program's line (step) */
  int picks[MAX_PICKS];
  int npicks;
  atomic_long choices_made;
  /* Once the picks run out: PCT (a priority a thread, lowered at `depth - 1` choices drawn
   * from the first `length`), or else the thread that runs goes on. */
  unsigned long long pct_seed;
  long pct_depth, pct_length, pct_changes[8];
  atomic_long priority[PICKABLE];
} s;

static __thread int my_slot = -1;

/* The bytes of every variable named, set before main: outside, an access is no point. */
uintptr_t racecheck_sched_lo, racecheck_sched_hi;

/* --- Futexes ------------------------------------------------------------------------------ */

static void futex_wait(atomic_int *word, int value) {
  syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

static void futex_wake(atomic_int *word, int count) {
  syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
}

#define LOAD(x) atomic_load_explicit(&(x), memory_order_relaxed)
#define STORE(x, v) atomic_store_explicit(&(x), (v), memory_order_relaxed)

int racecheck_sched_on(void) {
  return LOAD(s.on);
}

/* --- The schedule, as racecheck wrote it --------------------------------------------------- */

/* "T:v:OFFSET:SIZE" (hex offset from the executable's base) or "T:c:CALL", space-separated;
 * the call "(end)" is the thread's end. */
static int parse_step(const char *text, struct step *out) {
  extern char __ehdr_start[];
  char *end;
  out->thread = (int)strtol(text, &end, 10);
  if (end[0] != ':' || (end[1] != 'v' && end[1] != 'c') || end[2] != ':')
    return -1;
  const char *arg = end + 3;
  if (end[1] == 'v') {
    out->lo = (uintptr_t)__ehdr_start + strtoul(arg, &end, 16);
    out->hi = out->lo + (*end == ':' ? strtoul(end + 1, &end, 10) : 1);
    return 0;
  }
  size_t len = strcspn(arg, " ");
  if (len == 0 || len >= CALL_MAX)
    return -1;
  memcpy(out->call, arg, len);
  return 0;
}

/* Exploring: "w:OFFSET:SIZE" the bytes whose every access is a point, "=T" a pick,
 * "pct:SEED:DEPTH:LENGTH" what follows the picks. Returns 0 when text is none of these. */
static int parse_exploring(const char *text, uintptr_t *lo, uintptr_t *hi) {
  extern char __ehdr_start[];
  char *end;
  if (text[0] == '=' && s.npicks < MAX_PICKS) {
    s.picks[s.npicks++] = (int)strtol(text + 1, NULL, 10);
  } else if (strncmp(text, "w:", 2) == 0) {
    *lo = (uintptr_t)__ehdr_start + strtoul(text + 2, &end, 16);
    *hi = *lo + (*end == ':' ? strtoul(end + 1, NULL, 10) : 1);
  } else if (strcmp(text, "story") == 0 || strncmp(text, "story ", 6) == 0) {
    s.story = 1;
    return 1;
  } else if (strncmp(text, "pct:", 4) == 0) {
    s.pct_seed = strtoull(text + 4, &end, 10);
    s.pct_depth = *end == ':' ? strtol(end + 1, &end, 10) : 1;
    s.pct_length = *end == ':' ? strtol(end + 1, &end, 10) : 1;
  } else {
    return 0;
  }
  s.picking = 1;
  return 1;
}

static unsigned long long mix(unsigned long long x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/* PCT's draw: a priority per thread above every change's, and the choices where the thread
 * that runs drops to the change's priority. */
static void draw_pct(void) {
  long depth = s.pct_depth < 1 ? 1 : s.pct_depth > 8 ? 8 : s.pct_depth;
  s.pct_depth = depth;
  for (int t = 0; t < PICKABLE; t++)
    STORE(s.priority[t], depth + (long)(mix(s.pct_seed * PICKABLE + (unsigned)t) >> 33));
  for (long i = 1; i < depth; i++)
    s.pct_changes[i] = (long)(mix(~s.pct_seed + (unsigned)i) %
                              (unsigned long long)(s.pct_length > 0 ? s.pct_length : 1));
}

static void read_schedule(const char *text) {
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  for (const char *p = text; *p && s.nsteps < MAX_STEPS; p += strcspn(p, " ")) {
    p += strspn(p, " ");
    if (*p && parse_exploring(p, &lo, &hi))
      continue;
    if (*p && parse_step(p, &s.steps[s.nsteps]) == 0) {
      struct step *st = &s.steps[s.nsteps++];
      if (st->hi && st->lo < lo)
        lo = st->lo;
      if (st->hi > hi)
        hi = st->hi;
    }
  }
  racecheck_sched_lo = hi ? lo : 0;
  racecheck_sched_hi = hi;
  if (s.pct_depth)
    draw_pct();
}

/* A thread that ended handed over before it was gone from the kernel. At the program's exit
 * (before TSan's own exit handler, which checks for threads never joined), every such thread
 * is waited for until it is gone, so that the exit sees it ended on every run; waiting at
 * each hand-off instead would cost a run of many threads a wait per thread. */
static void wait_for_ended_threads(void) {
  int n = LOAD(s.nthreads);
  long pid = syscall(SYS_getpid);
  for (int t = 1; t < n; t++) {
    long tid = LOAD(s.threads[t].tid);
    while (tid && syscall(SYS_tgkill, pid, tid, 0) == 0)
      syscall(SYS_sched_yield);
  }
}

/* A child process has one thread, the one that forked: nobody else would take a turn. */
static void let_go_in_child(void) {
  STORE(s.on, 0);
}

__attribute__((constructor)) static void racecheck_sched_start(void) {
  const char *text = getenv("RACECHECK_SCHEDULE");
  if (!text)
    return;
  DRD_IGNORE_VAR(s);
  VALGRIND_HG_DISABLE_CHECKING(&s, sizeof s);
  read_schedule(text);
  my_slot = 0;
  STORE(s.threads[0].state, READY);
  STORE(s.threads[0].yielded_at, -1);
  STORE(s.threads[0].self, (unsigned long)pthread_self());
  STORE(s.nthreads, 1);
  pthread_atfork(NULL, NULL, let_go_in_child);
  atexit(wait_for_ended_threads); /* after TSan's handler is registered: it runs before it */
  STORE(s.on, 1);
}

/* At the program's end, the steps of threads it never created were not taken either. */
__attribute__((destructor)) static void racecheck_sched_end(void) {
  int n = LOAD(s.nthreads);
  for (int i = 0; i < s.nsteps && n > 0; i++)
    if (!LOAD(s.steps[i].taken) && s.steps[i].thread >= n)
      racecheck_ledger_schedule_void(i, 1);
}

/* --- Choosing who runs ------------------------------------------------------------------- */

/* Whether one of the descriptors is ready, within `wait` (NULL: until one is): a raw
 * ppoll, which no detector sees. */
static int io_ready(struct pollfd *fds, int n, const struct timespec *wait) {
  return syscall(SYS_ppoll, fds, (unsigned long)n, wait, NULL, 0) > 0;
}

static const struct timespec NO_WAIT = {0, 0};

static int can_run(int t) {
  struct sched_thread *th = &s.threads[t];
  int state = LOAD(th->state);
  return state == READY || (state == WAITS_FOR_IO && io_ready(th->io, th->nio, &NO_WAIT));
}

/* Can run, and has not yielded since anyone last moved. */
static int may_go(int t) {
  return can_run(t) && LOAD(s.threads[t].yielded_at) != LOAD(s.moves);
}

/* The first step not yet taken; steps of threads that ended are void, and said so. */
static int open_step(void) {
  int i = LOAD(s.first_open);
  for (; i < s.nsteps; i++) {
    struct step *st = &s.steps[i];
    if (LOAD(st->taken))
      continue;
    if (st->thread < LOAD(s.nthreads) && LOAD(s.threads[st->thread].state) == ENDED) {
      STORE(st->taken, 1);
      racecheck_ledger_schedule_void(i, 0);
      continue;
    }
    break;
  }
  STORE(s.first_open, i);
  return i;
}

/* Exploring: the threads that may go on, as bits; a thread past the 64th is never picked. */
static uint64_t pickable(void) {
  uint64_t set = 0;
  int n = LOAD(s.nthreads);
  for (int t = 0; t < n && t < PICKABLE; t++)
    if (may_go(t))
      set |= 1ULL << t;
  if (!set) /* only threads that yielded */
    for (int t = 0; t < n && t < PICKABLE; t++)
      if (can_run(t))
        set |= 1ULL << t;
  return set;
}

static int pct_pick(int me, long index, uint64_t set) {
  for (long i = 1; i < s.pct_depth; i++)
    if (s.pct_changes[i] == index && me < PICKABLE)
      STORE(s.priority[me], i);
  int best = -1;
  for (int t = 0; t < PICKABLE; t++)
    if ((set >> t & 1) && (best < 0 || LOAD(s.priority[t]) > LOAD(s.priority[best])))
      best = t;
  return best;
}

/* The pick's thread if it may go on; else PCT's; else the thread that runs; else the first. */
static int choose_pick(int me) {
  uint64_t set = pickable();
  if (!set)
    return -1;
  if ((set & (set - 1)) == 0)
    return __builtin_ctzll(set);
  long index = atomic_fetch_add_explicit(&s.choices_made, 1, memory_order_relaxed);
  int next = index < s.npicks ? s.picks[index] : -1;
  if (next < 0 || next >= PICKABLE || !(set >> next & 1))
    next = s.pct_depth && index >= s.npicks   ? pct_pick(me, index, set)
           : me < PICKABLE && (set >> me & 1) ? me
                                              : __builtin_ctzll(set);
  racecheck_ledger_schedule_pick(index, me, next, set);
  return next;
}

static int choose(int me) {
  if (s.picking)
    return choose_pick(me);
  int i = open_step();
  int n = LOAD(s.nthreads);
  if (i < s.nsteps && s.steps[i].thread < n && may_go(s.steps[i].thread))
    return s.steps[i].thread;
  if (may_go(me))
    return me;
  for (int k = 0; k < n; k++)
    if (may_go(k))
      return k;
  /* only threads that yielded: the one running goes on, or the first that can */
  if (can_run(me))
    return me;
  for (int k = 0; k < n; k++)
    if (can_run(k))
      return k;
  return -1;
}

/* No thread can run, but some wait for a descriptor: the kernel is waited for, until one
 * of theirs is ready (its writer is outside the program: a child process, a peer). Returns
 * 0 when no thread waits for one. */
static int wait_for_io(void) {
  struct pollfd all[PICKABLE];
  int n = 0, threads = LOAD(s.nthreads);
  for (int t = 0; t < threads; t++)
    for (int i = 0;
         LOAD(s.threads[t].state) == WAITS_FOR_IO && i < s.threads[t].nio && n < PICKABLE; i++)
      all[n++] = s.threads[t].io[i];
  if (n > 0)
    io_ready(all, n, NULL);
  return n > 0;
}

static int choose_or_wait(int me) {
  int next;
  while ((next = choose(me)) < 0 && wait_for_io())
    ;
  return next;
}

/* No thread can run: every thread makes its real call, and a freeze is a freeze. */
static void let_go(void) {
  STORE(s.on, 0);
  int n = LOAD(s.nthreads);
  for (int t = 0; t < n; t++) {
    STORE(s.threads[t].go, 1);
    futex_wake(&s.threads[t].go, INT_MAX);
  }
}

static void wait_for_turn(int me) {
  struct sched_thread *t = &s.threads[me];
  while (!LOAD(t->go) && LOAD(s.on))
    futex_wait(&t->go, 0);
  STORE(t->go, 0);
}

static void hand_to(int next) {
  STORE(s.threads[next].go, 1);
  futex_wake(&s.threads[next].go, 1);
}

/* Runs the scheduler until it is `me`'s turn to go on (or the scheduler let go). */
static void take_turn(int me) {
  for (;;) {
    int next = choose_or_wait(me);
    if (next < 0) {
      let_go();
      return;
    }
    if (next == me)
      return;
    hand_to(next);
    wait_for_turn(me);
    if (!LOAD(s.on) || s.picking) /* picked: it goes on */
      return;
  }
}

/* `me` is at a point: it takes its own first open step, if the point is that step's and no
 * open step before it is of a thread that could take it now (one that can run, or has not
 * been created yet): a thread that runs while the step's thread is blocked goes on with its
 * own steps. */
static int arrive(int me, uintptr_t addr, const char *call) {
  for (int i = LOAD(s.first_open); i < s.nsteps; i++) {
    struct step *st = &s.steps[i];
    if (LOAD(st->taken))
      continue;
    if (st->thread != me && (st->thread >= LOAD(s.nthreads) || can_run(st->thread)))
      break;
    if (st->thread != me)
      continue;
    int named = call ? st->hi == 0 && strcmp(st->call, call) == 0
                     : st->hi != 0 && addr >= st->lo && addr < st->hi;
    if (named)
      STORE(st->taken, 1);
    return named;
  }
  return 0;
}

/* `me` goes on past the point: the others may go again after a yield. */
static void moved(int me) {
  STORE(s.threads[me].yielded_at, -1);
  atomic_fetch_add_explicit(&s.moves, 1, memory_order_relaxed);
}

/* The story's point, with what each variable a step names (at most 8 bytes) holds then. */
static void tell_point(int me, uintptr_t site) {
  struct racecheck_told told[RACECHECK_TOLD_MAX];
  int n = 0;
  for (int i = 0; i < s.nsteps && n < RACECHECK_TOLD_MAX; i++) {
    int again = s.steps[i].hi == 0 || s.steps[i].hi - s.steps[i].lo > 8;
    for (int k = 0; k < n && !again; k++)
      again = told[k].addr == s.steps[i].lo;
    if (!again)
      told[n++] = (struct racecheck_told){s.steps[i].lo, s.steps[i].hi - s.steps[i].lo};
  }
  racecheck_ledger_schedule_point(me, site, told, n);
}

/* `me` stops at a point until it may go on; while it waits there, the point may become its
 * step's, which it then takes (once). */
static void at_point(int me, uintptr_t addr, const char *call, uintptr_t site) {
  for (int took = 0;;) {
    took = took || arrive(me, addr, call);
    int next = choose_or_wait(me);
    if (next < 0) {
      let_go();
      return;
    }
    if (next == me)
      break;
    hand_to(next);
    wait_for_turn(me);
    if (!LOAD(s.on))
      return;
    if (s.picking)
      break;
  }
  moved(me);
  if (s.story)
    tell_point(me, site);
}

static int point_applies(void) {
  return LOAD(s.on) && my_slot >= 0;
}

/* --- Points -------------------------------------------------------------------------------- */

/* The program's return address, three frames up: past this function, the scheduler's entry
 * point and the shim's wrapper. Read with the unwinder: the shim keeps no frame pointers. */
struct unwound {
  int frames_left;
  uintptr_t site;
};

static _Unwind_Reason_Code each_frame(struct _Unwind_Context *context, void *arg) {
  struct unwound *u = arg;
  if (u->frames_left-- > 0)
    return _URC_NO_REASON;
  u->site = (uintptr_t)_Unwind_GetIP(context);
  return _URC_END_OF_STACK;
}

/* TSan's, when the program is built with it: the unwinder's own locks (libgcc's, and
 * dl_iterate_phdr's) would otherwise order the threads that tell the story, and hide a race. */
void AnnotateIgnoreSyncBegin(const char *file, int line) __attribute__((weak));
void AnnotateIgnoreSyncEnd(const char *file, int line) __attribute__((weak));

__attribute__((noinline)) static uintptr_t program_site(void) {
  struct unwound u = {3, 0};
  if (!s.story)
    return 0;
  if (AnnotateIgnoreSyncBegin)
    AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
  _Unwind_Backtrace(each_frame, &u);
  if (AnnotateIgnoreSyncEnd)
    AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
  return u.site;
}

static void access_point(const void *addr, int atomic, uintptr_t site) {
  uintptr_t a = (uintptr_t)addr;
  if (!point_applies())
    return;
  int named = s.picking && atomic;
  for (int i = 0; i < s.nsteps && !named; i++)
    named = a >= s.steps[i].lo && a < s.steps[i].hi;
  if (!named)
    return;
  at_point(my_slot, a, NULL, site);
}

void racecheck_sched_access(const void *addr) {
  access_point(addr, 0, program_site());
}

void racecheck_sched_atomic_access(const void *addr) {
  access_point(addr, 1, program_site());
}

void racecheck_sched_call(const char *call) {
  if (!point_applies())
    return;
  at_point(my_slot, 0, call, program_site());
}

void racecheck_sched_yield(void) {
  if (!point_applies())
    return;
  STORE(s.threads[my_slot].yielded_at, LOAD(s.moves));
  take_turn(my_slot);
}

/* A call that would block in the kernel until one of fds is ready: the thread waits for
 * that in the scheduler instead, letting the others run, and can be chosen again once one
 * is ready (the call then returns at once): a thread blocked in the kernel would keep the
 * turn. More descriptors than the scheduler keeps are waited for in the kernel. */
static void wait_for_fds(const struct pollfd *fds, unsigned long n) {
  if (!point_applies() || n < 1 || n > IO_FDS)
    return;
  struct sched_thread *t = &s.threads[my_slot];
  memcpy(t->io, fds, n * sizeof *fds);
  t->nio = (int)n;
  while (LOAD(s.on) && !io_ready(t->io, t->nio, &NO_WAIT)) {
    STORE(t->state, WAITS_FOR_IO);
    take_turn(my_slot);
    STORE(t->state, READY);
  }
}

void racecheck_sched_io_fd(int fd, short events) {
  if (!point_applies())
    return;
  long flags = syscall(SYS_fcntl, fd, F_GETFL);
  if (flags < 0 || (flags & O_NONBLOCK)) /* the call will not block */
    return;
  struct pollfd p = {.fd = fd, .events = events};
  wait_for_fds(&p, 1);
}

/* A poll with no timeout waits as a read does; one with a timeout is a sleep, unless a
 * descriptor is ready already. */
void racecheck_sched_poll(const struct pollfd *fds, unsigned long n, int timeout) {
  if (!point_applies() || timeout == 0)
    return;
  if (timeout < 0) {
    wait_for_fds(fds, n);
    return;
  }
  struct pollfd copy[IO_FDS];
  if (n > IO_FDS || n < 1 ||
      (memcpy(copy, fds, n * sizeof *fds), !io_ready(copy, (int)n, &NO_WAIT)))
    racecheck_sched_yield();
}

/* Blocks `me` on `object` until a release of it (returns 1), or until the scheduler lets go. */
static int block_on(const void *object) {
  int me = my_slot;
  struct sched_thread *t = &s.threads[me];
  STORE(t->waits_for, (uintptr_t)object);
  STORE(t->blocked_since, atomic_fetch_add_explicit(&s.blocks, 1, memory_order_relaxed));
  STORE(t->state, BLOCKED);
  take_turn(me);
  STORE(t->state, READY); /* woken, or let go */
  return LOAD(s.on);
}

void racecheck_sched_wait_until_free(const void *object, int (*taken)(const void *object)) {
  while (point_applies() && taken(object))
    block_on(object);
}

static void wake(uintptr_t object, int all) {
  int n = LOAD(s.nthreads), first = -1;
  for (int t = 0; t < n; t++) {
    struct sched_thread *w = &s.threads[t];
    if (LOAD(w->state) != BLOCKED || LOAD(w->waits_for) != object)
      continue;
    if (all)
      STORE(w->state, READY);
    else if (first < 0 || LOAD(w->blocked_since) < LOAD(s.threads[first].blocked_since))
      first = t;
  }
  if (first >= 0)
    STORE(s.threads[first].state, READY);
}

void racecheck_sched_released(const void *object) {
  if (!point_applies())
    return;
  wake((uintptr_t)object, 1);
  take_turn(my_slot);
}

int racecheck_sched_cond_wait(const void *cond, const void *mutex) {
  if (!point_applies())
    return 0;
  wake((uintptr_t)mutex, 1);
  return block_on(cond);
}

void racecheck_sched_cond_signal(const void *cond, int all) {
  if (point_applies())
    wake((uintptr_t)cond, all);
}

/* Threads created start on their own time: until each has said who it is, a join cannot
 * tell whether its thread is one of them, and the answer would depend on the timing. (A
 * thread whose creation failed gave its slot back.) */
static void wait_for_threads_to_start(void) {
  int n = LOAD(s.nthreads);
  for (long tries = 0; tries < 100000; tries++) {
    int started = 1;
    for (int t = 0; t < n && started; t++)
      started = LOAD(s.threads[t].self) != 0;
    if (started)
      return;
    syscall(SYS_sched_yield);
  }
}

/* Whether a thread that has started and not ended is `self`: a live thread's handle is
 * its own alone (an ended one's may be taken again by a thread created since). */
static int started_and_running(unsigned long self) {
  int n = LOAD(s.nthreads);
  for (int t = 0; t < n; t++) {
    int state = LOAD(s.threads[t].state);
    if (state != UNUSED && state != ENDED && LOAD(s.threads[t].self) == self)
      return 1;
  }
  return 0;
}

static int still_running(const void *thread) {
  unsigned long self = (unsigned long)(uintptr_t)thread;
  if (started_and_running(self))
    return 1; /* no need to wait for the others to start */
  wait_for_threads_to_start();
  if (started_and_running(self))
    return 1;
  int n = LOAD(s.nthreads), unstarted = 0;
  for (int t = 0; t < n; t++)
    unstarted |= LOAD(s.threads[t].self) == 0;
  return unstarted; /* it may be one that has not started yet */
}

void racecheck_sched_join(unsigned long thread) {
  racecheck_sched_wait_until_free((const void *)(uintptr_t)thread, still_running);
}

/* The exit is a point where the threads that can still run may go first, as a machine may
 * run them before the process ends (none: no point). Each thread created has started by
 * then, so that the exit sees every one the same way on every run. */
void racecheck_sched_exit(int main_returned) {
  if (!point_applies())
    return;
  wait_for_threads_to_start();
  int n = LOAD(s.nthreads), others = 0;
  for (int t = 0; t < n && !others; t++)
    others = t != my_slot && can_run(t);
  if (others)
    at_point(my_slot, 0, "exit", main_returned ? RACECHECK_SITE_MAIN_RETURNS : program_site());
}

/* --- Threads ------------------------------------------------------------------------------- */

int racecheck_sched_thread_reserved(void) {
  if (!point_applies())
    return -1;
  arrive(my_slot, 0, "pthread_create"); /* no turn is taken: the creator goes on */
  int slot = LOAD(s.nthreads);
  if (slot >= RACECHECK_MAX_THREADS)
    return -1;
  STORE(s.threads[slot].yielded_at, -1);
  STORE(s.threads[slot].state, READY);
  STORE(s.nthreads, slot + 1);
  return slot;
}

void racecheck_sched_thread_starts(int slot) {
  if (slot < 0)
    return;
  my_slot = slot;
  STORE(s.threads[slot].self, (unsigned long)pthread_self());
  if (LOAD(s.on))
    wait_for_turn(slot);
}

/* A slot given back if it is still the last, else one that ended before it began. */
void racecheck_sched_thread_failed(int slot) {
  if (slot < 0)
    return;
  int last = slot + 1;
  if (atomic_compare_exchange_strong_explicit(&s.nthreads, &last, slot, memory_order_relaxed,
                                              memory_order_relaxed)) {
    STORE(s.threads[slot].state, UNUSED);
    return;
  }
  STORE(s.threads[slot].self, ULONG_MAX); /* no thread's handle: it never started */
  STORE(s.threads[slot].state, ENDED);
}

void racecheck_sched_thread_ends(void) {
  if (my_slot < 0)
    return;
  struct sched_thread *t = &s.threads[my_slot];
  if (LOAD(s.on))
    arrive(my_slot, 0, THREAD_END);
  STORE(t->state, ENDED);
  if (!LOAD(s.on))
    return;
  wake((uintptr_t)LOAD(t->self), 1);
  STORE(t->tid, syscall(SYS_gettid));
  int next = choose_or_wait(my_slot);
  if (next < 0)
    let_go();
  else
    hand_to(next);
}
