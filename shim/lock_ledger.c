/* The lock ledger, linked into every case with -Wl,--wrap for each lock call: per thread,
 * the locks it holds and where it took each, written to racecheck's channel (the file racecheck
 * opened at descriptor RACECHECK_LEDGER_FD before it started the program) when it matters: a
 * thread that ends holding a lock, an unlock of a lock it does not hold, a lock it takes
 * again, a wait about to block, so that racecheck can look at once, each lock taken
 * while others are held, once for each set held, and each condition signal that differs
 * from the last said of its condition (where, and whether anybody waited).
 *
 * Like the thread-origins wrapper it is built without -fsanitize=thread and makes no call
 * the race detector could take for synchronization: its tables are per-thread slots with
 * relaxed atomics, its output goes through raw system calls, and the lock calls themselves
 * reach the detector unchanged. Valgrind sees every instruction, so its tools are told to
 * ignore the ledger's memory (a no-op outside valgrind). Each wrapper tells TSan's shadow stack
 * that the program's call site is a frame, so its reports still name the line of the program's
 * call. */
#define _GNU_SOURCE
#include "lock_ledger.h"

#include "scheduler.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <threads.h>
#include <unistd.h>
/* helgrind.h first: drd.h then defines the ANNOTATE_ macros used here as DRD understands them */
#include <valgrind/helgrind.h>

#include <valgrind/drd.h>

enum { MAX_THREADS = RACECHECK_MAX_THREADS, MAX_HELD = 16, RECORD_MAX = 1024, GUARDS = 16 };

struct held_lock {
  atomic_uintptr_t lock;
  atomic_uintptr_t site;
  int write;
};

struct ledger_thread {
  atomic_long tid;
  atomic_uintptr_t created_from; /* 0 for main */
  atomic_ulong self;             /* its pthread_t */
  atomic_int done;
  atomic_long ended_in; /* the process it ended in, whose exit says its tally; 0: running */
  atomic_int released;  /* joined, or detached: nobody is to join it any more */
  atomic_int nheld;
  int overflowed; /* held more than MAX_HELD at once: its held set is no longer known */
  struct held_lock held[MAX_HELD];
  /* the work it did, for `racecheck try`: locks taken, unlocks, sleeps, accesses to memory
   * outside its own stack while it held a lock, atomic read-modify-writes of such memory */
  atomic_long locks, unlocks, sleeps, guarded, atomics;
  /* the first GUARDS addresses of the program's own globals it touched holding a lock, each
   * once: racecheck names them, to tell the lesson's variable from a dummy */
  atomic_uintptr_t guards[GUARDS];
  atomic_int nguards;
  uintptr_t stack_low, stack_high; /* its own stack; both 0 if unknown */
};

static struct ledger_thread ledger_threads[MAX_THREADS];
enum { NESTS_SEEN = 4096 };
static atomic_ullong nests_seen[NESTS_SEEN]; /* hashes of the nested acquisitions said */
/* A condition variable's count of waits begun (its epoch), of threads in a wait on it now,
 * and the last signal said of it. A table of CONDS: a condition past them is not counted,
 * and its signals are said as to waiters unknown. */
enum { CONDS = 1024 };
struct cond_slot {
  atomic_uintptr_t cond; /* 0: a free slot */
  atomic_long waits;
  atomic_int waiting;
  atomic_ullong said; /* a hash of the last signal said: its epoch, site and waiters */
};
static struct cond_slot conds[CONDS];
static atomic_ulong detached[MAX_THREADS]; /* the pthread_t of each thread detached */
static atomic_int ndetached;
static atomic_int ledger_thread_count;
static atomic_int ledger_fd = -1;
static atomic_long hello_pid; /* the process that said hello last */
/* Threads the program asked for, and how many of those it asked for after a join had
 * returned: threads joined one by one before the next is made never run together. */
static atomic_long threads_created, created_after_join, joins_returned;
static unsigned long ledger_dev, ledger_ino;
static __thread struct ledger_thread *me;
/* Where the last instrumented function of this thread returned: when its start function
 * returns, the line of that return. */
static __thread uintptr_t last_return;

extern char __ehdr_start[], _end[];

/* TSan's entry points, absent from a build without it (valgrind's cases). */
void __tsan_func_entry(void *caller) __attribute__((weak));
void __real___tsan_func_exit(void) __attribute__((weak));
void __wrap___tsan_func_exit(void);

/* --- The channel ------------------------------------------------------------------- */

struct record {
  char text[RECORD_MAX];
  size_t len;
};

static void put(struct record *r, const char *s) {
  while (*s && r->len < RECORD_MAX - 1)
    r->text[r->len++] = *s++;
}

static void put_hex(struct record *r, uintptr_t v) {
  char digits[2 * sizeof v + 2];
  size_t n = sizeof digits;
  do
    digits[--n] = "0123456789abcdef"[v & 15];
  while ((v >>= 4) && n > 1);
  digits[--n] = ' ';
  for (; n < sizeof digits && r->len < RECORD_MAX - 1; n++)
    r->text[r->len++] = digits[n];
}

/* The channel racecheck opened, if it did, remembered by its file. */
static int open_channel(void) {
  struct stat st;
  if (syscall(SYS_fstat, RACECHECK_LEDGER_FD, &st) != 0 || !S_ISREG(st.st_mode))
    return -1;
  syscall(SYS_fcntl, RACECHECK_LEDGER_FD, F_SETFD, FD_CLOEXEC); /* not for what it execs */
  ledger_dev = st.st_dev, ledger_ino = st.st_ino;
  return RACECHECK_LEDGER_FD;
}

/* The channel, still the file racecheck opened: a program that closed the descriptor and got
 * its number back for a file of its own finds no record in it. The ledger then goes silent,
 * and racecheck sees a program whose tally never came. */
static int channel(void) {
  int fd = atomic_load_explicit(&ledger_fd, memory_order_relaxed);
  struct stat st;
  if (fd >= 0 &&
      (syscall(SYS_fstat, fd, &st) != 0 || st.st_dev != ledger_dev || st.st_ino != ledger_ino)) {
    atomic_store_explicit(&ledger_fd, -1, memory_order_relaxed);
    return -1;
  }
  return fd;
}

