/* The one place the words of an exercise's verdict are written: from the typed verdict of
 * exercise_try.c, what was seen and the sentence a beginner reads last. */
#include "exercise_try.h"

#include "picture.h"
#include "term.h"

#include <stdlib.h>
#include <string.h>

static const struct {
  const char *id;
  const char *advice; /* the last sentence, for a beginner */
} REASONS[REASON_KINDS] = {
    [REASON_NONE] = {"pass", "Your fix holds: the threads still do the work, and the detector "
                             "found nothing on any run."},
    [REASON_DOES_NOT_BUILD] = {"does_not_build", "Make it compile first: the compiler's words "
                                                 "above say where."},
    [REASON_DETECTOR_OFF] = {"detector_off", "A fix must let the race detector watch every "
                                             "line: take out what switches it off, and fix "
                                             "the code it would report."},
    [REASON_RACE_UNLOCKED] = {"race", "Two threads still touch the same data with nothing "
                                      "between them: lock one shared mutex around every access."},
    [REASON_RACE_OWN_MUTEXES] = {"own_mutexes", "A mutex protects data only when every thread "
                                                "locks that same mutex: share one, by pointer "
                                                "or as a global."},
    [REASON_RACE_ONE_SIDE] = {"lock_misses_an_access",
                              "One of the two accesses is outside the lock: every read and "
                              "write of the shared data must be between lock and unlock."},
    [REASON_RACE_SLEPT] = {"sleep_is_not_ordering",
                           "Timing is not ordering: a sleep makes the race rarer, never gone; "
                           "use a mutex, a join or a hand-over instead."},
    [REASON_FORGOT_UNLOCK] = {"forgot_unlock", "Every lock needs its unlock on every path out, "
                                               "early returns and skipped loop turns too."},
    [REASON_KEPT_IN_LOOP] = {"forgot_unlock_in_loop",
                             "Every turn of a loop must give back the lock it took, the turns "
                             "that end early with continue too."},
    [REASON_DOUBLE_LOCK] = {"double_lock", "A plain mutex cannot be locked again by the thread "
                                           "that holds it: lock it once, at the outermost "
                                           "level."},
    [REASON_COPIED_LOCKED] = {"copied_locked_mutex",
                              "A copy of a locked mutex is a locked mutex nobody will unlock: "
                              "copy the data, never the mutex."},
    [REASON_DEADLOCK] = {"deadlock", "The threads wait for each other forever: take the locks "
                                     "in one order everywhere."},
    [REASON_LOST_WAKEUP] = {"lost_wakeup", "A signal is not remembered: keep the condition "
                                           "in a variable the mutex guards, and wait while it "
                                           "is false, in a loop, with the mutex held."},
    [REASON_LOCK_ORDER] = {"lock_order", "Two threads take the same two locks in opposite "
                                         "orders; one day they meet and wait forever: pick "
                                         "one order for everyone."},
    [REASON_HELD_TOO_LONG] = {"held_too_long", "Keep the critical section small: do the slow "
                                               "call before taking the lock, and lock only to "
                                               "touch the shared data."},
    [REASON_OTHER_FINDING] = {"finding", "The detector still reports a problem: read its "
                                         "finding above."},
    [REASON_TIMEOUT] = {"timeout", "The program did not finish in time: look for a loop that "
                                   "never ends or a wait that is never answered."},
    [REASON_FORKED] = {"fork_bomb", "The program must not start processes without end: "
                                    "each fork makes a whole new program, not a thread."},
    [REASON_MEMORY] = {"memory", "The program must not take memory without end: free what "
                                 "you allocate, and allocate what the lesson needs."},
    [REASON_EXIT] = {"exit", "The program must end normally, with exit code 0, as the fixed "
                             "one does."},
    [REASON_OUTPUT] = {"output", "A fix must still print what the correct program prints, on "
                                 "every run."},
    [REASON_NOT_COUNTED] = {"did_not_return", "Let main return (or call exit from main) so "
                                              "that racecheck can count what the threads "
                                              "did."},
    [REASON_UNBALANCED] = {"forgot_unlock", "Every lock needs its unlock: give back each lock "
                                            "you take, even at the end of the program."},
    [REASON_TOO_FEW_THREADS] = {"threads_removed", "The exercise is to make the threads safe, "
                                                   "not to remove them: keep the threads "
                                                   "doing the work."},
    [REASON_TOO_FEW_LOCKERS] = {"no_locking", "The result must be the threads' own work on "
                                              "shared data, guarded by a lock: a mutex that "
                                              "guards nothing, or a value written in by hand, "
                                              "proves nothing."},
    [REASON_COPIES_LOCK] = {"copies_lock", "A lock must never be copied, even where no run "
                                           "shows the harm: pass it by pointer, and copy "
                                           "the data, never the lock."},
    [REASON_PATH_KEEPS_LOCK] = {"path_keeps_lock",
                                "Every way out of a function must give back the lock it took, "
                                "even one no run took: unlock before each return, or leave "
                                "by one way out that unlocks."},
    [REASON_ATOMIC_NOT_LOCK] = {"atomic_not_mutex",
                                "Right about the race: an atomic update of one variable is "
                                "safe. This lesson practises the mutex, though: guard the "
                                "shared data with one."},
    [REASON_SERIALISED] = {"serialised_by_joins",
                           "Joining each thread before starting the next makes them run one "
                           "at a time: start them all, and let the lock do the ordering."},
    [REASON_SHARED_UNLOCKED] = {"shared_not_locked",
                                "The lock must guard the lesson's shared data itself: lock the "
                                "mutex around every access to it, in every thread that "
                                "touches it."},
    [REASON_EXEC_REFUSED] = {"exec_refused",
                             "A fix is the program itself: it must not run itself again, or "
                             "another program, in its place."},
    [REASON_LEDGER_WRITTEN] = {"ledger_written",
                               "racecheck keeps the record of what the threads did: leave its "
                               "descriptors and files alone, and let real threads do the work."},
    [REASON_FORGED_TALLY] = {"forged_tally",
                             "racecheck counts the threads from outside the program: let real "
                             "threads do the work, and leave racecheck's records alone."},
};

