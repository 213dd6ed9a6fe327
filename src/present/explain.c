#include "explain.h"

#include "cause.h"
#include "pipeline.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const struct explanation EXPLANATIONS[REPORT_KINDS] = {
    [REPORT_DATA_RACE] = {"two threads touched the same memory, at least one of them "
                          "writing, and nothing ordered the two accesses: no mutex held by "
                          "both, no join, no atomic between them. The result depends on "
                          "timing, even on runs where it looks right.",
                          "guard every access to it with the same mutex, make it an atomic, "
                          "or hand it from one thread to the next (join, a pipe)"},
    [REPORT_MEMORY_ERROR] = {"a thread used memory after another thread had freed it.",
                             "free it only once no thread can use it any more (join first, "
                             "or count the users with an atomic reference count)"},
    [REPORT_LOCK_ORDER] = {"threads took the same mutexes in opposite orders. On this run "
                           "they did not meet, but one day each will hold one lock and wait "
                           "for the other's, forever.",
                           "take the locks in one order everywhere (for example by address or "
                           "by an id), or hold only one at a time"},
    [REPORT_THREAD_LEAK] = {"the program ended without joining threads it created: their "
                            "work may be lost, and their memory is.",
                            "join every thread you create, or detach it on purpose"},
    [REPORT_MUTEX_MISUSE] = {"a mutex was used against its rules: locked twice by one "
                             "thread, unlocked by a thread that did not hold it, used before "
                             "it was made or after it was destroyed.",
                             "lock and unlock in pairs on every path, in the same thread; "
                             "initialise a mutex before use and destroy it only when unlocked"},
    [REPORT_SIGNAL] = {"a signal handler did something that is not safe in a handler: "
                       "called a function that may take locks or allocate, or changed errno "
                       "under the code it interrupted.",
                       "in a handler, only set a volatile sig_atomic_t flag or call "
                       "async-signal-safe functions, and save and restore errno"},
    [REPORT_CRASH] = {"the program died of a signal, at the place shown.",
                      "look at the line it died on: often memory that another thread freed "
                      "or never set"},
    [REPORT_HELD_TOO_LONG] = {"a thread held a lock for longer than the threshold. Nothing is "
                              "wrong yet, but every other thread that needs the lock waited "
                              "all that time.",
                              "keep the critical section small: do the slow work (I/O, "
                              "sleeping, a network call) before taking the lock or after "
                              "releasing it"},
    [REPORT_DEADLOCK] = {"every thread is waiting for something that only another waiting "
                         "thread could give: a mutex its owner never unlocks (a forgotten "
                         "unlock, a lock taken twice, two locks in opposite orders) or a "
                         "thread that never ends. The program can never go on.",
                         "unlock on every path (in C, __attribute__((cleanup)) does it for "
                         "you), never lock what you hold, take locks in one order"},
    [REPORT_TIMEOUT] = {"the program neither ended nor stopped for good before the deadline: "
                        "a thread still runs or sleeps with a deadline.",
                        "look at where each thread is: a loop that never ends, or a wait "
                        "that is never satisfied"},
    [REPORT_DETECTOR_FAILURE] = {"the detector itself failed, so it says nothing about the "
                                 "program.",
                                 "try again with more memory or a newer compiler, and report "
                                 "it to the detector's authors if it stays"},
    [REPORT_LOCK_HELD_AT_EXIT] = {"a thread ended while it still held a lock. Nothing may "
                                  "hang on this run, but the next thread that wants the lock "
                                  "will wait forever.",
                                  "unlock on every path out of the function, early returns "
                                  "and error paths too (in C, __attribute__((cleanup)) does "
                                  "it for you)"},
    [REPORT_UNLOCK_NOT_HELD] = {"a thread unlocked a mutex it did not hold: not locked at "
                                "all, or held by another thread.",
                                "unlock only what this thread locked, once, and keep each "
                                "lock and its unlock in the same function"},
    [REPORT_RELOCK] = {"a thread locked a mutex it already held. A plain mutex then waits "
                       "for itself forever.",
                       "do not lock in a helper what its caller already holds: lock in one "
                       "place, or say in the helper's name that the caller holds the lock"},
    [REPORT_STATIC_WARNING] = {"an analyser read the source and found a rule broken before "
                               "the program ever ran.",
                               "read the warning at its line: it names the lock or the copy "
                               "it means"},
    [REPORT_FAILED_RUN] = {"the program did not succeed: it exited with a status other than 0, "
                           "or a signal killed it, and no detector reported why. Its last "
                           "lines on stderr, quoted above, are its own words about it.",
                           "read those lines and the line of code they name: a failed assert "
                           "names the condition that was false; in a threaded program it is "
                           "often state read without the lock, or an `if` around a wait "
                           "where a `while` belongs"},
    [REPORT_OTHER] = {"the detector reported something racecheck does not know by name; its "
                      "words are above.",
                      "read the detector's own manual for this report"},
};

