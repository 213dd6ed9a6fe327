#include "exercise_try.h"

#include "build_program.h"
#include "case_info.h"
#include "cause.h"
#include "check.h"
#include "child.h"
#include "expect.h"
#include "explore.h"
#include "fork_server.h"
#include "lessons.h"
#include "render.h"
#include "run_case.h"
#include "sandbox.h"
#include "schedule.h"

#include "array.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* No lesson forks; a program with more processes than this is a fork bomb. */
enum { TRY_MAX_PROCESSES = 32 };
/* A lesson's program holds 40 MiB at most under TSan (its thousand threads included); more
 * than this is an allocation bomb. */
enum { TRY_MAX_MEMORY_MIB = 512 };

/* The bytes of the lesson's shared variables in the program tried. */
struct shared_bytes {
  struct byte_range *ranges;
  size_t n;
};

/* --- Reasons from findings ----------------------------------------------------------- */

static char *location_name(const struct report *r) {
  return xstrdup(r->location.name ? r->location.name : "shared memory");
}

static enum try_reason race_reason(const struct report *r, const struct work_tally *t,
                                   struct try_verdict *v) {
  v->object = location_name(r);
  if (r->naccesses < 2)
    return REASON_RACE_UNLOCKED;
  const struct access *a = &r->accesses[0], *b = &r->accesses[1];
  enum race_cause cause = race_cause(r);
  if (cause == RACE_OWN_LOCKS) {
    v->mutex_a = render_mutex_name(r, a->held[0].id);
    v->mutex_b = render_mutex_name(r, b->held[0].id);
    return REASON_RACE_OWN_MUTEXES;
  }
  if (work_tally_sleeps(t) > 0)
    return REASON_RACE_SLEPT;
  return cause == RACE_NO_LOCK ? REASON_RACE_UNLOCKED : REASON_RACE_ONE_SIDE;
}

/* Where the run saw the lock taken that a thread ended holding. */
static void note_locked_at(const struct frame *f, struct try_verdict *v) {
  if (!f || !f->func || f->line <= 0)
    return;
  v->locked_in = xstrdup(f->func);
  v->locked_line = f->line;
}

static const struct frame *owner_locked_at(const struct report *r) {
  for (size_t i = 0; i < r->nwaiters; i++)
    if (r->waiters[i].owner_exited && r->waiters[i].owner_locked_at.func)
      return &r->waiters[i].owner_locked_at;
  return NULL;
}

static const struct frame *event_at(const struct report *r, enum event_kind kind) {
  for (size_t i = 0; i < r->nevents; i++)
    if (r->events[i].kind == kind && r->events[i].stack.len > 0)
      return &r->events[i].stack.frames[0];
  return NULL;
}

static enum try_reason deadlock_reason(const struct report *r, struct try_verdict *v) {
  switch (hang_cause(r)) {
  case HANG_OWNER_EXITED:
    note_locked_at(owner_locked_at(r), v);
    return REASON_FORGOT_UNLOCK;
  case HANG_KEPT_IN_LOOP:
    return REASON_KEPT_IN_LOOP;
  case HANG_COPIED_LOCKED:
    return REASON_COPIED_LOCKED;
  case HANG_SELF:
    return REASON_DOUBLE_LOCK;
  case HANG_EACH_OTHER:
    break;
  }
  /* no thread waits for a lock: one waits for a signal, the others for it or each other */
  int on_lock = 0, on_condition = 0;
  for (size_t i = 0; i < r->nwaiters; i++) {
    const char *call = r->waiters[i].call ? r->waiters[i].call : "";
    on_lock |= strstr(call, "lock") != NULL;
    on_condition |= strstr(call, "cond_wait") != NULL || strstr(call, "cond_timedwait") != NULL ||
                    strcmp(call, "cnd_wait") == 0;
  }
  return on_condition && !on_lock ? REASON_LOST_WAKEUP : REASON_DEADLOCK;
}

/* The finding that explains most, first: a hang, then a lock misused, then a race. */
static const enum report_kind PRIORITY[] = {
    REPORT_DEADLOCK,     REPORT_LOCK_HELD_AT_EXIT, REPORT_RELOCK,
    REPORT_DATA_RACE,    REPORT_LOCK_ORDER,        REPORT_HELD_TOO_LONG,
    REPORT_MUTEX_MISUSE, REPORT_UNLOCK_NOT_HELD,   REPORT_TIMEOUT,
};

