#include "run_case.h"

#include "environment.h"

#include "../../shim/lock_ledger.h"
#include "case_info.h"
#include "child.h"
#include "detector_log.h"
#include "diagnose.h"
#include "fork_server.h"
#include "ledger_parse.h"
#include "ledger_report.h"
#include "ledger_watch.h"
#include "lessons.h"
#include "report_channel.h"
#include "sandbox.h"
#include "schedule.h"
#include "symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

enum { KEEP_BYTES = 16 << 20 };

struct hang_context {
  const struct run_options *options;
  struct hang_report report;
  int taken;
};

static void take_hang_report(pid_t pid, enum child_end why, const struct hang_watch *w, void *ctx) {
  struct hang_context *h = ctx;
  hang_report_take(pid, why, h->options->timeout_s, w, h->options->gdb, &h->report);
  h->taken = 1;
}

/* Keeps a raw stream of the run in the log folder; returns its path, or NULL. */
static char *keep_log(const struct run_options *o, const char *name, const char *stream,
                      const struct buf *text, struct run_result *out) {
  if (!o->log_dir)
    return NULL;
  char *path = xasprintf("%s/%s.%s", o->log_dir, name, stream);
  if (make_dirs(o->log_dir) && write_file(path, buf_str(text), text->len))
    return path;
  if (!out->warning)
    out->warning = xasprintf("cannot keep the raw log %s: %s", path, strerror(errno));
  free(path);
  return NULL;
}

/* The same offsets, in any order. */
static int same_offsets(unsigned long long *a, size_t na, const unsigned long long *b, size_t nb) {
  if (na != nb)
    return 0;
  for (size_t i = 0; i < na; i++) {
    size_t j = 0;
    while (j < nb && b[j] != a[i])
      j++;
    if (j == nb)
      return 0;
  }
  return 1;
}

/* The names of a server's last runs are kept: the next run most often asks for the same. */
static const struct symbols *named_before(struct fork_server *server, unsigned long long *code,
                                          size_t ncode, unsigned long long *data, size_t ndata) {
  struct symbol_memo *m = server ? &server->names : NULL;
  if (!m || !m->read || !same_offsets(code, ncode, m->code, m->ncode) ||
      !same_offsets(data, ndata, m->data, m->ndata))
    return NULL;
  return &m->symbols;
}

/* Names what the lock ledger's records point at, and the mutexes TSan's reports name, from
 * the program's executable, into *out; returns the names, *out's or the server's memo. */
static const struct symbols *name_ledger(const char *program, const struct buf *text,
                                         const struct strlist *logs, struct fork_server *server,
                                         struct symbols *out) {
  struct ledger l = {0};
  ledger_parse(buf_str(text), text->len, &l);
  unsigned long long *code = NULL, *data = NULL;
  size_t ncode = 0, ndata = 0;
  ledger_offsets(&l, &code, &ncode, &data, &ndata);
  for (size_t i = 0; i < logs->len && l.nprocesses; i++) {
    struct detector_log log = {0};
    tsan_parse(logs->items[i], strlen(logs->items[i]), &log);
    ledger_mutex_offsets(&l, &log.reports, &data, &ndata);
    detector_log_free(&log);
  }
  ledger_free(&l);
  const struct symbols *names = named_before(server, code, ncode, data, ndata);
  if (names) {
    free(code), free(data);
    return names;
  }
  if (ncode || ndata)
    symbols_read(program, code, ncode, data, ndata, out);
  if (!server) {
    free(code), free(data);
    return out;
  }
  struct symbol_memo *m = &server->names;
  symbol_memo_free(m);
  *m = (struct symbol_memo){
      .code = code, .ncode = ncode, .data = data, .ndata = ndata, .symbols = *out, .read = 1};
  *out = (struct symbols){0};
  return &m->symbols;
}

/* Full source paths tell the program's frames from a library's (see valgrind_parse). */
static char FULL_PATHS[] = "--fullpath-after=";