const char *try_reason_id(enum try_reason r) {
  return REASONS[r].id;
}

const char *try_advice(const struct try_verdict *v) {
  if (v->outcome == TRY_ERROR)
    return "racecheck could not try it on this machine: see the line above.";
  return REASONS[v->reason].advice;
}

static char *race_text(const struct try_verdict *v) {
  switch (v->reason) {
  case REASON_RACE_OWN_MUTEXES:
    return xasprintf("each thread locked its own mutex (%s and %s): the lock must be shared",
                     v->mutex_a, v->mutex_b);
  case REASON_RACE_ONE_SIDE:
    return xasprintf("still a data race on %s: one of the two accesses holds no lock", v->object);
  case REASON_RACE_SLEPT:
    return xasprintf("still a data race on %s, with a sleep in the program: timing is not "
                     "ordering",
                     v->object);
  default:
    return xasprintf("still a data race on %s: no lock is held around it", v->object);
  }
}

static char *work_text(const struct try_verdict *v) {
  switch (v->reason) {
  case REASON_TOO_FEW_THREADS:
    return xasprintf("the program made %llu thread%s; the lesson needs at least %llu doing the "
                     "work",
                     v->seen, v->seen == 1 ? "" : "s", v->needed);
  case REASON_UNBALANCED:
    return xasprintf("a thread took a lock %llu time%s and gave it back %llu time%s", v->seen,
                     v->seen == 1 ? "" : "s", v->needed, v->needed == 1 ? "" : "s");
  case REASON_TOO_FEW_LOCKERS:
    return xasprintf("only %llu thread%s touched shared data while holding a lock (memory "
                     "outside its own stack, between lock and unlock); a real fix needs at "
                     "least %llu",
                     v->seen, v->seen == 1 ? "" : "s", v->needed);
  case REASON_COPIES_LOCK:
    return xasprintf("every run passed, but the code still breaks the lesson's rule: %s",
                     v->object);
  case REASON_PATH_KEEPS_LOCK:
    return xasprintf("every run passed, but a way out no run took keeps the lock: %s", v->object);
  case REASON_ATOMIC_NOT_LOCK:
    return xasprintf("the threads updated the shared data with atomic operations (such as "
                     "atomic_fetch_add), with no race, but only %llu touched it holding a "
                     "lock; the lesson's rule is the mutex",
                     v->seen);
  case REASON_SERIALISED:
    return xasprintf("%llu thread%s started only after another had been joined: the threads "
                     "never ran together",
                     v->seen, v->seen == 1 ? " was" : "s were");
  case REASON_SHARED_UNLOCKED:
    if (v->absent)
      return xasprintf("the program has no variable named %s, the lesson's shared data: keep "
                       "it, and touch it only holding the lock",
                       v->object);
    return xasprintf("only %llu thread%s touched %s while holding a lock; the lesson needs at "
                     "least %llu: a lock around other data guards nothing of the lesson's",
                     v->seen, v->seen == 1 ? "" : "s", v->object, v->needed);
  case REASON_EXEC_REFUSED:
    return xasprintf("it tried %llu time%s to replace itself with a program (exec), which would "
                     "run with detector settings of its own choosing: refused",
                     v->seen, v->seen == 1 ? "" : "s");
  case REASON_LEDGER_WRITTEN:
    if (!v->seen)
      return xstrdup("it wrote racecheck's ledger itself: the ledger's file holds records the "
                     "shim never wrote");
    return xasprintf("it wrote racecheck's ledger itself (%llu write%s to its descriptor, not "
                     "the shim's, refused)%s",
                     v->seen, v->seen == 1 ? "" : "s",
                     v->absent ? ", and the ledger's file holds records the shim never wrote" : "");
  case REASON_FORGED_TALLY:
    if (v->seen <= v->needed)
      return xstrdup("its own record of the work names threads the kernel never made for it: "
                     "the record was written by the program, not by its threads");
    return xasprintf("its own record of the work says it made %llu thread%s, but the kernel made "
                     "%llu for it: the record was written by the program, not by its threads",
                     v->seen, v->seen == 1 ? "" : "s", v->needed);
  default:
    return xstrdup("the program did not return from main, so its threads' work is unknown");
  }
}