/* What a run that shows it has shown, in a learner's words: "race shown, as expected". */
static const char *const SHOWN[REPORT_KINDS] = {
    [REPORT_DATA_RACE] = "race",
    [REPORT_MEMORY_ERROR] = "use after free",
    [REPORT_LOCK_ORDER] = "lock-order cycle",
    [REPORT_THREAD_LEAK] = "thread leak",
    [REPORT_MUTEX_MISUSE] = "mutex misuse",
    [REPORT_SIGNAL] = "unsafe signal handler",
    [REPORT_CRASH] = "crash",
    [REPORT_HELD_TOO_LONG] = "lock held too long",
    [REPORT_DEADLOCK] = "deadlock",
    [REPORT_TIMEOUT] = "run that never ends",
    [REPORT_DETECTOR_FAILURE] = "failure of the detector",
    [REPORT_LOCK_HELD_AT_EXIT] = "lock kept at thread exit",
    [REPORT_UNLOCK_NOT_HELD] = "unlock of a mutex not held",
    [REPORT_RELOCK] = "lock taken twice",
    [REPORT_STATIC_WARNING] = "warning",
    [REPORT_FAILED_RUN] = "failed run",
    [REPORT_OTHER] = "report",
};

const char *kind_shown(enum report_kind kind) {
  return kind < REPORT_KINDS ? SHOWN[kind] : NULL;
}
/* A deadlock where a thread waits on a condition variable has a cause of its own. Where the
 * lock ledger did not see whether a signal came before the wait, this says both ways it can
 * be. */
static const struct explanation CONDITION_NEVER_SIGNALED = {
    "a thread waits on a condition variable, and no thread is left to signal it. Either the "
    "signal it needed was never sent, or it was sent before the wait began: a signal is not "
    "remembered, so one sent to nobody is lost.",
    "keep the condition in a variable the mutex guards, and wait only while it is false, "
    "in a loop: while (!done) pthread_cond_wait(&cv, &mu); the thread that sets it signals"};

/* The ledger saw the condition's last signal sent before the wait began, to nobody. */
static const struct explanation SIGNALLED_BEFORE_WAIT = {
    "a lost wakeup: the condition variable was signalled before the thread began to wait, "
    "where named above, when no thread was waiting on it, and never again after. A signal "
    "is not remembered: one sent to nobody is lost, and the wait that comes after sleeps on.",
    "keep the condition in a variable the mutex guards, and wait only while it is false, "
    "in a loop: while (!done) pthread_cond_wait(&cv, &mu); the thread that sets it signals"};

/* The ledger saw no signal at all on the condition. */
static const struct explanation NEVER_SIGNALLED = {
    "a thread waits on a condition variable that no thread signalled on this run, before "
    "the wait or after: nothing is left to wake it.",
    "signal (or broadcast) the condition variable, holding its mutex, wherever the state its "
    "waiters wait for changes; and wait in a loop on that state, so that a wait that comes "
    "late does not need the signal"};

/* Threads in different functions asleep on one condition variable: two kinds of waiter. */
static const struct explanation WRONG_WAITER_WOKEN = {
    "threads of two kinds (here, in different functions) sleep on one condition variable. "
    "pthread_cond_signal wakes one waiter, of either kind: when a signal meant for one kind "
    "wakes the other, that thread finds nothing to do and waits again, and the thread the "
    "signal was meant for sleeps on. Waiting in a loop does not help: the right thread was "
    "never woken.",
    "give each kind of waiter a condition variable of its own (for a buffer: one for \"not "
    "empty\", one for \"not full\"), or wake every waiter with pthread_cond_broadcast so "
    "that each checks its own condition"};

/* A race whose read is the test of a loop: the reader spins on a plain variable. */
static const struct explanation SPIN_ON_FLAG = {
    "a thread waits for another by reading a plain variable in a loop (a spin) while the "
    "other writes it: nothing orders the write before the read, so it is a data race. The "
    "compiler may read the variable once and loop forever, and what the writer did before "
    "setting it need not be visible to the reader after.",
    "wait on a condition variable, with the flag guarded by its mutex; or make the flag an "
    "atomic, written with memory_order_release and read with memory_order_acquire"};

const struct explanation *explain(enum report_kind kind) {
  return kind < REPORT_KINDS ? &EXPLANATIONS[kind] : NULL;
}