/* The argv with valgrind told to write its reports into the channel. */
static char **with_log_file(char *const argv[], const struct report_channel *channel) {
  size_t n = 0;
  while (argv[n])
    n++;
  char **out = xmalloc((n + 3) * sizeof *out);
  out[0] = argv[0];
  out[1] = channel->valgrind_option;
  out[2] = FULL_PATHS;
  memcpy(out + 3, argv + 1, n * sizeof *out); /* the rest, and the NULL */
  return out;
}

/* Under valgrind, /proc shows valgrind's signal handlers, for every signal, not the
 * program's: whether the program could set a SIGALRM handler that ends a wait is asked of
 * its binary instead. One that names no call that sets a handler or arms a timer sets none. */
static int sets_no_signal_handler(char *const argv[]) {
  size_t i = 1;
  while (argv[i] && argv[i][0] == '-')
    i++; /* valgrind's options, then the program */
  static const char *const CALLS[] = {"signal", "sigaction", "sigset",
                                      "alarm",  "setitimer", "timer_create"};
  struct buf binary = {0};
  int none = argv[i] && read_file(argv[i], &binary);
  for (size_t k = 0; none && k < sizeof CALLS / sizeof CALLS[0]; k++) {
    /* a symbol's whole name, as the string tables hold it: not "__g_signals" */
    char *name = xasprintf("%c%s", '\0', CALLS[k]);
    size_t len = strlen(CALLS[k]) + 1;
    for (const char *at = binary.data; none && at;) {
      at = memmem(at, binary.len - (size_t)(at - binary.data), name, len);
      if (at && (size_t)(at - binary.data) + len < binary.len &&
          (at[len] == '\0' || at[len] == '@'))
        none = 0;
      else if (at)
        at++;
    }
    free(name);
  }
  buf_free(&binary);
  return none;
}

/* A run a fork server forks, with the schedule it follows and how it is watched. */
struct server_run {
  struct fork_server *server;
  const char *schedule;
  enum served_watch watch;
};

static int fork_from_server(void *run, int out, int err, int ledger, struct served_run *served) {
  const struct server_run *r = run;
  return fork_server_run(r->server, r->watch, r->schedule, out, err, ledger, served);
}

static int reaped_by_server(void *run, int *status) {
  return fork_server_reaped(((const struct server_run *)run)->server, status);
}

/* What the watch of the ledger's writes saw: writes refused, a file that holds other than the
 * shim's records; or a record racecheck could not read, which leaves the run unjudged. */
static void judge_the_ledger(const struct ledger_vouch *v, const struct buf *ledger, size_t dropped,
                             struct run_result *out) {
  if (v->unreadable) {
    out->error = xasprintf("cannot read the program's record of its locks, to vouch for it: %s",
                           strerror(v->unreadable));
    return;
  }
  out->ledger_writes_refused = v->refused;
  out->ledger_altered =
      !ledger_vouch_matches(v, ledger->data ? ledger->data : "", ledger->len, dropped);
}