/* What the run saw, and the way out vet finds that matches it: the run sees where the thread
 * ended, not which return of the function that locked it was taken. */
static char *forgot_unlock_text(const struct try_verdict *v) {
  struct buf b = {0};
  buf_adds(&b, "a thread ended still holding a lock, and the threads that wanted it wait "
               "forever");
  if (v->ways_out.len == 1)
    buf_printf(&b, "; the way out of %s that keeps it: %s", v->locked_in, v->ways_out.items[0]);
  else if (v->ways_out.len > 1)
    buf_printf(&b, "; %zu ways out of %s keep it, and the run does not show which one it took:",
               v->ways_out.len, v->locked_in);
  for (size_t i = 0; v->ways_out.len > 1 && i < v->ways_out.len; i++)
    buf_printf(&b, "%s %s", i ? ";" : "", v->ways_out.items[i]);
  return b.data;
}

char *try_reason_text(const struct try_verdict *v) {
  if (v->outcome == TRY_ERROR)
    return xasprintf("could not try it: %s", v->error);
  switch (v->reason) {
  case REASON_NONE:
    return xstrdup("no finding, the fixed program's output, and the work done by threads");
  case REASON_DOES_NOT_BUILD:
    return xstrdup("it does not build");
  case REASON_DETECTOR_OFF:
    return xasprintf("it turns the detector off (%s)", v->object);
  case REASON_RACE_UNLOCKED:
  case REASON_RACE_OWN_MUTEXES:
  case REASON_RACE_ONE_SIDE:
  case REASON_RACE_SLEPT:
    return race_text(v);
  case REASON_FORGOT_UNLOCK:
    return forgot_unlock_text(v);
  case REASON_KEPT_IN_LOOP:
    return xstrdup("a turn of the loop ended still holding the lock, and the next turn waits "
                   "for it forever");
  case REASON_DOUBLE_LOCK:
    return xstrdup("a thread locked a mutex it already held, and waits for itself");
  case REASON_COPIED_LOCKED:
    return xstrdup("it waits for a copy of a locked mutex, which nobody holds or will unlock");
  case REASON_DEADLOCK:
    return xstrdup("deadlock: each thread waits for a lock another one holds");
  case REASON_LOST_WAKEUP:
    return xstrdup("a thread waits on a condition variable, and no thread is left to signal "
                   "it");
  case REASON_LOCK_ORDER:
    return xstrdup("the locks are still taken in both orders: a deadlock waiting to happen");
  case REASON_HELD_TOO_LONG:
    return xstrdup("the lock is still held across the slow call");
  case REASON_OTHER_FINDING:
    return xasprintf("the detector still reports: %s", v->object);
  case REASON_TIMEOUT:
    return xstrdup("it ran until racecheck stopped it");
  case REASON_FORKED:
    return xasprintf("it made more than %llu processes, and racecheck stopped it", v->needed);
  case REASON_MEMORY:
    return xasprintf("it used more than %llu MiB of memory, and racecheck stopped it", v->needed);
  case REASON_EXIT:
    return xasprintf("it ended badly (%s)", v->words);
  case REASON_OUTPUT:
    return xasprintf("it printed \"%s\" where the fixed program prints \"%s\"", v->printed,
                     v->wanted);
  default:
    return work_text(v);
  }
}