static int waits_on_condition(const struct waiter *w) {
  return w->call && (strcmp(w->call, "pthread_cond_wait") == 0 || strcmp(w->call, "cnd_wait") == 0);
}

/* Two threads asleep on the same condition variable in different functions. */
static int two_kinds_wait_on_one(const struct report *r) {
  for (size_t i = 0; i < r->nwaiters; i++)
    for (size_t j = i + 1; j < r->nwaiters; j++) {
      const struct waiter *a = &r->waiters[i], *b = &r->waiters[j];
      if (waits_on_condition(a) && waits_on_condition(b) && a->object && b->object &&
          strcmp(a->object, b->object) == 0 && a->at.func && b->at.func &&
          strcmp(a->at.func, b->at.func) != 0)
        return 1;
    }
  return 0;
}

/* A deadlock's condition waits, as the ledger saw their signals: a lost wakeup when any
 * was signalled before its wait, never signalled when none of them was; else both ways it
 * can be. NULL: no thread waits on a condition. */
static const struct explanation *condition_explanation(const struct report *r) {
  size_t waits = 0, never = 0;
  for (size_t i = 0; i < r->nwaiters; i++) {
    const struct waiter *w = &r->waiters[i];
    if (!waits_on_condition(w))
      continue;
    if (w->signalled == SIGNAL_BEFORE_WAIT)
      return &SIGNALLED_BEFORE_WAIT;
    waits++;
    never += w->signalled == SIGNAL_NEVER;
  }
  if (waits == 0)
    return explain(r->kind);
  return never == waits ? &NEVER_SIGNALLED : &CONDITION_NEVER_SIGNALED;
}

static int is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Whether the line holds `word` as a whole word. */
static int has_word(const char *line, const char *word) {
  size_t n = strlen(word);
  for (const char *p = line; n && (p = strstr(p, word)); p++)
    if ((p == line || !is_word_char(p[-1])) && !is_word_char(p[n]))
      return 1;
  return 0;
}

/* A race on a global whose read is on a line that loops on it: `while (!done)`. */
static int read_spins(const struct report *r, source_line_fn source, void *ctx) {
  if (r->kind != REPORT_DATA_RACE || !source || r->location.kind != LOCATION_GLOBAL ||
      !r->location.name)
    return 0;
  int spins = 0;
  for (size_t i = 0; i < r->naccesses && !spins; i++) {
    const struct access *a = &r->accesses[i];
    if (a->op != ACCESS_READ || !a->stack.len || !a->stack.frames[0].file)
      continue;
    char *line = source(a->stack.frames[0].file, a->stack.frames[0].line, ctx);
    spins = line && (has_word(line, "while") || has_word(line, "for")) &&
            has_word(line, r->location.name);
    free(line);
  }
  return spins;
}

/* A race by its cause (cause.h); RACE_NO_LOCK is the kind's own explanation. */
static const struct explanation RACE_BY_CAUSE[] = {
    [RACE_ONE_SIDE] = {"two threads touched the same memory, at least one of them writing, "
                       "and only one of them held a lock: a lock orders a thread only against "
                       "the others that take it too, so nothing ordered the two accesses.",
                       "take the same mutex around every access to it, in every thread"},
    [RACE_OWN_LOCKS] = {"two threads touched the same memory, at least one of them writing, "
                        "each holding a mutex, but not the same one: a lock orders only the "
                        "threads that take that lock, so nothing ordered the two accesses.",
                        "guard the memory with one mutex that every thread takes around "
                        "every access to it"},
    [RACE_READ_LOCK_ONLY] = {"two threads touched the same memory, one of them writing, both "
                             "holding the same lock but only for reading: a read lock keeps "
                             "writers out, not other readers, so it ordered nothing here.",
                             "take the lock for writing (pthread_rwlock_wrlock) wherever the "
                             "memory is written"},
};

/* A deadlock by its cause (cause.h); HANG_EACH_OTHER is the kind's own explanation. */
static const struct explanation HANG_BY_CAUSE[] = {
    [HANG_OWNER_EXITED] = {"a thread ended while it still held a mutex, and a thread that "
                           "wanted that mutex waits for it forever: nobody is left to unlock "
                           "it.",
                           "unlock on every path out of the critical section, early returns "
                           "included (in C, __attribute__((cleanup)) does it for you)"},
    [HANG_KEPT_IN_LOOP] = {"a loop took a mutex on one turn and kept it: on the next turn the "
                           "same call waits for the mutex its own thread holds, forever.",
                           "unlock before the end of each turn, on every path (a continue or "
                           "a break included)"},
    [HANG_COPIED_LOCKED] = {"a thread waits on a copy of a mutex made while the original was "
                            "locked: the copy says locked, but no thread holds it, so no "
                            "thread will ever unlock it.",
                            "never copy a mutex: pass a pointer to the one mutex instead"},
    [HANG_SELF] = {"a thread waits for a mutex it already holds itself: a plain mutex does not "
                   "count its owner's locks, so the thread waits for itself, forever.",
                   "never lock what you hold: unlock first, or split the function into one "
                   "that locks and one that expects the lock held"},
};

