#include "explore.h"

#include "array.h"
#include "build_program.h"
#include "case_info.h"
#include "child.h"
#include "fork_server.h"
#include "run_case.h"
#include "schedule.h"
#include "term.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { PCT_DEPTH = 3, MAX_PREEMPTIONS = 8, PICKABLE_THREADS = 26 };

/* --- The program ---------------------------------------------------------------------- */

static int open_case(const struct options *o, const char *name, struct target *out) {
  struct case_paths p = paths_of(o, name);
  struct case_info info = {0};
  int rc = 0;
  if (case_info_read(p.source, &info) != 0) {
    fprintf(stderr, "racecheck: %s: %s\n", p.source, strerror(errno));
    rc = 2;
  } else if (case_runs_under_valgrind(&info)) {
    fprintf(stderr, "racecheck: %s runs under valgrind; schedules are explored under TSan\n", name);
    rc = 2;
  } else if (access(p.binary, X_OK) != 0 || !built_with_tsan(p.binary)) {
    fprintf(stderr, "racecheck: %s is not built with TSan; build it with: ninja\n", p.binary);
    rc = 2;
  } else {
    out->argv = xmalloc(2 * sizeof *out->argv);
    out->argv[0] = xstrdup(p.binary), out->argv[1] = NULL;
    out->operands = xstrdup(name);
    out->timeout_s = info.timeout_s > 0 ? info.timeout_s : o->timeout_s;
    out->sources = xmalloc(sizeof *out->sources);
    out->sources[0] = xstrdup(p.source), out->nsources = 1;
  }
  case_info_free(&info);
  case_paths_free(&p);
  return rc;
}

static size_t count_sources(int argc, char **argv) {
  size_t n = 0;
  while ((int)n < argc && ends_with(argv[n], ".c"))
    n++;
  return n;
}

int target_open(const struct options *o, int argc, char **argv, const char *command,
                struct target *out) {
  *out = (struct target){0};
  size_t n = count_sources(argc, argv);
  if (argc == 0 || (n == 0 && argc > 1) || (n > 0 && (int)n < argc && strcmp(argv[n], "--") != 0)) {
    char *what = xasprintf("%s takes a lesson's case, or .c files then -- and the program's "
                           "arguments",
                           command);
    int rc = usage_error(what);
    free(what);
    return rc;
  }
  if (n == 0)
    return valid_case_name(argv[0]) ? open_case(o, argv[0], out) : usage_error("no such case");
  char *error = NULL, *cache = xasprintf("%s/show", o->build_dir);
  struct build_flavour flavour = {.compile_flags = &o->compile_flags, .link_flags = &o->link_flags};
  char *program = build_program_as(argv, n, cache, &flavour, &error);
  free(cache);
  if (!program) {
    fprintf(stderr, "racecheck: %s\n", error);
    free(error);
    return 2;
  }
  size_t nargs = (int)n < argc ? (size_t)argc - n - 1 : 0;
  out->argv = xmalloc((nargs + 2) * sizeof *out->argv);
  out->argv[0] = program;
  for (size_t i = 0; i < nargs; i++)
    out->argv[i + 1] = xstrdup(argv[n + 1 + i]);
  out->argv[nargs + 1] = NULL;
  struct buf words = {0};
  for (int i = 0; i < argc; i++) {
    char *word = shell_word(argv[i]);
    buf_printf(&words, "%s%s", i ? " " : "", word);
    free(word);
  }
  out->operands = words.data;
  out->timeout_s = o->timeout_s;
  out->sources = xmalloc(n * sizeof *out->sources);
  for (size_t i = 0; i < n; i++)
    out->sources[i] = xstrdup(argv[i]);
  out->nsources = n;
  return 0;
}

void target_free(struct target *t) {
  for (size_t i = 0; t->argv && t->argv[i]; i++)
    free(t->argv[i]);
  for (size_t i = 0; i < t->nsources; i++)
    free(t->sources[i]);
  free(t->argv), free(t->operands), free(t->sources);
  *t = (struct target){0};
}