/* The one instruction the ledger is written through, write(fd, text, len): racecheck lets a
 * write to the ledger's descriptor through only from the instruction after it (its filter
 * hands racecheck every such write; clone_watch.h), never from the program's own calls,
 * glibc's write() and syscall() among them. */
long racecheck_ledger_write(long fd, const char *text, size_t len);
#if defined(__x86_64__)
__asm__(".text\n"
        ".globl racecheck_ledger_write\n"
        ".hidden racecheck_ledger_write\n"
        ".type racecheck_ledger_write, @function\n"
        "racecheck_ledger_write:\n"
        "  movl $1, %eax\n" /* SYS_write */
        "  syscall\n"
        ".globl racecheck_ledger_written\n"
        ".hidden racecheck_ledger_written\n"
        "racecheck_ledger_written:\n"
        "  ret\n"
        ".size racecheck_ledger_write, .-racecheck_ledger_write\n");
#elif defined(__aarch64__)
__asm__(".text\n"
        ".globl racecheck_ledger_write\n"
        ".hidden racecheck_ledger_write\n"
        ".type racecheck_ledger_write, %function\n"
        "racecheck_ledger_write:\n"
        "  mov x8, #64\n" /* SYS_write */
        "  svc #0\n"
        ".globl racecheck_ledger_written\n"
        ".hidden racecheck_ledger_written\n"
        "racecheck_ledger_written:\n"
        "  ret\n"
        ".size racecheck_ledger_write, .-racecheck_ledger_write\n");
#else
long racecheck_ledger_write(long fd, const char *text, size_t len) {
  return syscall(SYS_write, fd, text, len); /* no filter watches the ledger here */
}
#endif

/* Records said together, in as few writes as they fit in: each write reaches the ledger
 * through racecheck, a round trip. Only the thread that set it up adds to it. */
struct batch {
  char text[16 * RECORD_MAX];
  size_t len;
};
static __thread struct batch *batching;

static void flush(struct batch *b) {
  int fd = channel();
  if (fd >= 0 && b->len)
    racecheck_ledger_write(fd, b->text, b->len);
  b->len = 0;
}

static void send(struct record *r) {
  r->text[r->len++] = '\n';
  struct batch *b = batching;
  if (b && b->len + r->len > sizeof b->text)
    flush(b);
  if (b) {
    for (size_t i = 0; i < r->len; i++)
      b->text[b->len++] = r->text[i];
    return;
  }
  int fd = channel();
  if (fd >= 0)
    racecheck_ledger_write(fd, r->text, r->len);
}

/* "ledger 1 PID BASE": a process says who it is and where its executable is. */
static void hello(long pid) {
  struct record r = {.len = 0};
  atomic_store_explicit(&hello_pid, pid, memory_order_relaxed);
  put(&r, "ledger 1");
  put_hex(&r, (uintptr_t)pid);
  put_hex(&r, (uintptr_t)__ehdr_start);
  send(&r);
}

/* A record's first words. In a child forked since the last record, the thread that forked
 * is the child's only thread, under a new id: the child says hello first. */
static void begin(struct record *r, const char *kind, struct ledger_thread *t) {
  long pid = (long)syscall(SYS_getpid);
  if (pid != atomic_load_explicit(&hello_pid, memory_order_relaxed)) {
    hello(pid);
    atomic_store_explicit(&t->tid, syscall(SYS_gettid), memory_order_relaxed);
  }
  r->len = 0;
  put(r, kind);
  put_hex(r, (uintptr_t)pid);
  put_hex(r, (uintptr_t)atomic_load_explicit(&t->tid, memory_order_relaxed));
  put_hex(r, atomic_load_explicit(&t->created_from, memory_order_relaxed));
}

static void put_held(struct record *r, const struct ledger_thread *t) {
  int n = atomic_load_explicit(&t->nheld, memory_order_relaxed);
  put_hex(r, (uintptr_t)n);
  for (int i = 0; i < n; i++) {
    put_hex(r, atomic_load_explicit(&t->held[i].lock, memory_order_relaxed));
    put_hex(r, atomic_load_explicit(&t->held[i].site, memory_order_relaxed));
  }
}

static struct ledger_thread *register_thread(uintptr_t created_from) {
  int i = atomic_fetch_add_explicit(&ledger_thread_count, 1, memory_order_relaxed);
  if (i >= MAX_THREADS)
    return NULL;
  struct ledger_thread *t = &ledger_threads[i];
  atomic_store_explicit(&t->tid, syscall(SYS_gettid), memory_order_relaxed);
  atomic_store_explicit(&t->created_from, created_from, memory_order_relaxed);
  atomic_store_explicit(&t->self, (unsigned long)pthread_self(), memory_order_relaxed);
  pthread_attr_t attr;
  void *low;
  size_t size;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    if (pthread_attr_getstack(&attr, &low, &size) == 0)
      t->stack_low = (uintptr_t)low, t->stack_high = (uintptr_t)low + size;
    pthread_attr_destroy(&attr);
  }
  return t;
}

/* Memory outside the thread's own stack: a global, the heap, another thread's stack. */
static int shared(const struct ledger_thread *t, const void *addr) {
  return (uintptr_t)addr < t->stack_low || (uintptr_t)addr >= t->stack_high;
}

/* An address of the executable's own globals (from its ELF header to the end of its bss),
 * noted once among the thread's guards while there is room. */
static void note_guard(struct ledger_thread *t, const void *addr) {
  uintptr_t a = (uintptr_t)addr;
  if (a < (uintptr_t)__ehdr_start || a >= (uintptr_t)_end)
    return;
  int n = atomic_load_explicit(&t->nguards, memory_order_relaxed);
  for (int i = 0; i < n; i++)
    if (atomic_load_explicit(&t->guards[i], memory_order_relaxed) == a)
      return;
  if (n < GUARDS) {
    atomic_store_explicit(&t->guards[n], a, memory_order_relaxed);
    atomic_store_explicit(&t->nguards, n + 1, memory_order_relaxed);
  }
}