/* A failed run (a non-zero exit, a signal) is racecheck's own finding, not the detector's:
 * it is graded by how the run ended (REASON_EXIT), after the detector's findings. */
static const struct finding *first_finding(const struct findings *f) {
  for (size_t k = 0; k < sizeof PRIORITY / sizeof *PRIORITY; k++)
    for (size_t i = 0; i < f->len; i++)
      if (f->items[i].report.kind == PRIORITY[k])
        return &f->items[i];
  for (size_t i = 0; i < f->len; i++)
    if (f->items[i].report.kind != REPORT_FAILED_RUN)
      return &f->items[i];
  return NULL;
}

static enum try_reason finding_reason(const struct finding *f, const struct work_tally *t,
                                      struct try_verdict *v) {
  const struct report *r = &f->report;
  switch (r->kind) {
  case REPORT_DATA_RACE:
    return race_reason(r, t, v);
  case REPORT_DEADLOCK:
    return deadlock_reason(r, v);
  case REPORT_LOCK_HELD_AT_EXIT:
    v->object = xstrdup(r->lock_name ? r->lock_name : "a lock");
    note_locked_at(event_at(r, EVENT_LOCKED), v);
    return REASON_FORGOT_UNLOCK;
  case REPORT_RELOCK:
    return REASON_DOUBLE_LOCK;
  case REPORT_LOCK_ORDER:
    return REASON_LOCK_ORDER;
  case REPORT_HELD_TOO_LONG:
    return REASON_HELD_TOO_LONG;
  case REPORT_TIMEOUT:
    return REASON_TIMEOUT;
  default:
    v->object = xstrndup(f->text, strcspn(f->text, "\n"));
    return REASON_OTHER_FINDING;
  }
}

/* --- Reasons from what it printed and did -------------------------------------------- */

/* Under the schedule, every line the twin prints; in a stress run, where the order of a story may
 * change, the lines the exercise names, if it names any, at the end of the output. */
static int printed_as_twin(const struct exercise *e, const struct run_findings *f, int stress,
                           struct try_verdict *v) {
  const struct strlist *wanted =
      stress && e->unforced_output.len ? &e->unforced_output : &e->output;
  size_t skip = f->stdout_lines.len > wanted->len && wanted != &e->output
                    ? f->stdout_lines.len - wanted->len
                    : 0;
  size_t n = f->stdout_lines.len - skip > wanted->len ? f->stdout_lines.len - skip : wanted->len;
  for (size_t i = 0; i < n; i++) {
    const char *got = skip + i < f->stdout_lines.len ? f->stdout_lines.items[skip + i] : NULL;
    const char *want = i < wanted->len ? wanted->items[i] : NULL;
    if (got && want && line_matches(want, got))
      continue;
    v->printed = xstrdup(got ? got + strlen("stdout: ") : "");
    v->wanted = xstrdup(want ? want + strlen("stdout: ") : "");
    return 0;
  }
  return 1;
}

static size_t lockers(const struct work_tally *t) {
  size_t n = work_tally_lockers(t);
  for (size_t i = 0; i < t->nthreads; i++)
    n += t->threads[i].main && t->threads[i].locks > 0 && t->threads[i].unlocks > 0 &&
         t->threads[i].guarded > 0;
  return n;
}

/* Whether the tally is the program's threads' own: each thread it names (main aside) is one
 * the kernel made for the program, named once, and it says no more threads made than the
 * kernel saw start (TSan's own among them, when it started before the program ended). */
static int tally_is_the_kernels(const struct run_result *r, const struct work_tally *t) {
  if (r->threads_made < 0)
    return 1; /* not counted: nothing to hold it against */
  for (size_t i = 0; i < t->nthreads; i++) {
    int made = t->threads[i].main, again = 0;
    for (size_t k = 0; k < r->nthreads_seen && !made; k++)
      made = r->threads_seen[k] == t->threads[i].tid;
    for (size_t k = 0; k < i && !t->threads[i].main; k++)
      again |= !t->threads[k].main && t->threads[k].tid == t->threads[i].tid;
    if (!made || again)
      return 0;
  }
  return t->threads_created <= (unsigned long long)r->threads_made;
}

/* The lesson's variables, as "counter" or "balance or savings". */
static char *shared_names(const struct exercise *e) {
  struct buf names = {0};
  for (size_t i = 0; i < e->shared.len; i++)
    buf_printf(&names, "%s%s", i ? " or " : "", e->shared.items[i]);
  return names.data;
}

