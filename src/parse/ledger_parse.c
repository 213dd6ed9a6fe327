#include "ledger_parse.h"

#include "array.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* More than the shim ever writes: its lines are shorter, its held sets smaller. */
enum { MAX_LINE = 4096, MAX_HELD = 64, MAX_VALUES = 4, MAX_GUARDS = 64, MAX_RECORDS = 1 << 20 };

struct ledger_process {
  long pid;
  unsigned long long base;
};

/* A thread's latest record, latest wait announced or returned from, and latest record
 * that lists what it held: each an index into the records plus 1, 0 for none. */
struct ledger_thread_records {
  long pid, tid; /* tid 0: a free slot */
  size_t latest, wait, held;
};

static const char *const CALLS[] = {"pthread_mutex_lock", "mtx_lock", "pthread_cond_wait",
                                    "cnd_wait", "pthread_join"};

/* A hexadecimal number of at most 16 digits, and nothing else. */
static int hex(const char *word, unsigned long long *out) {
  size_t n = strlen(word);
  if (n == 0 || n > 16 || strspn(word, "0123456789abcdef") != n)
    return 0;
  *out = strtoull(word, NULL, 16);
  return 1;
}

struct words {
  char **items;
  size_t len, next;
  int bad;
};

static unsigned long long take(struct words *w) {
  unsigned long long v = 0;
  if (w->next >= w->len || !hex(w->items[w->next++], &v))
    w->bad = 1;
  return v;
}

static long take_id(struct words *w) {
  unsigned long long v = take(w);
  if (v == 0 || v > 0x7fffffff)
    w->bad = 1;
  return (long)v;
}

static int is_condition_wait(const char *call) {
  return call && (strcmp(call, "pthread_cond_wait") == 0 || strcmp(call, "cnd_wait") == 0);
}

static const char *take_call(struct words *w) {
  for (size_t i = 0; w->next < w->len && i < sizeof CALLS / sizeof CALLS[0]; i++)
    if (strcmp(w->items[w->next], CALLS[i]) == 0) {
      w->next++;
      return CALLS[i];
    }
  w->bad = 1;
  return NULL;
}

/* A count, then that many lock and site pairs, which must be all that is left. */
static void take_held(struct words *w, struct ledger_record *r) {
  unsigned long long n = take(w);
  if (w->bad || n > MAX_HELD || w->len - w->next != 2 * n) {
    w->bad = 1;
    return;
  }
  for (unsigned long long i = 0; i < n; i++) {
    struct ledger_lock *h = ARRAY_PUSH(r->held, r->nheld);
    h->lock = take(w);
    h->site = take(w);
  }
}

/* A count, then that many address, size and bytes triples, which must be all that is left. */
static void take_values(struct words *w, struct ledger_record *r) {
  unsigned long long n = take(w);
  if (w->bad || n > MAX_VALUES || w->len - w->next != 3 * n) {
    w->bad = 1;
    return;
  }
  for (unsigned long long i = 0; i < n; i++) {
    struct ledger_value *v = ARRAY_PUSH(r->values, r->nvalues);
    v->address = take(w);
    v->size = take(w);
    v->bits = take(w);
    w->bad |= v->size == 0 || v->size > sizeof v->bits;
  }
}

/* A tally's guards, if it says them: a count, then that many addresses, all that is left. */
static void take_guards(struct words *w, struct ledger_record *r) {
  if (w->next == w->len)
    return;
  unsigned long long n = take(w);
  if (w->bad || n > MAX_GUARDS || w->len - w->next != n) {
    w->bad = 1;
    return;
  }
  for (unsigned long long i = 0; i < n; i++)
    *ARRAY_PUSH(r->guards, r->nguards) = take(w);
}

/* A signal's ALL, NOBODY and EPOCH words. */
static void take_signal(struct words *w, struct ledger_record *r) {
  unsigned long long all = take(w), waiters = take(w);
  r->epoch = take(w);
  w->bad |= all > 1 || waiters > LEDGER_WAITERS_UNKNOWN;
  r->all = (int)all;
  r->waiters = (enum ledger_waiters)waiters;
}

static const struct ledger_process *process(const struct ledger *l, long pid) {
  for (size_t i = l->nprocesses; i > 0; i--)
    if (l->processes[i - 1].pid == pid)
      return &l->processes[i - 1];
  return NULL;
}