void racecheck_ledger_access(const void *addr) {
  struct ledger_thread *t = me;
  if (t && atomic_load_explicit(&t->nheld, memory_order_relaxed) > 0 && shared(t, addr)) {
    atomic_fetch_add_explicit(&t->guarded, 1, memory_order_relaxed);
    note_guard(t, addr);
  }
}

void racecheck_ledger_atomic_update(const void *addr) {
  struct ledger_thread *t = me;
  if (t && shared(t, addr))
    atomic_fetch_add_explicit(&t->atomics, 1, memory_order_relaxed);
  racecheck_ledger_access(addr); /* under a lock, it is data the lock guards too */
}

/* The channel opens before main, on the main thread, which the ledger then knows. */
__attribute__((constructor)) static void racecheck_ledger_open(void) {
  atomic_store_explicit(&ledger_fd, open_channel(), memory_order_relaxed);
  DRD_IGNORE_VAR(ledger_threads);
  DRD_IGNORE_VAR(ledger_thread_count);
  VALGRIND_HG_DISABLE_CHECKING(&ledger_threads, sizeof ledger_threads);
  VALGRIND_HG_DISABLE_CHECKING(&ledger_thread_count, sizeof ledger_thread_count);
  DRD_IGNORE_VAR(nests_seen);
  VALGRIND_HG_DISABLE_CHECKING(&nests_seen, sizeof nests_seen);
  DRD_IGNORE_VAR(detached);
  VALGRIND_HG_DISABLE_CHECKING(&detached, sizeof detached);
  DRD_IGNORE_VAR(conds);
  VALGRIND_HG_DISABLE_CHECKING(&conds, sizeof conds);
  me = register_thread(0);
  if (me)
    hello((long)syscall(SYS_getpid));
}

/* --- The held set ------------------------------------------------------------------ */

static int find_held(const struct ledger_thread *t, uintptr_t lock) {
  for (int i = atomic_load_explicit(&t->nheld, memory_order_relaxed); i > 0; i--)
    if (atomic_load_explicit(&t->held[i - 1].lock, memory_order_relaxed) == lock)
      return i - 1;
  return -1;
}

static void push_held(struct ledger_thread *t, uintptr_t lock, uintptr_t site, int write) {
  int n = atomic_load_explicit(&t->nheld, memory_order_relaxed);
  if (n == MAX_HELD) {
    t->overflowed = 1;
    return;
  }
  atomic_store_explicit(&t->held[n].lock, lock, memory_order_relaxed);
  atomic_store_explicit(&t->held[n].site, site, memory_order_relaxed);
  t->held[n].write = write;
  atomic_store_explicit(&t->nheld, n + 1, memory_order_relaxed);
}

static void drop_held(struct ledger_thread *t, int i) {
  int n = atomic_load_explicit(&t->nheld, memory_order_relaxed);
  for (; i + 1 < n; i++) {
    atomic_store_explicit(&t->held[i].lock,
                          atomic_load_explicit(&t->held[i + 1].lock, memory_order_relaxed),
                          memory_order_relaxed);
    atomic_store_explicit(&t->held[i].site,
                          atomic_load_explicit(&t->held[i + 1].site, memory_order_relaxed),
                          memory_order_relaxed);
    t->held[i].write = t->held[i + 1].write;
  }
  atomic_store_explicit(&t->nheld, n - 1, memory_order_relaxed);
}

/* Another thread that the ledger says holds `lock`, with the slot of it; NULL if none. */
static const struct ledger_thread *holder_of(uintptr_t lock, int *slot) {
  int n = atomic_load_explicit(&ledger_thread_count, memory_order_relaxed);
  for (int i = 0; i < n && i < MAX_THREADS; i++)
    if (&ledger_threads[i] != me && (*slot = find_held(&ledger_threads[i], lock)) >= 0)
      return &ledger_threads[i];
  return NULL;
}

/* --- What the wrappers note ---------------------------------------------------------- */

enum lock_kind { MUTEX, RWLOCK };
enum { READ = 0, WRITE = 1 };

struct pending {
  struct ledger_thread *t;
  uintptr_t lock, site;
  int write;
  int announced;
  int counts; /* a lock call of the program's, not a condition wait taking its mutex back */
  struct cond_slot *cond; /* a condition wait: its condition's slot, or NULL */
  long epoch;             /* a condition wait: how many waits on it had begun, this one too */
};

static int mutex_recursive(const void *lock) {
  const pthread_mutex_t *m = lock;
  ANNOTATE_IGNORE_READS_BEGIN();
  int kind = __atomic_load_n(&m->__data.__kind, __ATOMIC_RELAXED) & 3;
  ANNOTATE_IGNORE_READS_END();
  return kind == PTHREAD_MUTEX_RECURSIVE;
}

/* The mutex is locked now: glibc's lock word, read without taking part in it. */
static int mutex_taken(const void *lock) {
  const pthread_mutex_t *m = lock;
  ANNOTATE_IGNORE_READS_BEGIN();
  int taken = __atomic_load_n(&m->__data.__lock, __ATOMIC_RELAXED) != 0;
  ANNOTATE_IGNORE_READS_END();
  return taken;
}

static void note_relock(struct pending *p, int i) {
  struct record r;
  begin(&r, "relock", p->t);
  put_hex(&r, p->lock);
  put_hex(&r, p->site);
  put_hex(&r, atomic_load_explicit(&p->t->held[i].site, memory_order_relaxed));
  send(&r);
}

/* "block ... CALL OBJECT SITE [EPOCH] HELD": a wait about to block; a condition wait says
 * which wait on its condition it is (0: the ledger keeps no count for it), for
 * racecheck to tell whether a signal came before it or after. */
static int announce(struct ledger_thread *t, const char *call, uintptr_t object, uintptr_t site,
                    const long *epoch) {
  if (!t || t->overflowed)
    return 0;
  struct record r;
  begin(&r, "block", t);
  put(&r, " ");
  put(&r, call);
  put_hex(&r, object);
  put_hex(&r, site);
  if (epoch)
    put_hex(&r, (uintptr_t)*epoch);
  put_held(&r, t);
  send(&r);
  return 1;
}