static enum try_reason work_reason(const struct exercise *e, const struct run_result *r,
                                   const struct shared_bytes *shared, struct try_verdict *v) {
  const struct work_tally *t = &r->findings.tally;
  if (!t->counted)
    return REASON_NOT_COUNTED;
  /* the tally is the program's word, on a channel it can write to; the kernel's count is not */
  if (!tally_is_the_kernels(r, t)) {
    v->seen = t->threads_created, v->needed = (unsigned long long)r->threads_made;
    return REASON_FORGED_TALLY;
  }
  if (t->threads_created < (unsigned long long)e->threads) {
    v->seen = t->threads_created, v->needed = (unsigned long long)e->threads;
    return REASON_TOO_FEW_THREADS;
  }
  if (e->joins_forbidden && t->created_after_join > 0) {
    v->seen = t->created_after_join;
    return REASON_SERIALISED;
  }
  for (size_t i = 0; i < t->nthreads; i++)
    if (t->threads[i].locks > t->threads[i].unlocks) {
      v->seen = t->threads[i].locks, v->needed = t->threads[i].unlocks;
      return REASON_UNBALANCED;
    }
  if (lockers(t) < (size_t)e->lockers) {
    v->seen = lockers(t), v->needed = (unsigned long long)e->lockers;
    /* atomics are right about the race, and not what this lesson practises */
    return work_tally_atomic_updaters(t) >= (size_t)e->lockers ? REASON_ATOMIC_NOT_LOCK
                                                               : REASON_TOO_FEW_LOCKERS;
  }
  /* a lock around a dummy, beside a result written in by hand, is no fix */
  size_t guarding = work_tally_lockers_of(t, shared->ranges, shared->n);
  if (e->shared.len && guarding < (size_t)e->lockers) {
    v->seen = guarding, v->needed = (unsigned long long)e->lockers;
    v->absent = shared->n == 0;
    v->object = shared_names(e);
    return REASON_SHARED_UNLOCKED;
  }
  return REASON_NONE;
}

/* Grades one run; REASON_NONE if it passed. A run under valgrind has no tally. */
static enum try_reason grade_run(const struct exercise *e, const struct run_result *r, int stress,
                                 int valgrind, const struct shared_bytes *shared,
                                 struct try_verdict *v) {
  const struct run_findings *f = &r->findings;
  if (r->execs_refused) {
    v->seen = r->execs_refused;
    return REASON_EXEC_REFUSED;
  }
  if (r->ledger_writes_refused || r->ledger_altered) {
    v->seen = r->ledger_writes_refused;
    v->absent = r->ledger_altered;
    return REASON_LEDGER_WRITTEN;
  }
  if (r->forked_too_much) {
    v->needed = TRY_MAX_PROCESSES;
    return REASON_FORKED;
  }
  if (r->used_too_much_memory) {
    v->needed = TRY_MAX_MEMORY_MIB;
    return REASON_MEMORY;
  }
  const struct finding *first = first_finding(&f->findings);
  if (first) {
    v->finding = xstrdup(first->text);
    return finding_reason(first, &f->tally, v);
  }
  if (f->end == CHILD_TIMEOUT)
    return REASON_TIMEOUT;
  if (f->end != CHILD_EXITED || f->status != 0) {
    v->words = run_outcome(f);
    return REASON_EXIT;
  }
  if (!printed_as_twin(e, f, stress, v))
    return REASON_OUTPUT;
  return valgrind ? REASON_NONE : work_reason(e, r, shared, v);
}

/* --- Building and running ------------------------------------------------------------ */

struct builds {
  char *scheduled, *stress; /* the programs; the one run under the schedule is for valgrind
                             * if the lesson's is */
  char *headers;            /* the folder of the lesson's headers they were built with */
  struct case_info info;    /* the lesson's own case: its detector, its deadline */
  int valgrind;
  struct shared_bytes shared; /* in the TSan build, whose runs are tallied */
  /* the TSan build, started once and forked for each of its runs (fork_server.h), each
   * watched as its run_options say; NULL: each run starts anew */
  struct fork_server *server;
};

/* Copies every header of `folder` into `into`, or with `sandbox` into its private folder;
 * returns how many could not be copied. */