static void take_body(struct words *w, struct ledger_record *r) {
  switch (r->kind) {
  case LEDGER_BLOCK:
    r->call = take_call(w);
    r->object = take(w);
    r->site = take(w);
    if (is_condition_wait(r->call))
      r->epoch = take(w);
    take_held(w, r);
    return;
  case LEDGER_SIGNAL:
    r->object = take(w);
    r->site = take(w);
    take_signal(w, r);
    return;
  case LEDGER_EXIT:
    r->site = take(w);
    take_held(w, r);
    return;
  case LEDGER_NEST:
    r->object = take(w);
    r->site = take(w);
    take_held(w, r);
    return;
  case LEDGER_RELOCK:
    r->object = take(w);
    r->site = take(w);
    r->other_site = take(w);
    return;
  case LEDGER_UNLOCK:
    r->object = take(w);
    r->site = take(w);
    r->holder_tid = (long)take(w);
    r->holder_created = take(w);
    r->other_site = take(w);
    w->bad |= r->holder_tid < 0 || r->holder_tid > 0x7fffffff;
    return;
  case LEDGER_TALLY:
    r->locks = take(w);
    r->unlocks = take(w);
    r->sleeps = take(w);
    r->guarded = take(w);
    r->atomics = take(w);
    take_guards(w, r);
    return;
  case LEDGER_THREADS:
    r->threads_created = take(w);
    r->created_after_join = take(w);
    return;
  case LEDGER_VOID:
    r->step = take(w);
    r->never_created = take(w);
    return;
  case LEDGER_PICK:
    r->step = take(w);
    r->pick_from = take(w);
    r->pick_to = take(w);
    r->choices = take(w);
    return;
  case LEDGER_POINT:
    r->pick_from = take(w);
    r->site = take(w);
    take_values(w, r);
    return;
  case LEDGER_RESUME:
  case LEDGER_LEAK:
    return;
  }
}

static const char *const KINDS[] = {
    [LEDGER_BLOCK] = "block",     [LEDGER_RESUME] = "resume", [LEDGER_EXIT] = "exit",
    [LEDGER_RELOCK] = "relock",   [LEDGER_UNLOCK] = "unlock", [LEDGER_TALLY] = "tally",
    [LEDGER_THREADS] = "threads", [LEDGER_VOID] = "void",     [LEDGER_NEST] = "nest",
    [LEDGER_LEAK] = "leak",       [LEDGER_PICK] = "pick",     [LEDGER_POINT] = "point",
    [LEDGER_SIGNAL] = "signal"};

static int record_kind(const char *word, enum ledger_kind *out) {
  for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
    if (strcmp(word, KINDS[i]) == 0) {
      *out = (enum ledger_kind)i;
      return 1;
    }
  return 0;
}

/* "ledger 1 PID BASE": a process announces itself and where its executable is. */
static int take_process(struct words *w, struct ledger *l) {
  if (w->len != 4 || strcmp(w->items[1], "1") != 0)
    return 0;
  w->next = 2;
  long pid = take_id(w);
  unsigned long long base = take(w);
  if (w->bad)
    return 0;
  *ARRAY_PUSH(l->processes, l->nprocesses) = (struct ledger_process){pid, base};
  return 1;
}

static size_t thread_slot(const struct ledger *l, long pid, long tid) {
  size_t h = ((size_t)pid * 0x9e3779b97f4a7c15ull ^ (size_t)tid) * 0xff51afd7ed558ccdull;
  size_t i = h & (l->threads_size - 1);
  while (l->threads[i].tid && (l->threads[i].pid != pid || l->threads[i].tid != tid))
    i = (i + 1) & (l->threads_size - 1);
  return i;
}

static const struct ledger_thread_records *thread_records(const struct ledger *l, long pid,
                                                          long tid) {
  if (!l->threads_size)
    return NULL;
  const struct ledger_thread_records *t = &l->threads[thread_slot(l, pid, tid)];
  return t->tid ? t : NULL;
}

/* The table of threads, twice as big, at most half full after. */
static void grow_threads(struct ledger *l) {
  struct ledger old = *l;
  l->threads_size = old.threads_size ? 2 * old.threads_size : 64;
  l->threads = xmalloc(l->threads_size * sizeof *l->threads);
  memset(l->threads, 0, l->threads_size * sizeof *l->threads);
  for (size_t i = 0; i < old.threads_size; i++)
    if (old.threads[i].tid)
      l->threads[thread_slot(l, old.threads[i].pid, old.threads[i].tid)] = old.threads[i];
  free(old.threads);
}

/* The record just added, indexed under its thread (and among the signals). */
static void index_record(struct ledger *l) {
  const struct ledger_record *r = &l->records[l->len - 1];
  if (2 * (l->threads_used + 1) > l->threads_size)
    grow_threads(l);
  struct ledger_thread_records *t = &l->threads[thread_slot(l, r->pid, r->tid)];
  if (!t->tid) {
    *t = (struct ledger_thread_records){.pid = r->pid, .tid = r->tid};
    l->threads_used++;
  }
  t->latest = l->len;
  if (r->kind == LEDGER_BLOCK || r->kind == LEDGER_RESUME)
    t->wait = l->len;
  if (r->kind == LEDGER_BLOCK || r->kind == LEDGER_EXIT)
    t->held = l->len;
  if (r->kind == LEDGER_SIGNAL)
    *ARRAY_PUSH(l->signals, l->nsignals) = l->len - 1;
}