static void run_once(const struct run_options *o, const char *name, char *const argv[], int no_aslr,
                     struct run_result *out) {
  *out = (struct run_result){0};
  /* a server's runs are TSan's, in the server's sandbox if the run is to be in one */
  struct fork_server *server = o->server && o->server->pid > 0 && !o->server->failed &&
                                       !o->valgrind &&
                                       (o->sandbox != NULL) == (o->server->sandbox != 0)
                                   ? o->server
                                   : NULL;
  struct report_channel own_channel;
  const struct report_channel *channel_in_use = server ? &server->channel : &own_channel;
  if (server ? report_channel_clear(&server->channel) != 0
             : report_channel_open(&own_channel) != 0) {
    out->error = xasprintf("cannot make a folder for the detector's reports: %s", strerror(errno));
    return;
  }
  const struct report_channel channel = *channel_in_use;
  /* the schedule's accesses are points only where TSan instruments them */
  /* a schedule this program cannot follow is said, and the program runs without it */
  char *schedule = NULL, *unfollowed = NULL;
  if (o->schedule)
    schedule_compile(o->schedule, o->program ? o->program : argv[0], o->valgrind, &schedule,
                     &unfollowed);
  if (schedule && o->story) {
    char *told = xasprintf("%s story", schedule);
    free(schedule);
    schedule = told;
  }
  /* the ledger serves TSan's runs; a valgrind tool watches the locks itself */
  char **envp = server ? NULL
                       : case_environment(o->caller_tsan_options,
                                          o->valgrind ? NULL : channel.tsan_option, schedule);
  /* the ledger serves TSan's runs, through a descriptor the program inherits */
  int ledger_fd = o->valgrind ? -1 : open(channel.ledger_path, O_WRONLY | O_APPEND | O_CLOEXEC);
  char **command = o->valgrind ? with_log_file(argv, &channel) : NULL;
  struct hang_context hang = {.options = o};
  struct ledger_watch ledger_watch;
  int watching = !o->valgrind && ledger_watch_open(&ledger_watch, channel.ledger_path,
                                                   server ? server->notify : -1) == 0;
  int watched = (o->count_threads || o->watch_execs) && !o->valgrind;
  struct server_run served = {server, schedule,
                              !watched           ? WATCH_NONE
                              : o->count_threads ? WATCH_THREADS
                                                 : WATCH_EXECS};
  /* the ledger's writes vouched for by the kernel, where the program's calls are watched */
  struct ledger_vouch vouch;
  int vouching = o->count_threads && !o->valgrind && ledger_fd >= 0 &&
                 ledger_vouch_open(&vouch, o->program ? o->program : argv[0], RACECHECK_LEDGER_FD,
                                   ledger_fd, KEEP_BYTES) == 0;
  struct child c = {
      .argv = command ? command : argv,
      .search_path = o->valgrind, /* a detector is a command; a case is always a path */
      .envp = envp,
      .timeout_s = o->timeout_s,
      .keep_bytes = KEEP_BYTES,
      .watch_for_hang = 1,
      .handlers_are_a_tools = o->valgrind && sets_no_signal_handler(argv),
      .no_aslr = no_aslr,
      .supervise = 1,
      .before_kill = take_hang_report,
      .before_kill_ctx = &hang,
      .ledger = watching ? &ledger_watch : NULL,
      .max_group_processes = o->max_processes,
      .max_memory_mib = o->max_memory_mib,
      .sandbox = o->sandbox,
      .writable = channel.dir,
      .max_processes = o->sandbox ? sandbox_max_processes(o->sandbox) : 0,
      .pass_fd = ledger_fd,
      .pass_fd_at = ledger_fd >= 0 ? RACECHECK_LEDGER_FD : 0,
      .count_threads = o->count_threads && !o->valgrind,
      .watch_execs = o->watch_execs && !o->valgrind,
      .vouch = vouching ? &vouch : NULL,
      .forked_by = server ? fork_from_server : NULL,
      .reaped_by = server ? reaped_by_server : NULL,
      .server = &served,
  };
  out->threads_made = -1;
  if (o->sandbox) /* the detector writes there as the sandbox's user */
    sandbox_give(o->sandbox, channel.dir);
  struct strlist logs = {0};
  struct buf log = {0}, ledger = {0}; /* the logs all in one, as kept for a person to read */
  size_t log_dropped = 0, ledger_dropped = 0;
  struct symbols symbols = {0};
  char *cwd = getcwd(NULL, 0); /* where the cases' sources are */
  if (child_run(&c) != 0) {
    out->error = xasprintf("cannot run %s: %s", argv[0], strerror(c.start_errno));
  } else {
    report_channel_read(&channel, KEEP_BYTES, &logs, &log_dropped);
    for (size_t i = 0; i < logs.len; i++)
      buf_adds(&log, logs.items[i]);
    report_channel_read_ledger(&channel, KEEP_BYTES, &ledger, &ledger_dropped);
    if (vouching && vouch.fd)
      judge_the_ledger(&vouch, &ledger, ledger_dropped, out);
    const struct symbols *names =
        name_ledger(o->program ? o->program : argv[0], &ledger, &logs, server, &symbols);
    free(keep_log(o, name, "ledger", &ledger, out));
    free(keep_log(o, name, "stdout", &c.out, out));
    out->log_path = keep_log(o, name, "stderr", &c.err, out);
    out->detector_log_path = keep_log(o, name, "detector", &log, out);
    struct run_capture capture = {
        .detector = o->valgrind ? TOOL_VALGRIND : TOOL_TSAN,
        .end = c.end,
        .status = c.status,
        .timeout_s = c.timeout_s,
        .out = c.out.data,
        .out_len = c.out.len,
        .err = c.err.data,
        .err_len = c.err.len,
        .logs = &logs,
        .keep_bytes = KEEP_BYTES,
        .out_dropped = c.out_dropped,
        .err_dropped = c.err_dropped,
        .log_dropped = log_dropped,
        .ledger = ledger.data,
        .ledger_len = ledger.len,
        .ledger_dropped = ledger_dropped,
        .symbols = names,
        .outlived = c.outlived,
        .hang = hang.taken ? &hang.report : NULL,
        .source_root = cwd,
    };
    run_findings_make(&capture, &out->findings);
    if (unfollowed)
      strlist_push(&out->findings.notes,
                   xasprintf("%s; the run did not follow the lesson's schedule", unfollowed));
    run_findings_lines(&out->findings, &out->lines);
    out->summary = run_summary(&out->findings);
    out->detector_log_len = log.len;
    out->forked_too_much = c.forked_too_much;
    out->used_too_much_memory = c.used_too_much_memory;
    out->threads_made = c.count_threads ? c.threads_made : -1;
    out->execs_refused = c.execs_refused;
    out->threads_seen = c.threads_seen, out->nthreads_seen = c.nthreads_seen;
    c.threads_seen = NULL, c.nthreads_seen = 0;
  }
  free(unfollowed);
  buf_free(&log);
  strlist_free(&logs);
  buf_free(&ledger);
  symbols_free(&symbols);
  if (watching)
    ledger_watch_close(&ledger_watch);
  if (vouching)
    ledger_vouch_free(&vouch);
  if (ledger_fd >= 0)
    close(ledger_fd);
  free(cwd);
  hang_report_free(&hang.report);
  child_free(&c);
  free(command);
  free(schedule);
  if (envp)
    free_environment(envp);
  if (!server)
    report_channel_close(&own_channel);
}