/* --- Schedules ------------------------------------------------------------------------- */

struct prefix {
  int *picks;
  size_t n;
};

struct explorer {
  const struct options *options;
  const struct explore_setup *setup;
  struct prefix *queue[MAX_PREEMPTIONS + 1]; /* to run, by their count of preemptions */
  size_t queued[MAX_PREEMPTIONS + 1], next[MAX_PREEMPTIONS + 1];
  uint64_t *seen; /* a hash of each schedule run */
  size_t nseen;
  struct explore_finding *problems;
  size_t nproblems;
  long runs, clean, bounded, longest;
  int progress;                    /* a terminal is watching */
  struct fork_server own, *server; /* the setup's, or its own */
  int serving;                     /* the runs are forked from the server */
};

/* Who goes on when no pick says: the thread at the point if it can, else the first. */
static int default_pick(const struct schedule_pick *p) {
  return (p->choices >> p->from & 1) ? p->from : __builtin_ctzll(p->choices);
}

static int is_preemption(const struct schedule_pick *p, int to) {
  return (p->choices >> p->from & 1) && to != p->from;
}

static uint64_t hash_picks(const struct schedule_pick *p, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (uint64_t)p[i].to) * 1099511628211ULL;
  return h ^ n;
}

static int seen_before(struct explorer *e, uint64_t h) {
  for (size_t i = 0; i < e->nseen; i++)
    if (e->seen[i] == h)
      return 1;
  *ARRAY_PUSH(e->seen, e->nseen) = h;
  return 0;
}

/* The run's picks up to its last that differs from what the scheduler does unasked: the
 * shortest schedule that replays it. */
static size_t replay_length(const struct schedule_pick *p, size_t n) {
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    if (p[i].to != default_pick(&p[i]))
      len = i + 1;
  return len;
}

static char *replay_text(const struct schedule_pick *p, size_t n) {
  int *picks = xmalloc((n ? n : 1) * sizeof *picks);
  for (size_t i = 0; i < n; i++)
    picks[i] = p[i].to;
  char *text = schedule_picks_text(picks, n);
  free(picks);
  return text;
}

/* Each new branch of the run, past its prefix: another thread at a choice, if that keeps
 * the schedule within K preemptions. */
static void branch(struct explorer *e, const struct schedule_pick *p, size_t n, size_t from) {
  int k = 0;
  for (size_t i = 0; i < n; i++) {
    for (int t = 0; i >= from && t < PICKABLE_THREADS; t++) {
      int cost = k + is_preemption(&p[i], t);
      if (!(p[i].choices >> t & 1) || t == p[i].to || cost > e->options->preemptions)
        continue;
      /* more waiting than the budget can run: the budget runs out first in any case */
      if (e->queued[cost] - e->next[cost] >= (size_t)e->options->budget)
        continue;
      struct prefix *next = ARRAY_PUSH(e->queue[cost], e->queued[cost]);
      next->picks = xmalloc((i + 1) * sizeof *next->picks);
      for (size_t j = 0; j < i; j++)
        next->picks[j] = p[j].to;
      next->picks[i] = t;
      next->n = i + 1;
    }
    k += is_preemption(&p[i], p[i].to);
  }
}

static int take_prefix(struct explorer *e, struct prefix *out) {
  for (int k = 0; k <= e->options->preemptions; k++)
    if (e->next[k] < e->queued[k]) {
      *out = e->queue[k][e->next[k]];
      e->queue[k][e->next[k]++] = (struct prefix){0};
      return 1;
    }
  return 0;
}

/* What the run showed that a clean run does not: each finding, an exit that says failure,
 * a signal, a hang. */