static void print_indented(FILE *out, const char *text) {
  for (const char *line = text; *line;) {
    size_t len = strcspn(line, "\n");
    fputs("    ", out);
    term_write(out, line, len);
    fputc('\n', out);
    line += len + (line[len] == '\n');
  }
}

/* Which schedules were explored, and so what a pass does not cover. */
static void print_explored(FILE *out, const struct try_verdict *v) {
  if (v->not_explored)
    fprintf(out, "  no schedule explored: %s\n", v->not_explored);
  else if (v->explored_every_bounded)
    fprintf(out,
            "  explored: every schedule with at most %d preemptions (%ld), then %ld random\n"
            "  ones (PCT); the others not tried\n",
            v->preemptions, v->explored_bounded, v->explored - v->explored_bounded);
  else
    fprintf(out,
            "  explored: the first %ld schedules with at most %d preemptions (the budget);\n"
            "  the rest, and those with more preemptions, not tried\n",
            v->explored, v->preemptions);
  if (v->explored_timed_out)
    fprintf(out,
            "  %ld of them did not end within %d s, with no thread waiting for another (one\n"
            "  blocked where the scheduler cannot see, as in a read from a pipe, or a slow\n"
            "  run): they judge nothing\n",
            v->explored_timed_out, TRY_EXPLORED_TIMEOUT_S);
  if (v->explored_spoiled)
    fprintf(out,
            "  %ld of them could not run, or the detector failed in them: they judge nothing\n",
            v->explored_spoiled);
}

static void print_runs(FILE *out, const char *source, const struct try_verdict *v) {
  int judged = v->reason != REASON_DOES_NOT_BUILD && v->reason != REASON_DETECTOR_OFF;
  if (v->outcome == TRY_PASS || v->reason == REASON_COPIES_LOCK ||
      v->reason == REASON_PATH_KEEPS_LOCK) {
    fprintf(out,
            "  1 run under the lesson's schedule, %ld explored schedules, %zu unforced: none "
            "failed\n",
            v->explored, v->runs - 1);
    print_explored(out, v);
  } else if (v->outcome == TRY_FAIL && v->schedule) {
    fprintf(out, "  clean under the lesson's schedule; it failed under an explored one\n");
    print_explored(out, v);
    char *schedule = shell_quote(v->schedule), *file = shell_word(source);
    fprintf(out,
            "  the shortest schedule that shows it; watch it happen:\n"
            "    racecheck step --schedule %s %s\n",
            schedule, file);
    free(schedule), free(file);
  } else if (v->outcome == TRY_FAIL && v->runs == 1 && judged) {
    fputs("  run 1, under the lesson's forced schedule, failed\n", out);
  } else if (v->outcome == TRY_FAIL && v->runs > 1) {
    fprintf(out, "  clean under the lesson's schedule and %ld explored ones; then\n", v->explored);
    fprintf(out, "  run %zu of %zu failed: an unforced run, where the scheduler chose the order\n",
            v->runs, v->planned);
  }
}

void try_verdict_print(FILE *out, const struct exercise *e, const char *source,
                       const struct try_verdict *v) {
  fprintf(out, "racecheck try %s (lesson %d): %s\n", e->name, e->number, source);
  print_runs(out, source, v);
  if (v->finding) {
    fputs("  the detector says:\n", out);
    print_indented(out, v->finding);
  }
  if (v->reason == REASON_DOES_NOT_BUILD && v->words)
    print_indented(out, v->words);
  char *why = try_reason_text(v);
  print_wrapped(out, "  why: ", "       ", why); /* a way out vet names is a long reason */
  free(why);
  print_wrapped(out,
                v->outcome == TRY_PASS   ? "PASS: "
                : v->outcome == TRY_FAIL ? "FAIL: "
                                         : "ERROR: ",
                "      ", try_advice(v));
}