static void resume(const struct pending *p) {
  struct record r;
  begin(&r, "resume", p->t);
  send(&r);
}

/* Before a lock call that may block: a lock it already holds is noted, and a wait for a
 * mutex that is taken is announced. */
static struct pending before_lock(const char *call, const void *lock, enum lock_kind kind,
                                  int write, int may_block, uintptr_t site) {
  struct pending p = {.t = me, .lock = (uintptr_t)lock, .site = site, .write = write, .counts = 1};
  if (!p.t || p.t->overflowed)
    return p;
  int i = find_held(p.t, p.lock);
  int recursive = kind == MUTEX && mutex_recursive(lock);
  if (i >= 0 && may_block && !recursive && (write || p.t->held[i].write))
    note_relock(&p, i);
  if (may_block && kind == MUTEX && mutex_taken(lock))
    p.announced = announce(p.t, call, p.lock, site, NULL);
  return p;
}

/* Each lock taken while others were held, once for each set held: for a lock-order report,
 * which lock every acquisition of the pair was made under. nests_seen holds what was said;
 * once it is full, every such acquisition is said again, so that none goes unsaid. */

static int nest_is_new(const struct ledger_thread *t, uintptr_t lock, uintptr_t site) {
  unsigned long long h = 1469598103934665603ull;
  unsigned long long parts[2] = {lock, site};
  for (int i = 0; i < 2; i++)
    h = (h ^ parts[i]) * 1099511628211ull;
  for (int i = 0; i < atomic_load_explicit(&t->nheld, memory_order_relaxed); i++)
    h = (h ^ atomic_load_explicit(&t->held[i].lock, memory_order_relaxed)) * 1099511628211ull;
  h |= 1; /* 0 marks a free slot */
  for (unsigned long long probe = 0; probe < NESTS_SEEN; probe++) {
    atomic_ullong *slot = &nests_seen[(h + probe) % NESTS_SEEN];
    unsigned long long seen = 0;
    if (atomic_compare_exchange_strong_explicit(slot, &seen, h, memory_order_relaxed,
                                                memory_order_relaxed))
      return 1;
    if (seen == h)
      return 0;
  }
  return 1;
}

/* "nest ... LOCK SITE HELD": the lock taken at SITE while holding HELD. */
static void note_nest(const struct pending *p) {
  if (p->t->overflowed || atomic_load_explicit(&p->t->nheld, memory_order_relaxed) == 0 ||
      !nest_is_new(p->t, p->lock, p->site))
    return;
  struct record r;
  begin(&r, "nest", p->t);
  put_hex(&r, p->lock);
  put_hex(&r, p->site);
  put_held(&r, p->t);
  send(&r);
}

static void wait_ends(const struct pending *p);

static void after_lock(const struct pending *p, int acquired) {
  wait_ends(p);
  if (!p->t)
    return;
  if (p->announced)
    resume(p);
  if (acquired && p->counts)
    note_nest(p);
  if (acquired)
    push_held(p->t, p->lock, p->site, p->write);
  if (acquired && p->counts)
    atomic_fetch_add_explicit(&p->t->locks, 1, memory_order_relaxed);
}

static void note_unlock(const void *lock, uintptr_t site) {
  struct ledger_thread *t = me;
  if (t)
    atomic_fetch_add_explicit(&t->unlocks, 1, memory_order_relaxed);
  if (!t || t->overflowed)
    return;
  int i = find_held(t, (uintptr_t)lock);
  if (i >= 0) {
    drop_held(t, i);
    return;
  }
  int slot = 0;
  const struct ledger_thread *owner = holder_of((uintptr_t)lock, &slot);
  struct record r;
  begin(&r, "unlock", t);
  put_hex(&r, (uintptr_t)lock);
  put_hex(&r, site);
  put_hex(&r, owner ? (uintptr_t)atomic_load_explicit(&owner->tid, memory_order_relaxed) : 0);
  put_hex(&r, owner ? atomic_load_explicit(&owner->created_from, memory_order_relaxed) : 0);
  put_hex(&r, owner ? atomic_load_explicit(&owner->held[slot].site, memory_order_relaxed) : 0);
  send(&r);
}

/* "tally ... LOCKS UNLOCKS SLEEPS GUARDED ATOMICS N GUARD...": the work a thread did, and
 * the N globals it touched holding a lock, said when it ends. */
static void tally(struct ledger_thread *t) {
  struct record r;
  begin(&r, "tally", t);
  put_hex(&r, (uintptr_t)atomic_load_explicit(&t->locks, memory_order_relaxed));
  put_hex(&r, (uintptr_t)atomic_load_explicit(&t->unlocks, memory_order_relaxed));
  put_hex(&r, (uintptr_t)atomic_load_explicit(&t->sleeps, memory_order_relaxed));
  put_hex(&r, (uintptr_t)atomic_load_explicit(&t->guarded, memory_order_relaxed));
  put_hex(&r, (uintptr_t)atomic_load_explicit(&t->atomics, memory_order_relaxed));
  int n = atomic_load_explicit(&t->nguards, memory_order_relaxed);
  put_hex(&r, (uintptr_t)n);
  for (int i = 0; i < n; i++)
    put_hex(&r, atomic_load_explicit(&t->guards[i], memory_order_relaxed));
  send(&r);
}

/* A thread's tally is said when its process exits, with the others', in one batch. */
static void note_end(uintptr_t site) {
  struct ledger_thread *t = me;
  if (!t)
    return;
  atomic_store_explicit(&t->ended_in, (long)syscall(SYS_getpid), memory_order_relaxed);
  if (atomic_load_explicit(&t->nheld, memory_order_relaxed) > 0 && !t->overflowed) {
    struct record r;
    begin(&r, "exit", t);
    put_hex(&r, site);
    put_held(&r, t);
    send(&r);
  }
  atomic_store_explicit(&t->done, 1, memory_order_relaxed);
}