/* An old TSan runtime may not start under the kernel's wider address randomization; with
 * randomization off for the case alone, it does. racecheck tries that once and says so. */
void run_program(const struct run_options *o, const char *name, char *const argv[],
                 struct run_result *out) {
  run_once(o, name, argv, 0, out);
  if (out->error && o->server && o->server->failed) { /* the server is gone: alone, then */
    run_result_free(out);
    run_once(o, name, argv, 0, out);
  }
  /* a run cut short may have left the symbolizer the runs share with half a question */
  if (o->server && (out->findings.end == CHILD_TIMEOUT || out->findings.end == CHILD_SIGNALED))
    o->server->failed = 1;
  if (!out->findings.unexpected_layout)
    return;
  run_result_free(out);
  run_once(o, name, argv, 1, out);
  out->note = xstrdup("TSan could not start with address randomization on (unexpected memory "
                      "mapping), so racecheck ran the case with it off, as `setarch -R` does");
}

int run_server_start(struct fork_server *s, const struct run_options *o, char *const argv[]) {
  return fork_server_start(s, o->caller_tsan_options, argv, o->sandbox);
}

void run_server_stop(struct fork_server *s) {
  fork_server_stop(s);
  child_kill_orphans();
}

void run_result_free(struct run_result *r) {
  run_findings_free(&r->findings);
  strlist_free(&r->lines);
  free(r->summary);
  free(r->error);
  free(r->note);
  free(r->warning);
  free(r->log_path);
  free(r->detector_log_path);
  free(r->threads_seen);
  *r = (struct run_result){0};
}

