/* What a detector reported, as data: in the spirit of TSan's own ReportDesc, a report has a
 * kind, its accesses, the location they touched, the mutexes and threads it names, and for a
 * hang each thread's wait and the owner of what it waits for. The parsers fill it from a
 * detector's text (stacks as printed, detector ids); normalize.c reduces it to what is the
 * same on every run (program frames, canonical ids); render.c and json.c print it. Nothing
 * after the parsers knows a detector's phrasing. */
#ifndef RACECHECK_REPORT_H
#define RACECHECK_REPORT_H

#include "text.h"

#include <stddef.h>

/* One stack frame. Raw: as printed (paths maybe absolute). Normalized: the program's own
 * frames only, files by their base name. */
struct frame {
  char *func;                 /* NULL when unknown */
  char *file;                 /* NULL when the frame has no source */
  int line;                   /* 0 when unknown */
  int column;                 /* 0 when unknown: only the static analysers give one */
  char *module;               /* "prog", "libc.so.6"...; NULL when not printed */
  unsigned long long address; /* code in no module: where it is (func, file, module NULL) */
};

struct stack {
  struct frame *frames; /* innermost first */
  size_t len;
  char *call;       /* normalized: the runtime function the program called (free, pthread_...) */
  int lost;         /* the detector could not restore this stack */
  int unsymbolized; /* normalized: the program's frames there have no names (no -g) */
};

/* A thread as a finding names it: by where it was created, which is the same on every run. */
enum thread_naming {
  THREAD_UNKNOWN,
  THREAD_MAIN,
  THREAD_CREATED_AT, /* at.file:at.line, in at.func */
  THREAD_STARTED_IN, /* no creation site: the function it started in, at.func */
};

struct thread_name {
  enum thread_naming naming;
  struct frame at;
  char *label; /* the name the program gave it (pthread_setname_np), or NULL */
  int ordinal; /* among the report's threads created at one place: 1, 2...; 0 if alone */
};

enum { NO_ID = -1, MAIN_THREAD_ID = 0 };

struct thread {
  int id;     /* the detector's number (TSan's T1); MAIN_THREAD_ID for main */
  int parent; /* the creating thread's id, or NO_ID */
  struct stack created;
  char *label;             /* the name the program gave it, as the detector printed it */
  struct thread_name name; /* normalized */
};

struct mutex {
  int id;                     /* the detector's number (TSan's M0); normalized: 0 is A, 1 is B... */
  unsigned long long address; /* where it is in the program's memory; 0 when not printed */
  char *variable;             /* its variable ("accounts_lock", "acct.mu"), when known */
  struct stack created;
  int destroyed;
};

enum access_op { ACCESS_READ, ACCESS_WRITE };

struct held_mutex {
  int id;
  int write; /* held for writing (a plain mutex is always), not only for reading */
};

struct access {
  enum access_op op;
  int size;
  int atomic;
  int previous; /* the detector saw it first ("Previous write"); a race is a pair, unordered */
  char *tag;    /* an annotated object's type (TSan's external races); NULL for memory */
  int thread;   /* the accessing thread's id, or NO_ID */
  struct thread_name by; /* normalized */
  struct held_mutex *held;
  size_t nheld;
  struct stack stack;
};

enum location_kind {
  LOCATION_NONE,
  LOCATION_GLOBAL,
  LOCATION_HEAP,
  LOCATION_STACK,
  LOCATION_TLS,
  LOCATION_FD,
  LOCATION_OTHER, /* described only in the detector's words, in `name` */
};

struct location {
  enum location_kind kind;
  char *name;               /* a global's name, or the whole description for LOCATION_OTHER */
  long size;                /* -1 when not given */
  int fd;                   /* for LOCATION_FD */
  int thread;               /* the thread whose stack, TLS, heap block or descriptor it is */
  struct thread_name owner; /* normalized */
  struct stack stack;       /* where it was allocated or created */
};

/* An edge of a lock-order cycle: `mutex` taken while holding `held`. */
struct lock_edge {
  int mutex, held;
  int thread;
  struct thread_name by; /* normalized: the thread that took `mutex` */
  struct stack acquired; /* where `mutex` was taken */
  struct stack earlier;  /* where `held` had been taken, if the detector says */
};

/* A stack the report names that is not an access: where a bad call was made, where a
 * signal handler ran, where the program crashed, where a lock was taken and released. */
enum event_kind {
  EVENT_AT,       /* where the report happened: the call the program made, or a crash */
  EVENT_ALSO_AT,  /* a second place the report concerns (TSan's "and:") */
  EVENT_HANDLER,  /* a signal handler, invoked for signal `number` */
  EVENT_LOCKED,   /* a lock taken (held-too-long) */
  EVENT_UNLOCKED, /* and released */
  EVENT_LABELED,  /* a stack the detector names in words of its own, in `label` */
  EVENT_EXITED,   /* where a thread ended (the ledger) */
  EVENT_RELOCKED, /* a lock taken again by the thread that holds it (the ledger) */
};

struct event {
  enum event_kind kind;
  int number;  /* the signal, for EVENT_HANDLER */
  char *label; /* EVENT_LABELED: "other segment start"; NULL otherwise */
  struct stack stack;
};

/* A thread of a program that hung, as /proc and gdb saw it. */
enum wait_state { WAIT_BLOCKED, WAIT_RUNNING, WAIT_SLEEPING };
enum owner_kind { OWNER_NONE, OWNER_UNRECORDED, OWNER_SELF, OWNER_THREAD };
/* What the lock ledger saw of the signals on the condition a thread waits on for good. */
enum signal_seen {
  SIGNAL_UNKNOWN,     /* not a condition wait, or nothing can be said of its signals */
  SIGNAL_BEFORE_WAIT, /* the last signal came before the wait began, when nobody waited */
  SIGNAL_NEVER,       /* the program never signalled it */
};