void racecheck_ledger_schedule_void(int step, int never_created) {
  struct ledger_thread *t = me;
  if (!t)
    return;
  struct record r;
  begin(&r, "void", t);
  put_hex(&r, (uintptr_t)step);
  put_hex(&r, (uintptr_t)never_created);
  send(&r);
}

void racecheck_ledger_schedule_pick(long index, int from, int to, uint64_t choices) {
  struct ledger_thread *t = me;
  if (!t)
    return;
  struct record r;
  begin(&r, "pick", t);
  put_hex(&r, (uintptr_t)index);
  put_hex(&r, (uintptr_t)from);
  put_hex(&r, (uintptr_t)to);
  put_hex(&r, (uintptr_t)choices);
  send(&r);
}

/* The variable's bytes as the program left them, little-endian. The shim is not built with
 * TSan: this read is none of the program's accesses, and no other thread runs meanwhile. */
static uint64_t told_value(const struct racecheck_told *v) {
  uint64_t value = 0;
  for (uintptr_t i = 0; i < v->size && i < sizeof value; i++)
    value |= (uint64_t)((const volatile unsigned char *)v->addr)[i] << (8 * i);
  return value;
}

void racecheck_ledger_schedule_point(int thread, uintptr_t site, const struct racecheck_told *told,
                                     int ntold) {
  struct ledger_thread *t = me;
  if (!t)
    return;
  struct record r;
  begin(&r, "point", t);
  put_hex(&r, (uintptr_t)thread);
  put_hex(&r, site);
  put_hex(&r, (uintptr_t)ntold);
  for (int i = 0; i < ntold; i++) {
    put_hex(&r, told[i].addr);
    put_hex(&r, told[i].size);
    put_hex(&r, (uintptr_t)told_value(&told[i]));
  }
  send(&r);
}

void racecheck_ledger_thread_created(void) {
  atomic_fetch_add_explicit(&threads_created, 1, memory_order_relaxed);
  if (atomic_load_explicit(&joins_returned, memory_order_relaxed) > 0)
    atomic_fetch_add_explicit(&created_after_join, 1, memory_order_relaxed);
}

/* "leak PID TID CREATED": each thread of this process that nobody joined or detached, ended
 * or still running, when the process exits: the same on every run, which TSan's report of
 * a leaked thread, made only for one that has ended by then, is not. */
static int was_detached(const struct ledger_thread *t) {
  int n = atomic_load_explicit(&ndetached, memory_order_relaxed);
  for (int i = 0; i < n && i < MAX_THREADS; i++)
    if (atomic_load_explicit(&detached[i], memory_order_relaxed) ==
        atomic_load_explicit(&t->self, memory_order_relaxed))
      return 1;
  return 0;
}

static void note_leaks(void) {
  long pid = (long)syscall(SYS_getpid);
  int n = atomic_load_explicit(&ledger_thread_count, memory_order_relaxed);
  for (int i = 0; i < n && i < MAX_THREADS; i++) {
    struct ledger_thread *t = &ledger_threads[i];
    if (t == me || atomic_load_explicit(&t->released, memory_order_relaxed) || was_detached(t) ||
        !atomic_load_explicit(&t->created_from, memory_order_relaxed) ||
        pid != atomic_load_explicit(&hello_pid, memory_order_relaxed))
      continue;
    struct record r;
    begin(&r, "leak", t);
    send(&r);
  }
}

/* "threads ... CREATED AFTER_JOIN" and main's tally, when the process exits. */
__attribute__((destructor)) static void racecheck_ledger_close(void) {
  if (!me || atomic_load_explicit(&me->created_from, memory_order_relaxed))
    return; /* exit() called on a thread other than main: main's work is not over */
  static struct batch said;
  batching = &said;
  long pid = (long)syscall(SYS_getpid);
  int n = atomic_load_explicit(&ledger_thread_count, memory_order_relaxed);
  for (int i = 0; i < n && i < MAX_THREADS; i++)
    if (atomic_load_explicit(&ledger_threads[i].ended_in, memory_order_relaxed) == pid)
      tally(&ledger_threads[i]);
  tally(me);
  note_leaks();
  struct record r;
  begin(&r, "threads", me);
  put_hex(&r, (uintptr_t)atomic_load_explicit(&threads_created, memory_order_relaxed));
  put_hex(&r, (uintptr_t)atomic_load_explicit(&created_after_join, memory_order_relaxed));
  send(&r);
  flush(&said);
  batching = NULL;
}

void racecheck_ledger_thread_begins(void *created_from, int detached) {
  me = register_thread((uintptr_t)created_from);
  if (me && detached)
    atomic_store_explicit(&me->released, 1, memory_order_relaxed);
}

/* The thread whose pthread_t is `target`, the latest that had it (glibc reuses them). */
static struct ledger_thread *thread_of(pthread_t target) {
  int n = atomic_load_explicit(&ledger_thread_count, memory_order_relaxed);
  for (int i = n < MAX_THREADS ? n : MAX_THREADS; i > 0; i--)
    if (atomic_load_explicit(&ledger_threads[i - 1].self, memory_order_relaxed) ==
        (unsigned long)target)
      return &ledger_threads[i - 1];
  return NULL;
}

static void release(pthread_t target) {
  struct ledger_thread *t = thread_of(target);
  if (t)
    atomic_store_explicit(&t->released, 1, memory_order_relaxed);
}

int __real_pthread_detach(pthread_t thread);
int __wrap_pthread_detach(pthread_t thread);
int __wrap_pthread_detach(pthread_t thread) {
  int rc = __real_pthread_detach(thread);
  if (rc == 0)
    release(thread);
  /* a thread that has not begun yet is not in the table: keep its id for note_leaks */
  int i = atomic_fetch_add_explicit(&ndetached, 1, memory_order_relaxed);
  if (rc == 0 && i < MAX_THREADS)
    atomic_store_explicit(&detached[i], (unsigned long)thread, memory_order_relaxed);
  return rc;
}

void racecheck_ledger_thread_returned(void) {
  note_end(last_return);
}