/* A lock-order inversion that the ledger saw always taken under one lock. */
static const struct explanation GATED_LOCK_ORDER = {
    "the threads took the same mutexes in opposite orders, but every time while holding one "
    "other lock, named above: only one thread at a time can be taking the pair, so none can "
    "hold one and wait for the other. The detector sees only the orders, not the lock that "
    "serialises them: this inversion cannot deadlock.",
    "nothing needs to change for a deadlock's sake; if the outer lock is ever dropped, take "
    "the inner mutexes in one order everywhere"};

const struct explanation *explain_report(const struct report *r, source_line_fn source, void *ctx) {
  if (r->kind == REPORT_LOCK_ORDER && r->gate)
    return &GATED_LOCK_ORDER;
  if (r->kind == REPORT_DEADLOCK && two_kinds_wait_on_one(r))
    return &WRONG_WAITER_WOKEN;
  if (r->kind == REPORT_DEADLOCK && condition_explanation(r) != explain(r->kind))
    return condition_explanation(r);
  if (r->kind == REPORT_DEADLOCK && hang_cause(r) != HANG_EACH_OTHER)
    return &HANG_BY_CAUSE[hang_cause(r)];
  if (read_spins(r, source, ctx))
    return &SPIN_ON_FLAG;
  if (r->kind == REPORT_DATA_RACE && race_cause(r) != RACE_NO_LOCK)
    return &RACE_BY_CAUSE[race_cause(r)];
  return explain(r->kind);
}

static int has_sleep_label(const struct report *r) {
  for (size_t i = 0; i < r->nevents; i++)
    if (r->events[i].label && strstr(r->events[i].label, "synchronized via sleep"))
      return 1;
  return 0;
}

static int said_by_detector(const struct findings *f) {
  for (size_t i = 0; i < f->len; i++)
    if (f->items[i].report.kind != REPORT_FAILED_RUN &&
        f->items[i].report.kind != REPORT_DEADLOCK && f->items[i].report.kind != REPORT_TIMEOUT)
      return 1;
  return 0;
}

/* "read 4", "write 8": each kind of access the findings show, once. */
static void explain_accesses(const struct findings *f, struct strlist *out) {
  struct strlist seen = {0};
  for (size_t i = 0; i < f->len; i++)
    for (size_t k = 0; k < f->items[i].report.naccesses; k++) {
      const struct access *a = &f->items[i].report.accesses[k];
      const char *op = a->op == ACCESS_READ ? "read" : "write";
      char *word = xasprintf("%s %d", op, a->size);
      size_t j = 0;
      while (j < seen.len && strcmp(seen.items[j], word) != 0)
        j++;
      if (j < seen.len) {
        free(word);
        continue;
      }
      strlist_push(out, xasprintf("%s: a %s of %d byte%s of memory%s", word, op, a->size,
                                  a->size == 1 ? "" : "s", a->atomic ? ", atomic" : ""));
      strlist_push(&seen, word);
    }
  strlist_free(&seen);
}

void explain_jargon(const struct run_findings *f, struct strlist *out) {
  if (f->end == CHILD_EXITED && f->status == DETECTOR_EXIT_STATUS && said_by_detector(&f->findings))
    strlist_push(out, xasprintf("exit %d: the status the detector gives a program it reported on, "
                                "in place of the program's own",
                                DETECTOR_EXIT_STATUS));
  if (f->end == CHILD_TIMEOUT)
    strlist_push(out, xasprintf("timeout after %g s: racecheck's deadline for the run; a program "
                                "that is only slow can have more with --timeout SECONDS",
                                f->timeout_s));
  explain_accesses(&f->findings, out);
  for (size_t i = 0; i < f->findings.len; i++)
    if (has_sleep_label(&f->findings.items[i].report)) {
      strlist_push(out, xstrdup("As if synchronized via sleep: a sleep came between the two "
                                "accesses, as if it ordered them; a sleep orders nothing, so "
                                "TSan reports the race all the same"));
      break;
    }
}

const char CLEAN_RUN[] =
    "no race, deadlock or misuse was seen on this run. TSan sees only the interleavings "
    "that happened: a race on a path this run did not take, or that needs another "
    "timing, can still be there.";