struct waiter {
  struct thread_name who;
  enum wait_state state;
  char *call;   /* pthread_mutex_lock, pthread_join, nanosleep...; NULL when unknown */
  char *object; /* the waited-for object's name, when gdb knows it: "balance_mu" */
  int joins;    /* waits for the thread `target` to end */
  struct thread_name target;
  enum owner_kind owner;
  struct thread_name owner_name;
  int owner_exited;
  /* from the lock ledger, where it knows: where the owner took the lock, where it ended
   * holding it, or that the owner the mutex names never took it (a copied mutex) */
  struct frame owner_locked_at;
  struct frame owner_exited_at;
  int owner_did_not_lock;
  int deadline; /* a sleep or wait that ends by itself */
  struct frame at;
  enum signal_seen signalled;
  struct frame signalled_at;    /* SIGNAL_BEFORE_WAIT: where that signal was sent */
  struct thread_name signaller; /* and by whom */
};

enum report_kind {
  REPORT_DATA_RACE,        /* accesses (two sides), location, mutexes */
  REPORT_MEMORY_ERROR,     /* use after free and the like: accesses, location */
  REPORT_LOCK_ORDER,       /* cycle, edges, mutexes */
  REPORT_THREAD_LEAK,      /* threads, more */
  REPORT_MUTEX_MISUSE,     /* double lock, unlock of an unlocked mutex...: events, location */
  REPORT_SIGNAL,           /* signal-unsafe call, errno spoiled: events */
  REPORT_CRASH,            /* a deadly signal: notes, events */
  REPORT_HELD_TOO_LONG,    /* DRD: threshold_ms, events */
  REPORT_DEADLOCK,         /* racecheck's hang diagnosis: waiters */
  REPORT_TIMEOUT,          /* the program neither ended nor hung: waiters */
  REPORT_DETECTOR_FAILURE, /* the detector failed itself: notes hold its words */
  /* racecheck's lock ledger: lock_name; threads[0] is the thread that did it; events */
  REPORT_LOCK_HELD_AT_EXIT, /* a thread ended holding a lock: EVENT_LOCKED, EVENT_EXITED */
  REPORT_UNLOCK_NOT_HELD,   /* EVENT_UNLOCKED; the holder, if any, threads[1] and EVENT_LOCKED */
  REPORT_RELOCK,            /* EVENT_LOCKED where it holds it from, EVENT_RELOCKED */
  REPORT_STATIC_WARNING,    /* an analyser's warning on the source: checker, events (the place
                               first, then its notes), before the program runs */
  REPORT_FAILED_RUN,        /* racecheck: the program exited non-zero, or a signal killed it, for no
                               report of the detector's: its last lines on stderr in notes */
  REPORT_OTHER,             /* a report of a kind not modelled here: events, notes */
  REPORT_KINDS              /* how many kinds there are */
};

struct report {
  enum report_kind kind;
  long pid;    /* the process the detector reported on; 0 when not printed */
  char *title; /* the detector's name for it: "data race", "double lock of a mutex" */
  struct access *accesses;
  size_t naccesses;
  struct location location;
  struct mutex *mutexes;
  size_t nmutexes;
  struct thread *threads;
  size_t nthreads;
  int *cycle; /* mutex ids around a lock-order cycle, the first repeated at the end */
  size_t ncycle;
  struct lock_edge *edges;
  size_t nedges;
  struct event *events;
  size_t nevents;
  struct strlist notes; /* the detector's further sentences, without run-to-run values */
  int more;             /* similar reports the detector folded into this one */
  int threshold_ms;     /* REPORT_HELD_TOO_LONG */
  double timeout_s;     /* REPORT_TIMEOUT */
  struct waiter *waiters;
  size_t nwaiters;
  char *no_stacks;  /* a hang whose stacks could not be read, and why */
  char *lock_name;  /* the ledger's kinds: the lock by name ("balance_mu"), or NULL */
  char *checker;    /* REPORT_STATIC_WARNING: the check that warned, as the tool names it */
  char *gate;       /* REPORT_LOCK_ORDER: the lock the ledger saw held at every acquisition
                       of the cycle's locks, which makes the inversion harmless; or NULL */
  int by_racecheck; /* racecheck made it (the lock ledger, a hang's diagnosis, a failed run),
                       not a detector: a detector is never credited with it */
};

struct reports {
  struct report *items;
  size_t len;
};

/* Each adds a zeroed element and returns it. */
struct report *reports_add(struct reports *list);
struct access *report_add_access(struct report *r);
struct mutex *report_add_mutex(struct report *r, int id);
struct thread *report_add_thread(struct report *r, int id);
struct lock_edge *report_add_edge(struct report *r);
struct event *report_add_event(struct report *r, enum event_kind kind);
struct waiter *report_add_waiter(struct report *r);
void report_add_cycle_id(struct report *r, int id);
struct frame *stack_add_frame(struct stack *s);

/* "data_race", "static_warning"...: a kind by the name JSON and cases/lessons.txt give it;
 * report_kind_named returns -1 for a name that is no kind. */
const char *report_kind_name(enum report_kind kind);
int report_kind_named(const char *name);

const struct mutex *report_mutex(const struct report *r, int id);
const struct thread *report_thread(const struct report *r, int id);

void frame_copy(struct frame *to, const struct frame *from);
void stack_copy(struct stack *to, const struct stack *from);
void stack_free(struct stack *s);
void frame_free(struct frame *f);
void thread_name_free(struct thread_name *n);
void report_free(struct report *r);
void reports_free(struct reports *list);

#endif