struct case_paths case_paths_make(const char *cases_dir, const char *build_dir,
                                  const char *expected_dir, const char *name) {
  return (struct case_paths){
      .source = xasprintf("%s/%s.c", cases_dir, name),
      .binary = xasprintf("%s/cases/%s", build_dir, name),
      .expected = xasprintf("%s/%s.txt", expected_dir, name),
      .log_dir = xasprintf("%s/logs", build_dir),
      .out_dir = xasprintf("%s/out", build_dir),
  };
}

void case_paths_free(struct case_paths *p) {
  free(p->source);
  free(p->binary);
  free(p->expected);
  free(p->log_dir);
  free(p->out_dir);
}

static const char *missing_hint(const struct case_paths *p) {
  return access(p->binary, X_OK) == 0 ? "is its detector installed? ./bootstrap installs it"
                                      : "build it with: ninja";
}

static int binary_names(const char *binary, const char *symbol) {
  struct buf bytes = {0};
  int yes = read_file(binary, &bytes) && memmem(bytes.data, bytes.len, symbol, strlen(symbol));
  buf_free(&bytes);
  return yes;
}

int built_with_tsan(const char *binary) {
  return binary_names(binary, "__tsan_init");
}

int built_with_shim(const char *binary) {
  return binary_names(binary, "__wrap_pthread_create");
}

int built_with_fork_server(const char *binary) {
  return binary_names(binary, "racecheck_fork_server");
}

/* Valgrind's tools say they found errors with this exit code, like TSan's 66. */
static char VALGRIND_ERROR_EXIT[] = "--error-exitcode=66";

char **case_command(const struct case_info *info, const char *binary) {
  char **argv = xmalloc((info->detector.len + 3) * sizeof *argv);
  size_t n = 0;
  for (size_t i = 0; i < info->detector.len; i++)
    argv[n++] = info->detector.items[i];
  if (case_runs_under_valgrind(info))
    argv[n++] = VALGRIND_ERROR_EXIT;
  argv[n++] = (char *)binary;
  argv[n] = NULL;
  return argv;
}

/* Runs the case's binary, under the detector its header names if it names one. */
void run_case(const struct run_options *o, const struct case_paths *p, const char *name,
              struct run_result *out) {
  struct case_info info = {0};
  if (case_info_read(p->source, &info) != 0 && errno != ENOENT) { /* none: TSan, on its own */
    out->error =
        xasprintf("cannot read the header of %s: %s", p->source,
                  errno == EINVAL ? "its Options: line is not --timeout SECONDS" : strerror(errno));
    case_info_free(&info);
    return;
  }
  struct run_options ro = *o;
  if (info.timeout_s > 0)
    ro.timeout_s = info.timeout_s; /* the case's own Options: line */
  ro.log_dir = p->log_dir;
  ro.program = p->binary;
  ro.valgrind = case_runs_under_valgrind(&info);
  char *dir = xstrndup(p->source, (size_t)(path_basename(p->source) - p->source));
  char *schedule = o->schedule ? NULL : lesson_schedule(*dir ? dir : ".", name);
  if (schedule)
    ro.schedule = schedule;
  char **argv = case_command(&info, p->binary);
  char *why = NULL;
  if (access(p->binary, F_OK) == 0 && !is_regular_executable(p->binary, &why)) {
    out->error = why;
  } else if (!ro.valgrind && access(p->binary, F_OK) == 0 && !built_with_tsan(p->binary)) {
    out->error = xasprintf("%s was built without ThreadSanitizer, which would see nothing in "
                           "it; build it with: ninja",
                           p->binary);
  } else {
    run_program(&ro, name, argv, out);
    if (out->error) { /* it could not be started: the case or its detector is missing */
      char *with_hint = xasprintf("%s (%s)", out->error, missing_hint(p));
      free(out->error);
      out->error = with_hint;
    }
  }
  free(argv);
  free(schedule);
  free(dir);
  case_info_free(&info);
}