static int copy_headers(const char *folder, const char *into, const struct sandbox *sandbox) {
  if (sandbox)
    return sandbox_copy_headers(sandbox, folder);
  DIR *d = opendir(folder);
  int failed = d ? 0 : 1;
  for (struct dirent *e; d && (e = readdir(d));) {
    if (e->d_name[0] == '.' || !ends_with(e->d_name, ".h"))
      continue;
    char *path = xasprintf("%s/%s", folder, e->d_name), *error = NULL;
    struct buf text = {0};
    char *copy = xasprintf("%s/%s", into, e->d_name);
    if (read_source(path, SOURCE_LIMIT, &text, &error) &&
        !write_file(copy, text.data, text.len - 1))
      error = xstrdup(strerror(errno));
    buf_free(&text);
    free(copy);
    failed += error != NULL;
    free(error), free(path);
  }
  if (d)
    closedir(d);
  return failed;
}

/* The folder of racecheck's headers a submission may include (thread_safety.h), copied out
 * of cases/ so that the cases themselves are not on its include path. In a sandbox, they
 * are copied beside the submission, after its own headers, so that racecheck's win. */
static char *lesson_headers(const struct options *o, const struct sandbox *sandbox) {
  if (sandbox)
    return copy_headers(o->cases_dir, NULL, sandbox) == 0 ? xstrdup(sandbox->work) : NULL;
  char *into = xasprintf("%s/exercises/include", o->build_dir);
  if (!make_dirs(into) || copy_headers(o->cases_dir, into, NULL) != 0) {
    free(into);
    return NULL;
  }
  return into;
}

extern char **environ;

/* The first lock copy racecheck vet finds in the source, as vet says it with the file's
 * folder left out, or NULL: none, or vet could not tell (then the runs decide). vet runs as
 * a command of its own, which holds the parse to its memory and time limits. */
static char *lock_copied(const char *source, const char *headers) {
  char *racecheck = realpath("/proc/self/exe", NULL);
  char *include = xasprintf("-I%s", headers);
  char *argv[] = {racecheck, "vet", "--check", "copylocks", (char *)source, "--", include, NULL};
  struct child c = {.argv = argv, .envp = environ, .timeout_s = 90, .keep_bytes = 1 << 16};
  char *found = NULL;
  if (racecheck && child_run(&c) == 0 && c.end == CHILD_EXITED && c.status == 1) {
    const char *line = c.out.data;
    size_t folder = (size_t)(path_basename(source) - source);
    if (strncmp(line, source, folder) == 0)
      line += folder;
    found = xstrndup(line, strcspn(line, "\n"));
  }
  child_free(&c);
  free(racecheck), free(include);
  return found;
}

/* The ways out of a function that keep a lock, as vet's unlockpaths check finds them in the
 * source: "NAME.c:16: this return leaves withdraw holding &balance_mu, locked on line 14",
 * each with the function and the lock's line; none when vet finds none or could not tell
 * (then the runs decide). vet runs as a command of its own, as in lock_copied. */
struct way_out {
  char *function, *said;
  int lock_line;
};

struct ways_out {
  struct way_out *items;
  size_t len;
};

static const cJSON *field(const cJSON *object, const char *name) {
  return cJSON_GetObjectItemCaseSensitive(object, name);
}

/* The first frame of the finding's event of that kind ("locked", "at"), or NULL. */
static const cJSON *event_frame(const cJSON *finding, const char *kind) {
  const cJSON *event;
  cJSON_ArrayForEach(event, field(finding, "events")) {
    const char *k = cJSON_GetStringValue(field(event, "kind"));
    if (k && strcmp(k, kind) == 0)
      return cJSON_GetArrayItem(field(event, "stack"), 0);
  }
  return NULL;
}

static void read_ways_out(const char *json, const char *file_name, struct ways_out *out) {
  cJSON *doc = cJSON_Parse(json);
  const cJSON *finding;
  cJSON_ArrayForEach(finding, field(field(doc, "run"), "findings")) {
    const cJSON *locked = event_frame(finding, "locked"), *at = event_frame(finding, "at");
    const char *title = cJSON_GetStringValue(field(finding, "title"));
    const char *function = cJSON_GetStringValue(field(locked, "function"));
    if (!title || !function || !cJSON_IsNumber(field(locked, "line")) ||
        !cJSON_IsNumber(field(at, "line")))
      continue;
    struct way_out *w = ARRAY_PUSH(out->items, out->len);
    w->function = xstrdup(function);
    w->lock_line = field(locked, "line")->valueint;
    w->said = xasprintf("%s:%d: %s", file_name, field(at, "line")->valueint, title);
  }
  cJSON_Delete(doc);
}