static void problems_of(const struct run_findings *f, struct strlist *out) {
  for (size_t i = 0; i < f->findings.len; i++) {
    const char *text = f->findings.items[i].text;
    strlist_push(out, term_escape(text, strcspn(text, "\n")));
  }
  /* TSan's exit status, and a hang a finding diagnoses, are that finding's; a failed run
   * (an exit that says failure, a signal) is a finding of its own already */
  int failed_run = 0;
  for (size_t i = 0; i < f->findings.len; i++)
    failed_run |= f->findings.items[i].report.kind == REPORT_FAILED_RUN;
  int explained =
      failed_run || (f->findings.len > 0 &&
                     (f->end == CHILD_EXITED ? f->status == 66 : f->end != CHILD_SIGNALED));
  if ((f->end == CHILD_EXITED && f->status == 0) || explained)
    return;
  char *outcome = run_outcome(f);
  strlist_push(out, xasprintf("the program ended: %s", outcome ? outcome : "not run"));
  free(outcome);
}

static void note_problem(struct explorer *e, char *what, const struct schedule_pick *p, size_t n) {
  size_t len = replay_length(p, n);
  struct explore_finding *known = NULL;
  for (size_t i = 0; i < e->nproblems && !known; i++)
    if (strcmp(e->problems[i].what, what) == 0)
      known = &e->problems[i];
  if (known && known->length <= len) {
    free(what);
    return;
  }
  if (!known) {
    known = ARRAY_PUSH(e->problems, e->nproblems);
    known->first_run = e->runs;
  }
  free(known->what), free(known->schedule);
  known->what = what;
  known->schedule = replay_text(p, len);
  known->length = len;
}

/* A program built with racecheck's fork server is started once, and forked for each run;
 * in a sandbox, the server is started inside it, one bubblewrap for the whole exploration,
 * and forks every run there. The setup's server is used as it is, unless it failed. */
static void start_server(struct explorer *e) {
  if (e->options->exec_each || (!e->setup->server && !built_with_fork_server(e->setup->argv[0])))
    return;
  e->server = e->setup->server ? e->setup->server : &e->own;
  if (e->server->failed)
    run_server_stop(e->server);
  e->serving =
      e->server->pid > 0 || run_server_start(e->server, &e->setup->run, e->setup->argv) == 0;
}

/* Runs the program once under the schedule; returns 0, or 2 when it could not be run. */
static int run_schedule(struct explorer *e, const char *schedule, struct prefix *prefix) {
  struct run_options ro = e->setup->run;
  ro.schedule = schedule;
  ro.server = e->serving ? e->server : NULL;
  struct run_result r = {0};
  run_program(&ro, path_basename(e->setup->argv[0]), e->setup->argv, &r);
  if (r.error) {
    fprintf(stderr, "racecheck: %s\n", r.error);
    run_result_free(&r);
    return 2;
  }
  if (e->serving && e->server->failed) /* a fresh server, with a fresh symbolizer */
    start_server(e);
  const struct run_findings *f = &r.findings;
  e->runs++;
  if ((long)f->npicks > e->longest)
    e->longest = (long)f->npicks;
  if (prefix)
    branch(e, f->picks, f->npicks, prefix->n);
  if (!seen_before(e, hash_picks(f->picks, f->npicks))) {
    struct strlist problems = {0};
    if (e->setup->problems)
      e->setup->problems(e->setup->context, &r, &problems);
    else
      problems_of(f, &problems);
    e->clean += problems.len == 0;
    for (size_t i = 0; i < problems.len; i++)
      note_problem(e, problems.items[i], f->picks, f->npicks);
    free(problems.items);
  }
  run_result_free(&r);
  return 0;
}

static void show_progress(const struct explorer *e) {
  if (e->progress && !e->setup->quiet)
    fprintf(stderr, "\rexplore: %ld of %ld schedules, %zu findings", e->runs, e->options->budget,
            e->nproblems);
}

static int explore_bounded(struct explorer *e) {
  struct prefix first = {0}, p;
  int rc = run_schedule(e, SCHEDULE_PICKS, &first);
  while (rc == 0 && e->runs < e->options->budget && take_prefix(e, &p)) {
    char *schedule = schedule_picks_text(p.picks, p.n);
    rc = run_schedule(e, schedule, &p);
    free(schedule), free(p.picks);
    show_progress(e);
  }
  e->bounded = e->runs;
  return rc;
}