/* Whether the thread `target` may still be running: a join may block. While a thread the
 * program created has not started yet, its pthread_t may be that of a thread that ended
 * (glibc reuses them), so nothing can be said. */
static int may_still_run(pthread_t target) {
  int n = atomic_load_explicit(&ledger_thread_count, memory_order_relaxed);
  if (atomic_load_explicit(&racecheck_thread_origin_count, memory_order_relaxed) >= n)
    return 1; /* n counts main too */
  for (int i = n < MAX_THREADS ? n : MAX_THREADS; i > 0; i--) {
    const struct ledger_thread *t = &ledger_threads[i - 1];
    if (atomic_load_explicit(&t->self, memory_order_relaxed) == (unsigned long)target)
      return !atomic_load_explicit(&t->done, memory_order_relaxed);
  }
  return 1;
}

/* --- The shadow stack ---------------------------------------------------------------- */

void racecheck_shadow_enter(uintptr_t site) {
  if (__tsan_func_entry)
    __tsan_func_entry((void *)site);
}

void racecheck_shadow_leave(void) {
  if (__real___tsan_func_exit)
    __real___tsan_func_exit();
}

void __wrap___tsan_func_exit(void) {
  last_return = (uintptr_t)__builtin_return_address(0);
#if __has_attribute(musttail)
  __attribute__((musttail))
#endif
  return __real___tsan_func_exit();
}

/* --- The wrappers ---------------------------------------------------------------------- */

#define SITE ((uintptr_t)__builtin_return_address(0))

/* The rwlock's words, read without taking part in it: DRD is told to ignore the reads, and
 * Helgrind, which has no such request, not to check the lock's own bytes, which the program
 * touches only through the calls Helgrind intercepts. */
static void ignore_rwlock_words(const pthread_rwlock_t *rw) {
  VALGRIND_HG_DISABLE_CHECKING(rw, sizeof *rw);
}

static int rwlock_taken_for_write(const void *lock) {
  const pthread_rwlock_t *rw = lock;
  ignore_rwlock_words(rw);
  ANNOTATE_IGNORE_READS_BEGIN();
  int taken = __atomic_load_n(&rw->__data.__cur_writer, __ATOMIC_RELAXED) != 0 ||
              (__atomic_load_n(&rw->__data.__readers, __ATOMIC_RELAXED) >> 3) != 0;
  ANNOTATE_IGNORE_READS_END();
  return taken;
}

static int rwlock_taken_for_read(const void *lock) {
  const pthread_rwlock_t *rw = lock;
  ignore_rwlock_words(rw);
  ANNOTATE_IGNORE_READS_BEGIN();
  int taken = __atomic_load_n(&rw->__data.__cur_writer, __ATOMIC_RELAXED) != 0;
  ANNOTATE_IGNORE_READS_END();
  return taken;
}