static void ways_out_keeping_locks(const char *source, const char *headers, struct ways_out *out) {
  char *racecheck = realpath("/proc/self/exe", NULL);
  char *include = xasprintf("-I%s", headers);
  char *argv[] = {racecheck, "vet",          "--check", "unlockpaths", "--format",
                  "json",    (char *)source, "--",      include,       NULL};
  struct child c = {.argv = argv, .envp = environ, .timeout_s = 90, .keep_bytes = 1 << 20};
  if (racecheck && child_run(&c) == 0 && c.end == CHILD_EXITED && c.status <= 1)
    read_ways_out(buf_str(&c.out), path_basename(source), out);
  child_free(&c);
  free(racecheck), free(include);
}

static void ways_out_free(struct ways_out *w) {
  for (size_t i = 0; i < w->len; i++)
    free(w->items[i].function), free(w->items[i].said);
  free(w->items);
}

/* A pass with a way out that keeps a lock fails with it; a thread that ended holding one is
 * told the ways out of the function that took it, as vet names them: the ledger sees only
 * where the thread ended, since the compiler may inline the function and merge its
 * returns. */
static void judge_ways_out(const char *source, const char *headers, struct try_verdict *v) {
  struct ways_out found = {0};
  ways_out_keeping_locks(source, headers, &found);
  if (v->outcome == TRY_PASS && found.len > 0) {
    v->outcome = TRY_FAIL;
    v->reason = REASON_PATH_KEEPS_LOCK;
    free(v->object);
    v->object = xstrdup(found.items[0].said);
  }
  for (size_t i = 0; i < found.len; i++) {
    const struct way_out *w = &found.items[i];
    bool same =
        v->reason == REASON_PATH_KEEPS_LOCK ||
        (v->locked_in && strcmp(w->function, v->locked_in) == 0 && w->lock_line == v->locked_line);
    if (same)
      strlist_push(&v->ways_out, xstrdup(w->said));
  }
  ways_out_free(&found);
}

static int build_both(const struct options *o, const struct exercise *e, const char *source,
                      const struct sandbox *sandbox, struct builds *b, struct try_verdict *v) {
  char *original = xasprintf("%s/%s.c", o->cases_dir, e->name);
  case_info_read(original, &b->info); /* none: TSan, the default deadline */
  free(original);
  b->valgrind = case_runs_under_valgrind(&b->info);
  char *headers = lesson_headers(o, sandbox);
  if (!headers) {
    v->words = xasprintf("cannot copy the lesson's headers out of %s", o->cases_dir);
    v->reason = REASON_DOES_NOT_BUILD;
    return -1;
  }
  /* a sandbox builds in its own folder; what it builds before its program runs is kept
   * outside its reach, for the next try of the very same inputs */
  char *cache = sandbox ? xstrdup(sandbox->work) : xasprintf("%s/exercises", o->build_dir);
  char *shared = sandbox ? xasprintf("%s/sandbox-cache", o->build_dir) : NULL;
  char *sources[] = {(char *)source};
  struct build_flavour scheduled = {.for_valgrind = b->valgrind,
                                    .include_dir = headers,
                                    .sandbox = sandbox,
                                    .shared_cache = shared,
                                    .compile_flags = &o->compile_flags,
                                    .link_flags = &o->link_flags};
  struct build_flavour stress = scheduled;
  stress.for_valgrind = 0;
  char *error = NULL;
  v->object = build_program_detector_off(source, &scheduled);
  if (v->object) {
    free(headers), free(cache), free(shared);
    v->reason = REASON_DETECTOR_OFF;
    return -1;
  }
  b->scheduled = build_program_as(sources, 1, cache, &scheduled, &error);
  if (b->scheduled)
    b->stress = build_program_as(sources, 1, cache, &stress, &error);
  b->headers = headers;
  if (b->stress)
    b->shared.n = schedule_variables(b->stress, &e->shared, &b->shared.ranges);
  free(cache), free(shared);
  if (error) {
    v->words = error;
    v->reason = REASON_DOES_NOT_BUILD;
  }
  return error ? -1 : 0;
}

static void builds_free(struct builds *b) {
  free(b->scheduled), free(b->stress), free(b->headers), free(b->shared.ranges);
  case_info_free(&b->info);
}