static int explore_pct(struct explorer *e) {
  int rc = 0;
  long most = e->options->pct;
  for (long i = 0; rc == 0 && e->runs < e->options->budget && (most < 0 || i < most); i++) {
    char *schedule =
        xasprintf("%s pct:%llu:%d:%ld", SCHEDULE_PICKS,
                  (unsigned long long)e->options->seed * 1000003ULL + (unsigned long long)i,
                  PCT_DEPTH, e->longest > 0 ? e->longest : 1);
    rc = run_schedule(e, schedule, NULL);
    free(schedule);
    show_progress(e);
  }
  return rc;
}

static int bounded_left(const struct explorer *e) {
  for (int k = 0; k <= e->options->preemptions; k++)
    if (e->next[k] < e->queued[k])
      return 1;
  return 0;
}

static void explorer_free(struct explorer *e) {
  for (int k = 0; k <= MAX_PREEMPTIONS; k++) {
    for (size_t i = 0; i < e->queued[k]; i++)
      free(e->queue[k][i].picks);
    free(e->queue[k]);
  }
  free(e->seen);
}

int explore_schedules(const struct explore_setup *setup, struct exploration *out) {
  struct explorer e = {
      .options = setup->options, .setup = setup, .progress = isatty(STDERR_FILENO)};
  start_server(&e);
  int rc = explore_bounded(&e);
  if (rc == 0)
    rc = explore_pct(&e);
  if (e.progress && !setup->quiet)
    fputs("\r\033[K", stderr);
  *out = (struct exploration){.runs = e.runs,
                              .clean = e.clean,
                              .bounded = e.bounded,
                              .distinct = e.nseen,
                              .every_bounded = !bounded_left(&e),
                              .findings = e.problems,
                              .nfindings = e.nproblems};
  if (e.serving && !setup->server)
    run_server_stop(e.server);
  explorer_free(&e);
  return rc;
}

void exploration_free(struct exploration *x) {
  for (size_t i = 0; i < x->nfindings; i++)
    free(x->findings[i].what), free(x->findings[i].schedule);
  free(x->findings);
  *x = (struct exploration){0};
}

struct explore_setup explore_setup_of(const struct options *o, const struct target *t) {
  struct run_options ro = run_options_of(o);
  ro.timeout_s = t->timeout_s;
  return (struct explore_setup){.options = o, .argv = t->argv, .run = ro};
}

void exploration_print_counts(const struct options *o, const char *operands,
                              const struct exploration *x) {
  printf("explore %s:\n  %zu distinct schedules in %ld runs, %ld clean\n", operands, x->distinct,
         x->runs, x->clean);
  printf("  %ld with at most %d preemption%s (%s), %ld PCT, seed %ld\n", x->bounded, o->preemptions,
         o->preemptions == 1 ? "" : "s",
         x->every_bounded ? "every one" : "not all, the budget ran out", x->runs - x->bounded,
         o->seed);
}

void exploration_print_replay(const struct explore_finding *f, const char *operands) {
  printf("  first in run %ld; the shortest schedule that shows it, %zu pick%s:\n", f->first_run,
         f->length, f->length == 1 ? "" : "s");
  char *schedule = shell_quote(f->schedule);
  printf("  racecheck step --schedule %s %s\n", schedule, operands);
  free(schedule);
}

int cmd_explore(const struct options *o, int argc, char **argv) {
  struct target t;
  int rc = target_open(o, argc, argv, "explore", &t);
  if (rc != 0)
    return rc;
  struct explore_setup setup = explore_setup_of(o, &t);
  struct exploration x = {0};
  rc = explore_schedules(&setup, &x);
  if (rc == 0) {
    exploration_print_counts(o, t.operands, &x);
    for (size_t i = 0; i < x.nfindings; i++) {
      printf("finding %zu: %s\n", i + 1, x.findings[i].what);
      exploration_print_replay(&x.findings[i], t.operands);
    }
    if (x.nfindings == 0)
      printf("no finding: clean under every schedule run\n");
  }
  rc = rc ? rc : x.nfindings ? 1 : 0;
  exploration_free(&x);
  target_free(&t);
  return rc;
}