#define LOCK_WRAPPER(fn, type, kind, write, may_block, ok, taken)                                  \
  int __real_##fn(type *lock);                                                                     \
  int __wrap_##fn(type *lock);                                                                     \
  int __wrap_##fn(type *lock) {                                                                    \
    uintptr_t site = SITE;                                                                         \
    racecheck_sched_call(#fn);                                                                     \
    if (may_block)                                                                                 \
      racecheck_sched_wait_until_free(lock, taken);                                                \
    struct pending p = before_lock(#fn, lock, kind, write, may_block, site);                       \
    racecheck_shadow_enter(site);                                                                  \
    int rc = __real_##fn(lock);                                                                    \
    racecheck_shadow_leave();                                                                      \
    after_lock(&p, rc == ok);                                                                      \
    if (rc != ok)                                                                                  \
      racecheck_sched_yield(); /* a failed try: the holder goes first */                           \
    return rc;                                                                                     \
  }

#define TIMED_WRAPPER(fn, type, kind, write, ok, taken)                                            \
  int __real_##fn(type *lock, const struct timespec *deadline);                                    \
  int __wrap_##fn(type *lock, const struct timespec *deadline);                                    \
  int __wrap_##fn(type *lock, const struct timespec *deadline) {                                   \
    uintptr_t site = SITE;                                                                         \
    racecheck_sched_call(#fn);                                                                     \
    racecheck_sched_wait_until_free(lock, taken);                                                  \
    struct pending p = before_lock(#fn, lock, kind, write, 0, site);                               \
    racecheck_shadow_enter(site);                                                                  \
    int rc = __real_##fn(lock, deadline);                                                          \
    racecheck_shadow_leave();                                                                      \
    after_lock(&p, rc == ok);                                                                      \
    return rc;                                                                                     \
  }

#define UNLOCK_WRAPPER(fn, type)                                                                   \
  int __real_##fn(type *lock);                                                                     \
  int __wrap_##fn(type *lock);                                                                     \
  int __wrap_##fn(type *lock) {                                                                    \
    uintptr_t site = SITE;                                                                         \
    racecheck_sched_call(#fn);                                                                     \
    note_unlock(lock, site);                                                                       \
    racecheck_shadow_enter(site);                                                                  \
    int rc = __real_##fn(lock);                                                                    \
    racecheck_shadow_leave();                                                                      \
    racecheck_sched_released(lock);                                                                \
    return rc;                                                                                     \
  }

LOCK_WRAPPER(pthread_mutex_lock, pthread_mutex_t, MUTEX, WRITE, 1, 0, mutex_taken)
LOCK_WRAPPER(pthread_mutex_trylock, pthread_mutex_t, MUTEX, WRITE, 0, 0, mutex_taken)
TIMED_WRAPPER(pthread_mutex_timedlock, pthread_mutex_t, MUTEX, WRITE, 0, mutex_taken)
UNLOCK_WRAPPER(pthread_mutex_unlock, pthread_mutex_t)
LOCK_WRAPPER(pthread_rwlock_rdlock, pthread_rwlock_t, RWLOCK, READ, 1, 0, rwlock_taken_for_read)
LOCK_WRAPPER(pthread_rwlock_wrlock, pthread_rwlock_t, RWLOCK, WRITE, 1, 0, rwlock_taken_for_write)
LOCK_WRAPPER(pthread_rwlock_tryrdlock, pthread_rwlock_t, RWLOCK, READ, 0, 0, rwlock_taken_for_read)
LOCK_WRAPPER(pthread_rwlock_trywrlock, pthread_rwlock_t, RWLOCK, WRITE, 0, 0,
             rwlock_taken_for_write)
TIMED_WRAPPER(pthread_rwlock_timedrdlock, pthread_rwlock_t, RWLOCK, READ, 0, rwlock_taken_for_read)
TIMED_WRAPPER(pthread_rwlock_timedwrlock, pthread_rwlock_t, RWLOCK, WRITE, 0,
              rwlock_taken_for_write)
UNLOCK_WRAPPER(pthread_rwlock_unlock, pthread_rwlock_t)
/* glibc's mtx_t is a pthread_mutex_t underneath, lock word included. */
LOCK_WRAPPER(mtx_lock, mtx_t, MUTEX, WRITE, 1, thrd_success, mutex_taken)
LOCK_WRAPPER(mtx_trylock, mtx_t, MUTEX, WRITE, 0, thrd_success, mutex_taken)
TIMED_WRAPPER(mtx_timedlock, mtx_t, MUTEX, WRITE, thrd_success, mutex_taken)
UNLOCK_WRAPPER(mtx_unlock, mtx_t)

/* --- Condition variables: the waits begun on each, and the signals sent ------------------ */

static struct cond_slot *cond_slot(uintptr_t cond) {
  unsigned long long h = (unsigned long long)(cond >> 3) * 0x9e3779b97f4a7c15ull;
  for (unsigned probe = 0; probe < CONDS; probe++) {
    struct cond_slot *c = &conds[(h + probe) % CONDS];
    uintptr_t seen = 0;
    if (atomic_compare_exchange_strong_explicit(&c->cond, &seen, cond, memory_order_relaxed,
                                                memory_order_relaxed) ||
        seen == cond)
      return c;
  }
  return NULL;
}

/* A wait on cond begins: it is counted, and it is one more thread waiting. The counts are
 * sequentially consistent, not relaxed: a signal that reads the count of waits from before
 * this one and then nobody waiting came before it began. (The shim is not instrumented, so
 * TSan sees no synchronization in them.) */
static void wait_begins(struct pending *p, uintptr_t cond) {
  p->cond = cond_slot(cond);
  if (!p->cond)
    return;
  atomic_fetch_add(&p->cond->waiting, 1);
  p->epoch = atomic_fetch_add(&p->cond->waits, 1) + 1;
}

static void wait_ends(const struct pending *p) {
  if (p->cond)
    atomic_fetch_sub(&p->cond->waiting, 1);
}

enum { SOMEBODY_WAITS = 0, NOBODY_WAITS = 1, WAITERS_UNKNOWN = 2 };

/* "signal ... COND SITE ALL NOBODY EPOCH": a signal (ALL: a broadcast) sent at SITE, when
 * NOBODY waited on COND (1), somebody did (0) or the ledger keeps no count for it (2), after
 * EPOCH waits on it had begun. A signal the same in all of these as the last said of its
 * condition is not said again: a loop that signals says it once between two waits. */
void racecheck_ledger_signal(const void *cond, int all, uintptr_t site) {
  struct cond_slot *c = cond_slot((uintptr_t)cond);
  long epoch = c ? atomic_load(&c->waits) : 0;
  int nobody = !c ? WAITERS_UNKNOWN : atomic_load(&c->waiting) ? SOMEBODY_WAITS : NOBODY_WAITS;
  unsigned long long h = 1469598103934665603ull;
  unsigned long long parts[4] = {(unsigned long long)epoch, site, (unsigned long long)all,
                                 (unsigned long long)nobody};
  for (int i = 0; i < 4; i++)
    h = (h ^ parts[i]) * 1099511628211ull;
  if (c && atomic_exchange_explicit(&c->said, h, memory_order_relaxed) == h)
    return;
  struct ledger_thread unknown = {.tid = 0};
  struct ledger_thread *t = me;
  if (!t) { /* a thread past the ledger's table: still said, under its own id */
    atomic_store_explicit(&unknown.tid, syscall(SYS_gettid), memory_order_relaxed);
    t = &unknown;
  }
  struct record r;
  begin(&r, "signal", t);
  put_hex(&r, (uintptr_t)cond);
  put_hex(&r, site);
  put_hex(&r, (uintptr_t)all);
  put_hex(&r, (uintptr_t)nobody);
  put_hex(&r, (uintptr_t)epoch);
  send(&r);
}

/* A condition wait gives the mutex back while it waits and takes it again before it
 * returns: the mutex is not held meanwhile. Only a wait with no deadline is announced. */
static struct pending before_wait(const char *call, const void *cond, const void *mutex,
                                  int forever, uintptr_t site) {
  struct pending p = {.t = me, .lock = (uintptr_t)mutex, .site = site, .write = WRITE};
  wait_begins(&p, (uintptr_t)cond);
  if (!p.t || p.t->overflowed)
    return p;
  int i = find_held(p.t, p.lock);
  if (i >= 0) {
    p.site = atomic_load_explicit(&p.t->held[i].site, memory_order_relaxed);
    drop_held(p.t, i);
  }
  p.announced = forever && announce(p.t, call, (uintptr_t)cond, site, &p.epoch);
  return p;
}

/* Under a schedule, a condition wait gives the mutex back, waits in the scheduler for a signal
 * and takes the mutex again once it is free: it returns 1. It returns 0, holding the mutex,
 * when the scheduler let go before a signal came: the real wait is made then. */
#define SCHEDULED_WAIT(name, cond_type, mutex_type, unlock, lock)                                  \
  int __real_##unlock(mutex_type *mutex);                                                          \
  int __real_##lock(mutex_type *mutex);                                                            \
  static int name(cond_type *cond, mutex_type *mutex) {                                            \
    __real_##unlock(mutex);                                                                        \
    int signalled = racecheck_sched_cond_wait(cond, mutex);                                        \
    if (signalled)                                                                                 \
      racecheck_sched_wait_until_free(mutex, mutex_taken);                                         \
    __real_##lock(mutex);                                                                          \
    return signalled;                                                                              \
  }

SCHEDULED_WAIT(scheduled_pthread_wait, pthread_cond_t, pthread_mutex_t, pthread_mutex_unlock,
               pthread_mutex_lock)
SCHEDULED_WAIT(scheduled_c11_wait, cnd_t, mtx_t, mtx_unlock, mtx_lock)

#define WAIT_WRAPPER(fn, cond_type, mutex_type, scheduled_wait, ok)                                \
  int __real_##fn(cond_type *cond, mutex_type *mutex);                                             \
  int __wrap_##fn(cond_type *cond, mutex_type *mutex);                                             \
  int __wrap_##fn(cond_type *cond, mutex_type *mutex) {                                            \
    uintptr_t site = SITE;                                                                         \
    racecheck_sched_call(#fn);                                                                     \
    int scheduled = racecheck_sched_on();                                                          \
    struct pending p = before_wait(#fn, cond, mutex, !scheduled, site);                            \
    if (scheduled && scheduled_wait(cond, mutex)) {                                                \
      after_lock(&p, 1);                                                                           \
      return ok;                                                                                   \
    }                                                                                              \
    if (scheduled)                                                                                 \
      p.announced = announce(p.t, #fn, (uintptr_t)cond, site, &p.epoch);                           \
    racecheck_shadow_enter(site);                                                                  \
    int rc = __real_##fn(cond, mutex);                                                             \
    racecheck_shadow_leave();                                                                      \
    after_lock(&p, 1);                                                                             \
    return rc;                                                                                     \
  }

#define TIMED_WAIT_WRAPPER(fn, cond_type, mutex_type, scheduled_wait, ok)                          \
  int __real_##fn(cond_type *cond, mutex_type *mutex, const struct timespec *deadline);            \
  int __wrap_##fn(cond_type *cond, mutex_type *mutex, const struct timespec *deadline);            \
  int __wrap_##fn(cond_type *cond, mutex_type *mutex, const struct timespec *deadline) {           \
    uintptr_t site = SITE;                                                                         \
    racecheck_sched_call(#fn);                                                                     \
    struct pending p = before_wait(#fn, cond, mutex, 0, site);                                     \
    if (racecheck_sched_on() && scheduled_wait(cond, mutex)) {                                     \
      after_lock(&p, 1);                                                                           \
      return ok;                                                                                   \
    }                                                                                              \
    racecheck_shadow_enter(site);                                                                  \
    int rc = __real_##fn(cond, mutex, deadline);                                                   \
    racecheck_shadow_leave();                                                                      \
    after_lock(&p, 1);                                                                             \
    return rc;                                                                                     \
  }

WAIT_WRAPPER(pthread_cond_wait, pthread_cond_t, pthread_mutex_t, scheduled_pthread_wait, 0)
TIMED_WAIT_WRAPPER(pthread_cond_timedwait, pthread_cond_t, pthread_mutex_t, scheduled_pthread_wait,
                   0)
WAIT_WRAPPER(cnd_wait, cnd_t, mtx_t, scheduled_c11_wait, thrd_success)
TIMED_WAIT_WRAPPER(cnd_timedwait, cnd_t, mtx_t, scheduled_c11_wait, thrd_success)

int __real_pthread_join(pthread_t thread, void **result);
int __wrap_pthread_join(pthread_t thread, void **result);
int __wrap_pthread_join(pthread_t thread, void **result) {
  uintptr_t site = SITE;
  racecheck_sched_call("pthread_join");
  racecheck_sched_join((unsigned long)thread);
  struct pending p = {.t = me};
  if (may_still_run(thread))
    p.announced = announce(p.t, "pthread_join", (uintptr_t)thread, site, NULL);
  racecheck_shadow_enter(site);
  int rc = __real_pthread_join(thread, result);
  racecheck_shadow_leave();
  after_lock(&p, 0);
  if (rc == 0)
    atomic_fetch_add_explicit(&joins_returned, 1, memory_order_relaxed);
  if (rc == 0)
    release(thread);
  return rc;
}

/* Sleeps are counted: a sleep that stands in for a lock is timing, not ordering. */
static void note_sleep(void) {
  if (me)
    atomic_fetch_add_explicit(&me->sleeps, 1, memory_order_relaxed);
  racecheck_sched_yield();
}

/* Each sleep tells TSan's shadow stack the program's call site, as the lock wrappers do, so
 * that "As if synchronized via sleep" names the program's line of the sleep. */
unsigned int __real_sleep(unsigned int seconds);
unsigned int __wrap_sleep(unsigned int seconds);
unsigned int __wrap_sleep(unsigned int seconds) {
  uintptr_t site = SITE;
  note_sleep();
  racecheck_shadow_enter(site);
  unsigned int rc = __real_sleep(seconds);
  racecheck_shadow_leave();
  return rc;
}

int __real_usleep(useconds_t micros);
int __wrap_usleep(useconds_t micros);
int __wrap_usleep(useconds_t micros) {
  uintptr_t site = SITE;
  note_sleep();
  racecheck_shadow_enter(site);
  int rc = __real_usleep(micros);
  racecheck_shadow_leave();
  return rc;
}

int __real_nanosleep(const struct timespec *pause, struct timespec *left);
int __wrap_nanosleep(const struct timespec *pause, struct timespec *left);
int __wrap_nanosleep(const struct timespec *pause, struct timespec *left) {
  uintptr_t site = SITE;
  note_sleep();
  racecheck_shadow_enter(site);
  int rc = __real_nanosleep(pause, left);
  racecheck_shadow_leave();
  return rc;
}

_Noreturn void __real_pthread_exit(void *result);
_Noreturn void __wrap_pthread_exit(void *result);
_Noreturn void __wrap_pthread_exit(void *result) {
  note_end(SITE);
  racecheck_sched_thread_ends();
  __real_pthread_exit(result);
}