/* How a run of the forced build (stress: the unforced one) is run. */
static struct run_options try_run_options(const struct options *o, const struct builds *b,
                                          int stress, const struct sandbox *sandbox) {
  struct run_options ro = run_options_of(o);
  ro.sandbox = sandbox;
  if (b->info.timeout_s > 0)
    ro.timeout_s = b->info.timeout_s;
  ro.valgrind = !stress && b->valgrind;
  ro.program = stress ? b->stress : b->scheduled;
  ro.max_processes = TRY_MAX_PROCESSES;
  ro.max_memory_mib = TRY_MAX_MEMORY_MIB;
  ro.count_threads = 1;
  if (!ro.valgrind && b->server && strcmp(ro.program, b->stress) == 0)
    ro.server = b->server;
  return ro;
}

/* The TSan build as a fork server for its runs, if it can be one: its lesson's run, its
 * explored schedules and its unforced runs are then forked from one start, in one sandbox. */
static void start_server(const struct options *o, struct builds *b, const struct sandbox *sandbox,
                         struct fork_server *server) {
  if (o->exec_each || !built_with_fork_server(b->stress))
    return;
  struct run_options ro = try_run_options(o, b, 1, sandbox);
  char *argv[] = {b->stress, NULL};
  if (run_server_start(server, &ro, argv) == 0)
    b->server = server;
}

static void stop_server(struct builds *b) {
  if (!b->server)
    return;
  run_server_stop(b->server);
  b->server = NULL;
}

/* One run: unforced (stress), under an explored schedule, or else under the lesson's. */
static void run_one(const struct options *o, const struct exercise *e, const struct builds *b,
                    int stress, const char *explored, const struct sandbox *sandbox,
                    struct run_result *r) {
  struct run_options ro = try_run_options(o, b, stress, sandbox);
  /* the lesson's schedule, from the lessons, never from the learner's copy */
  char *schedule = stress || explored ? NULL : lesson_schedule(o->cases_dir, e->name);
  ro.schedule = explored ? explored : schedule;
  char *alone[] = {(char *)ro.program, NULL};
  char **argv = ro.valgrind ? case_command(&b->info, ro.program) : alone;
  run_program(&ro, path_basename(ro.program), argv, r);
  if (argv != alone)
    free(argv);
  free(schedule);
}

/* Whether the machine is to blame for a run that blames it (a TSan FATAL or CHECK failure,
 * a detector that crashed): only if the lesson's fixed program, built and run the same way
 * in the same place, fails so too. A program can print those words itself, or break the
 * runtime on purpose; what it says about the machine decides nothing. */
static int machine_is_to_blame(const struct options *o, const struct exercise *e,
                               const struct builds *b, int stress, const struct sandbox *sandbox) {
  char *twin = xasprintf("%s/%s.c", o->cases_dir, e->twin), *error = NULL;
  char *copy = sandbox ? sandbox_copy_in(sandbox, twin, &error) : xstrdup(twin);
  char *headers = copy ? lesson_headers(o, sandbox) : NULL;
  char *cache = sandbox ? xstrdup(sandbox->work) : xasprintf("%s/exercises", o->build_dir);
  struct build_flavour as_built = {
      .for_valgrind = !stress && b->valgrind, .include_dir = headers, .sandbox = sandbox};
  char *sources[] = {copy};
  char *program = headers ? build_program_as(sources, 1, cache, &as_built, &error) : NULL;
  int blame = 1; /* a control that cannot be built or run says nothing against the machine */
  if (program) {
    struct builds control = {.scheduled = program, .stress = program, .valgrind = b->valgrind};
    control.info = b->info;
    struct run_result r = {0};
    run_one(o, e, &control, stress, NULL, sandbox, &r);
    char *environment = r.error ? NULL : run_environment_problem(&r);
    blame = r.error || environment;
    free(environment);
    run_result_free(&r);
  }
  free(twin), free(error), free(copy), free(headers), free(cache), free(program);
  return blame;
}

/* One run graded into v; returns whether the trying goes on. An explored schedule's run is
 * graded as an unforced one: the order of what the threads print is the schedule's. */