static int take_record(struct words *w, struct ledger *l) {
  struct ledger_record r = {0};
  if (!record_kind(w->items[0], &r.kind) || l->len >= MAX_RECORDS)
    return 0;
  w->next = 1;
  r.pid = take_id(w);
  r.tid = take_id(w);
  r.created = take(w);
  take_body(w, &r);
  const struct ledger_process *p = process(l, r.pid);
  if (w->bad || w->next != w->len || !p) {
    free(r.held), free(r.values), free(r.guards);
    return 0;
  }
  r.base = p->base;
  *ARRAY_PUSH(l->records, l->len) = r;
  index_record(l);
  return 1;
}

static void parse_line(const char *line, size_t len, struct ledger *l) {
  char *copy = xstrndup(line, len < MAX_LINE ? len : 0);
  struct words w = {0};
  struct strlist words = {0};
  split_words(copy, " ", &words);
  w.items = words.items, w.len = words.len;
  int ok = len < MAX_LINE && !memchr(line, '\0', len) && w.len > 0 &&
           (strcmp(w.items[0], "ledger") == 0 ? take_process(&w, l) : take_record(&w, l));
  l->rejected += !ok;
  strlist_free(&words);
  free(copy);
}

size_t ledger_parse(const char *text, size_t len, struct ledger *l) {
  size_t done = 0;
  for (const char *nl; done < len && (nl = memchr(text + done, '\n', len - done));) {
    parse_line(text + done, (size_t)(nl - (text + done)), l);
    done = (size_t)(nl - text) + 1;
  }
  return done;
}

void ledger_free(struct ledger *l) {
  for (size_t i = 0; i < l->len; i++)
    free(l->records[i].held), free(l->records[i].values), free(l->records[i].guards);
  free(l->records);
  free(l->processes);
  free(l->threads);
  free(l->signals);
  *l = (struct ledger){0};
}

unsigned long long ledger_base(const struct ledger *l, long pid) {
  const struct ledger_process *p = process(l, pid);
  return p ? p->base : 0;
}

unsigned long long ledger_offset(const struct ledger_record *r, unsigned long long address) {
  return address > r->base ? address - r->base : 0;
}

static void add_once(unsigned long long **list, size_t *n, unsigned long long offset) {
  for (size_t i = 0; i < *n; i++)
    if ((*list)[i] == offset)
      return;
  if (offset)
    *ARRAY_PUSH(*list, *n) = offset;
}

void ledger_offsets(const struct ledger *l, unsigned long long **code, size_t *ncode,
                    unsigned long long **data, size_t *ndata) {
  for (size_t i = 0; i < l->len; i++) {
    const struct ledger_record *r = &l->records[i];
    unsigned long long sites[] = {r->created, r->site, r->other_site, r->holder_created};
    for (size_t j = 0; j < sizeof sites / sizeof sites[0]; j++)
      add_once(code, ncode, ledger_offset(r, sites[j]));
    add_once(data, ndata, ledger_offset(r, r->object));
    for (size_t j = 0; j < r->nheld; j++) {
      add_once(code, ncode, ledger_offset(r, r->held[j].site));
      add_once(data, ndata, ledger_offset(r, r->held[j].lock));
    }
    for (size_t j = 0; j < r->nvalues; j++)
      add_once(data, ndata, ledger_offset(r, r->values[j].address));
  }
}

const struct ledger_record *ledger_latest(const struct ledger *l, long pid, long tid) {
  const struct ledger_thread_records *t = thread_records(l, pid, tid);
  return t && t->latest ? &l->records[t->latest - 1] : NULL;
}

const struct ledger_record *ledger_last_held(const struct ledger *l, long pid, long tid) {
  const struct ledger_thread_records *t = thread_records(l, pid, tid);
  return t && t->held ? &l->records[t->held - 1] : NULL;
}

const struct ledger_record *ledger_open_wait(const struct ledger *l, long pid, long tid) {
  const struct ledger_thread_records *t = thread_records(l, pid, tid);
  const struct ledger_record *r = t && t->wait ? &l->records[t->wait - 1] : NULL;
  return r && r->kind == LEDGER_BLOCK ? r : NULL;
}

enum ledger_signalled ledger_signals(const struct ledger *l, const struct ledger_record *wait,
                                     const struct ledger_record **signal) {
  *signal = NULL;
  if (!wait || wait->kind != LEDGER_BLOCK || !is_condition_wait(wait->call))
    return LEDGER_SIGNALS_UNKNOWN;
  size_t signals = 0;
  int after = 0;
  const struct ledger_record *last_before = NULL;
  for (size_t i = 0; i < l->nsignals; i++) {
    const struct ledger_record *r = &l->records[l->signals[i]];
    if (r->pid != wait->pid || r->object != wait->object)
      continue;
    signals++;
    if (r->waiters == LEDGER_WAITERS_UNKNOWN || r->epoch >= wait->epoch)
      after = 1; /* or not known to be before */
    else if (r->epoch + 1 == wait->epoch)
      last_before = r;
  }
  if (signals == 0)
    return LEDGER_NEVER_SIGNALLED;
  if (after || !last_before || last_before->waiters != LEDGER_NOBODY_WAITED)
    return LEDGER_SIGNALS_UNKNOWN;
  *signal = last_before;
  return LEDGER_SIGNALLED_BEFORE;
}