static int try_run(const struct options *o, const struct exercise *e, const struct builds *b,
                   int stress, const char *explored, const struct sandbox *sandbox,
                   struct try_verdict *v) {
  struct run_result r = {0};
  run_one(o, e, b, stress, explored, sandbox, &r);
  v->runs++;
  /* A program that would not stop gets its verdict even when its stacks could not be read:
   * a fork bomb keeps gdb from them, and is the program's doing, not the machine's. */
  int stopped = r.findings.end == CHILD_TIMEOUT || r.findings.end == CHILD_HUNG;
  char *environment = r.error ? xstrdup(r.error)
                      : stopped && !r.findings.environment && !r.findings.detector_crash
                          ? NULL
                          : run_environment_problem(&r);
  if (environment && !r.error && !machine_is_to_blame(o, e, b, stress, sandbox)) {
    free(environment);
    v->outcome = TRY_FAIL;
    v->reason = REASON_DETECTOR_OFF;
    v->object = xstrdup("the detector failed in it, and not in the lesson's fixed program, "
                        "built and run the same way");
  } else if (environment) {
    v->outcome = TRY_ERROR;
    v->error = environment;
  } else {
    v->reason = grade_run(e, &r, stress || explored, !stress && b->valgrind, &b->shared, v);
    v->outcome = v->reason == REASON_NONE ? TRY_PASS : TRY_FAIL;
    v->stress = stress;
  }
  run_result_free(&r);
  return v->outcome == TRY_PASS;
}

/* --- Exploring ------------------------------------------------------------------------ */

struct explored_runs {
  const struct exercise *exercise;
  const struct shared_bytes *shared;
  long timed_out, spoiled;
};

/* What an explored run shows that a right fix's does not: the reason it fails, once per
 * reason and finding. A run the detector failed in judges nothing, as one that could not
 * run: the lesson's schedule and the unforced runs judge the machine. A run
 * that timed out with no thread waiting for another judges nothing: a thread may be blocked
 * in a call the scheduler does not see (a pipe's read) while the scheduler holds the thread
 * that would end the wait. The lesson's schedule and the unforced runs still judge it. */
static void explored_problems(void *context, const struct run_result *r, struct strlist *out) {
  struct explored_runs *runs = context;
  struct try_verdict v = {0};
  char *environment = r->error ? xstrdup(r->error) : run_environment_problem(r);
  enum try_reason reason =
      environment ? REASON_NONE : grade_run(runs->exercise, r, 1, 0, runs->shared, &v);
  runs->timed_out += reason == REASON_TIMEOUT;
  runs->spoiled += environment != NULL;
  if (!environment && reason != REASON_NONE && reason != REASON_TIMEOUT)
    strlist_push(out, xasprintf("%s%s%.*s", try_reason_id(reason), v.finding ? ": " : "",
                                v.finding ? (int)strcspn(v.finding, "\n") : 0,
                                v.finding ? v.finding : ""));
  free(environment);
  try_verdict_free(&v);
}

/* Explores the forced build's schedules; a problem found is judged again by a run of its
 * shortest schedule, into v. Returns whether the trying goes on. */
static int try_explored(const struct options *o, const struct exercise *e, const struct builds *b,
                        const struct sandbox *sandbox, struct try_verdict *v) {
  if (b->valgrind) {
    v->not_explored = "the lesson runs under valgrind, and schedules are explored under TSan";
    return 1;
  }
  struct options bounded = *o;
  bounded.budget = o->budget_given ? o->budget : TRY_EXPLORE_BUDGET;
  char *argv[] = {b->scheduled, NULL};
  struct explored_runs runs = {.exercise = e, .shared = &b->shared};
  struct run_options run = try_run_options(o, b, 0, sandbox);
  if (run.timeout_s > TRY_EXPLORED_TIMEOUT_S) /* a run that times out judges nothing here */
    run.timeout_s = TRY_EXPLORED_TIMEOUT_S;
  /* an explored run's execs are refused, its threads not counted and its ledger's writes not
   * vouched for: a round trip to racecheck for each thread it starts, and for each pick the
   * scheduler records, made the counter lesson's try 1.35x slower. The lesson's run and the
   * unforced runs are watched whole, and must pass on their own. */
  run.count_threads = 0, run.watch_execs = 1;
  struct explore_setup setup = {.options = &bounded,
                                .argv = argv,
                                .run = run,
                                .problems = explored_problems,
                                .context = &runs,
                                .quiet = 1,
                                .server = run.server};
  struct exploration x = {0};
  int rc = explore_schedules(&setup, &x);
  v->explored = x.runs, v->explored_every_bounded = x.every_bounded;
  v->explored_timed_out = runs.timed_out, v->explored_bounded = x.bounded;
  v->explored_spoiled = runs.spoiled;
  v->budget = bounded.budget, v->preemptions = bounded.preemptions;
  const struct explore_finding *shortest = NULL;
  for (size_t i = 0; i < x.nfindings; i++)
    if (!shortest || x.findings[i].length < shortest->length)
      shortest = &x.findings[i];
  int goes_on = 1;
  if (rc != 0) {
    v->outcome = TRY_ERROR;
    v->error = xstrdup("the schedules could not be explored");
    goes_on = 0;
  } else if (shortest) {
    v->schedule = xstrdup(shortest->schedule);
    goes_on = try_run(o, e, b, 0, shortest->schedule, sandbox, v);
    if (goes_on) { /* its replay was clean: say what the exploration saw, no more */
      v->outcome = TRY_FAIL;
      v->reason = REASON_OTHER_FINDING;
      v->object =
          xasprintf("%s (seen once under this schedule; not on its replay)", shortest->what);
      goes_on = 0;
    }
  }
  exploration_free(&x);
  return goes_on;
}

/* Folders a sandboxed submission must not see: racecheck's own, and the one it came from
 * with the two above it (a class's other submissions, in either of grade's layouts),
 * unless the project is inside them. */
static void hide_from_submission(const struct options *o, const char *source, struct sandbox *s) {
  const char *own[] = {o->cases_dir, o->expected_dir, o->exercise_data_dir, o->build_dir,
                       o->exercises_dir};
  for (size_t i = 0; i < sizeof own / sizeof *own; i++)
    sandbox_hide(s, own[i]);
  char *folder = realpath(source, NULL), *project = getcwd(NULL, 0);
  for (int up = 0; folder && project && up < 3; up++) {
    *(char *)path_basename(folder) = '\0';
    size_t len = strlen(folder);
    if (len > 1)
      folder[len - 1] = '\0'; /* "/class/s01/" -> "/class/s01" */
    if (len <= 1 || starts_with(project, folder))
      break;
    sandbox_hide(s, folder);
  }
  free(folder), free(project);
}

/* The sandbox a try runs in, with the submission and its headers copied in; the copy's
 * path, or NULL with out's error. */
static char *enter_sandbox(const struct options *o, const char *source, struct sandbox *s,
                           struct try_verdict *out) {
  char *error = NULL;
  if (sandbox_open(s, o->build_dir, &error) != 0) {
    out->outcome = TRY_ERROR;
    out->error = error;
    return NULL;
  }
  hide_from_submission(o, source, s);
  char *folder = xstrndup(source, (size_t)(path_basename(source) - source));
  copy_headers(*folder ? folder : ".", NULL, s); /* a header it cannot copy is not found */
  free(folder);
  char *copy = sandbox_copy_in(s, source, &error);
  if (!copy) {
    out->outcome = TRY_ERROR;
    out->error = error;
  }
  return copy;
}

void exercise_try(const struct options *o, const struct exercise *e, const char *source,
                  struct try_verdict *out) {
  *out = (struct try_verdict){.outcome = TRY_FAIL};
  double start = monotonic_seconds();
  struct sandbox sandbox = {0}, *in = o->sandbox ? &sandbox : NULL;
  char *copy = in ? enter_sandbox(o, source, in, out) : xstrdup(source);
  struct builds b = {0};
  struct fork_server server;
  if (copy && build_both(o, e, copy, in, &b, out) == 0) { /* if not, out says why */
    long stress = o->repeat_given ? o->repeat : TRY_STRESS_RUNS;
    out->planned = 1 + (size_t)stress;
    start_server(o, &b, in, &server);
    if (try_run(o, e, &b, 0, NULL, in, out) && try_explored(o, e, &b, in, out))
      for (long i = 0; i < stress && try_run(o, e, &b, 1, NULL, in, out); i++)
        ;
    stop_server(&b);
    /* runs that pass cannot show a copied lock that happens to do no harm; vet can */
    char *copied = out->outcome == TRY_PASS && e->vet_copies ? lock_copied(copy, b.headers) : NULL;
    if (copied) {
      out->outcome = TRY_FAIL;
      out->reason = REASON_COPIES_LOCK;
      free(out->object);
      out->object = copied;
    }
    if (e->vet_unlocks && (out->outcome == TRY_PASS || out->reason == REASON_FORGOT_UNLOCK))
      judge_ways_out(copy, b.headers, out);
  }
  builds_free(&b);
  free(copy);
  if (in)
    sandbox_close(in);
  out->seconds = monotonic_seconds() - start;
}

void try_verdict_free(struct try_verdict *v) {
  free(v->schedule);
  free(v->error), free(v->finding), free(v->object), free(v->mutex_a), free(v->mutex_b);
  free(v->words), free(v->printed), free(v->wanted);
  free(v->locked_in);
  strlist_free(&v->ways_out);
  *v = (struct try_verdict){0};
}
