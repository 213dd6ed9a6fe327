#include "json.h"

#include "picture.h"
#include "render.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* --- The writer --------------------------------------------------------------------- */

static void write_quoted(FILE *out, const char *value) {
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)value; *p;) {
    size_t n = utf8_char_length(p, 4); /* a NUL ends a sequence before it is passed */
    if (*p == '"' || *p == '\\')
      fprintf(out, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", out);
    else if (*p == '\t')
      fputs("\\t", out);
    else if (*p < 0x20 || *p == 0x7f)
      fprintf(out, "\\u%04x", *p);
    else if (n == 0)
      fputs("\\ufffd", out);
    else
      fwrite(p, 1, n, out);
    p += n ? n : 1;
  }
  fputc('"', out);
}

static void member(struct json *j, const char *key) {
  if (j->depth > 0 && j->need_comma[j->depth - 1])
    fputc(',', j->out);
  if (j->depth > 0)
    j->need_comma[j->depth - 1] = 1;
  if (key) {
    write_quoted(j->out, key);
    fputc(':', j->out);
  }
}

static void open_with(struct json *j, const char *key, char bracket) {
  member(j, key);
  fputc(bracket, j->out);
  if (j->depth < (int)sizeof j->need_comma)
    j->need_comma[j->depth] = 0;
  j->depth++;
}

void json_begin_object(struct json *j, const char *key) {
  open_with(j, key, '{');
}

void json_end_object(struct json *j) {
  j->depth--;
  fputc('}', j->out);
  if (j->depth == 0)
    fputc('\n', j->out);
}

void json_begin_array(struct json *j, const char *key) {
  open_with(j, key, '[');
}

void json_end_array(struct json *j) {
  j->depth--;
  fputc(']', j->out);
}

void json_string(struct json *j, const char *key, const char *value) {
  member(j, key);
  if (value)
    write_quoted(j->out, value);
  else
    fputs("null", j->out);
}

void json_int(struct json *j, const char *key, long value) {
  member(j, key);
  fprintf(j->out, "%ld", value);
}

void json_tenths(struct json *j, const char *key, double value) {
  member(j, key);
  fprintf(j->out, "%.1f", value);
}

void json_number(struct json *j, const char *key, double value) {
  member(j, key);
  fprintf(j->out, "%.6g", value);
}

void json_bool(struct json *j, const char *key, int value) {
  member(j, key);
  fputs(value ? "true" : "false", j->out);
}

static void json_owned(struct json *j, const char *key, char *value) {
  json_string(j, key, value);
  free(value);
}

/* --- The model ---------------------------------------------------------------------- */

static const char *const LOCATION_KINDS[] = {
    [LOCATION_NONE] = "none",   [LOCATION_GLOBAL] = "global", [LOCATION_HEAP] = "heap",
    [LOCATION_STACK] = "stack", [LOCATION_TLS] = "tls",       [LOCATION_FD] = "fd",
    [LOCATION_OTHER] = "other",
};
static const char *const EVENT_KINDS[] = {
    [EVENT_AT] = "at",         [EVENT_ALSO_AT] = "also_at",   [EVENT_HANDLER] = "handler",
    [EVENT_LOCKED] = "locked", [EVENT_UNLOCKED] = "unlocked", [EVENT_LABELED] = "labeled",
    [EVENT_EXITED] = "exited", [EVENT_RELOCKED] = "relocked",
};
static const char *const THREAD_NAMINGS[] = {
    [THREAD_UNKNOWN] = "unknown",
    [THREAD_MAIN] = "main",
    [THREAD_CREATED_AT] = "created_at",
    [THREAD_STARTED_IN] = "started_in",
};
static const char *const WAIT_STATES[] = {
    [WAIT_BLOCKED] = "blocked", [WAIT_RUNNING] = "running", [WAIT_SLEEPING] = "sleeping"};
static const char *const SIGNALS_SEEN[] = {
    [SIGNAL_UNKNOWN] = "unknown", [SIGNAL_BEFORE_WAIT] = "before_wait", [SIGNAL_NEVER] = "never"};
static const char *const OWNER_KINDS[] = {[OWNER_NONE] = "none",
                                          [OWNER_UNRECORDED] = "unrecorded",
                                          [OWNER_SELF] = "self",
                                          [OWNER_THREAD] = "thread"};

static void json_frame(struct json *j, const char *key, const struct frame *fr) {
  json_begin_object(j, key);
  json_string(j, "function", fr->func);
  json_string(j, "file", fr->file);
  json_int(j, "line", fr->line);
  if (fr->column)
    json_int(j, "column", fr->column);
  if (!fr->func && !fr->file && fr->address)
    json_owned(j, "address", xasprintf("0x%llx", fr->address));
  json_end_object(j);
}

/* A stack as its innermost place, its program frames, and the runtime call it made. */
static void json_stack(struct json *j, const struct stack *s) {
  json_string(j, "call", s->call);
  json_bool(j, "stack_lost", s->lost);
  json_bool(j, "unsymbolized", s->unsymbolized);
  json_begin_array(j, "stack");
  for (size_t i = 0; i < s->len; i++)
    json_frame(j, NULL, &s->frames[i]);
  json_end_array(j);
}

static void json_thread_name(struct json *j, const char *key, const struct thread_name *n) {
  struct buf text = {0};
  render_thread_name(&text, n);
  json_begin_object(j, key);
  json_string(j, "naming", THREAD_NAMINGS[n->naming]);
  json_string(j, "text", text.data);
  json_string(j, "file", n->at.file);
  json_int(j, "line", n->at.line);
  json_string(j, "function", n->at.func);
  json_string(j, "label", n->label);
  json_int(j, "number", n->ordinal);
  json_end_object(j);
  buf_free(&text);
}

static void json_access(struct json *j, const struct report *r, const struct access *a) {
  json_begin_object(j, NULL);
  json_string(j, "op", a->op == ACCESS_WRITE ? "write" : "read");
  json_int(j, "size", a->size);
  json_bool(j, "atomic", a->atomic);
  json_string(j, "tag", a->tag);
  json_thread_name(j, "thread", &a->by);
  json_begin_array(j, "mutexes_held");
  for (size_t i = 0; i < a->nheld; i++)
    json_owned(j, NULL, render_mutex_name(r, a->held[i].id));
  json_end_array(j);
  json_begin_array(j, "held_for_reading");
  for (size_t i = 0; i < a->nheld; i++)
    if (!a->held[i].write)
      json_owned(j, NULL, render_mutex_name(r, a->held[i].id));
  json_end_array(j);
  json_stack(j, &a->stack);
  json_end_object(j);
}

static void json_location(struct json *j, const struct location *l) {
  if (l->kind == LOCATION_NONE) {
    json_string(j, "location", NULL);
    return;
  }
  json_begin_object(j, "location");
  json_string(j, "kind", LOCATION_KINDS[l->kind]);
  json_string(j, "name", l->name);
  json_int(j, "size", l->size);
  if (l->kind == LOCATION_FD)
    json_int(j, "fd", l->fd);
  if (l->thread != NO_ID)
    json_thread_name(j, "owner", &l->owner);
  json_stack(j, &l->stack);
  json_end_object(j);
}

static void json_mutexes(struct json *j, const struct report *r) {
  json_begin_array(j, "mutexes");
  for (size_t i = 0; i < r->nmutexes; i++) {
    json_begin_object(j, NULL);
    json_owned(j, "name", render_mutex_name(r, r->mutexes[i].id));
    json_string(j, "variable", r->mutexes[i].variable);
    json_bool(j, "destroyed", r->mutexes[i].destroyed);
    json_stack(j, &r->mutexes[i].created);
    json_end_object(j);
  }
  json_end_array(j);
}

static void json_lock_order(struct json *j, const struct report *r) {
  json_begin_array(j, "cycle");
  for (size_t i = 0; i < r->ncycle; i++)
    json_owned(j, NULL, render_mutex_name(r, r->cycle[i]));
  json_end_array(j);
  json_begin_array(j, "edges");
  for (size_t i = 0; i < r->nedges; i++) {
    const struct lock_edge *e = &r->edges[i];
    json_begin_object(j, NULL);
    json_owned(j, "mutex", render_mutex_name(r, e->mutex));
    json_owned(j, "held", render_mutex_name(r, e->held));
    json_thread_name(j, "thread", &e->by);
    json_begin_object(j, "acquired");
    json_stack(j, &e->acquired);
    json_end_object(j);
    json_begin_object(j, "earlier");
    json_stack(j, &e->earlier);
    json_end_object(j);
    json_end_object(j);
  }
  json_end_array(j);
}

static void json_events(struct json *j, const struct report *r) {
  json_begin_array(j, "events");
  for (size_t i = 0; i < r->nevents; i++) {
    const struct event *e = &r->events[i];
    json_begin_object(j, NULL);
    json_string(j, "kind", EVENT_KINDS[e->kind]);
    json_string(j, "label", e->label);
    if (e->kind == EVENT_HANDLER)
      json_int(j, "signal", e->number);
    json_stack(j, &e->stack);
    json_end_object(j);
  }
  json_end_array(j);
}

static void json_threads(struct json *j, const struct report *r) {
  json_begin_array(j, "threads");
  for (size_t i = 0; i < r->nthreads; i++) {
    json_begin_object(j, NULL);
    json_thread_name(j, "name", &r->threads[i].name);
    json_stack(j, &r->threads[i].created);
    json_end_object(j);
  }
  json_end_array(j);
}

static void json_waiter(struct json *j, const struct waiter *w) {
  json_begin_object(j, NULL);
  json_thread_name(j, "thread", &w->who);
  json_string(j, "state", WAIT_STATES[w->state]);
  json_string(j, "call", w->call);
  json_string(j, "object", w->object);
  json_frame(j, "at", &w->at);
  if (w->joins)
    json_thread_name(j, "waits_for", &w->target);
  json_string(j, "owner", OWNER_KINDS[w->owner]);
  if (w->owner == OWNER_THREAD) {
    json_thread_name(j, "owner_thread", &w->owner_name);
    json_bool(j, "owner_exited", w->owner_exited);
  }
  if (w->owner_locked_at.file)
    json_frame(j, "owner_locked_at", &w->owner_locked_at);
  if (w->owner_exited_at.file)
    json_frame(j, "owner_exited_at", &w->owner_exited_at);
  json_bool(j, "owner_did_not_lock", w->owner_did_not_lock);
  json_bool(j, "deadline", w->deadline);
  json_string(j, "signalled", SIGNALS_SEEN[w->signalled]);
  if (w->signalled == SIGNAL_BEFORE_WAIT) {
    json_frame(j, "signalled_at", &w->signalled_at);
    json_thread_name(j, "signaller", &w->signaller);
  }
  json_end_object(j);
}

/* What `show` says under the finding: why nothing ordered a race's accesses, what it means,
 * and the usual fix, chosen from what the run showed. */
static void json_explanation(struct json *j, const struct report *r) {
  const struct explanation *e = explain_report(r, j->source, j->source_ctx);
  int race = (r->kind == REPORT_DATA_RACE || r->kind == REPORT_MEMORY_ERROR) && r->naccesses == 2;
  json_begin_object(j, "explanation");
  json_string(j, "cause", race ? race_verdict(r) : NULL);
  json_string(j, "means", e->means);
  json_string(j, "fix", e->fix);
  json_end_object(j);
}

static void json_finding(struct json *j, const struct finding *f) {
  const struct report *r = &f->report;
  json_begin_object(j, NULL);
  json_string(j, "kind", report_kind_name(r->kind));
  json_string(j, "title", r->title);
  json_string(j, "text", f->text);
  json_location(j, &r->location);
  json_begin_array(j, "accesses");
  for (size_t i = 0; i < r->naccesses; i++)
    json_access(j, r, &r->accesses[i]);
  json_end_array(j);
  json_mutexes(j, r);
  json_lock_order(j, r);
  json_events(j, r);
  json_threads(j, r);
  json_begin_array(j, "waiters");
  for (size_t i = 0; i < r->nwaiters; i++)
    json_waiter(j, &r->waiters[i]);
  json_end_array(j);
  json_begin_array(j, "notes");
  for (size_t i = 0; i < r->notes.len; i++)
    json_string(j, NULL, r->notes.items[i]);
  json_end_array(j);
  json_int(j, "more", r->more);
  if (r->kind == REPORT_HELD_TOO_LONG)
    json_int(j, "threshold_ms", r->threshold_ms);
  json_string(j, "no_stacks", r->no_stacks);
  json_string(j, "lock", r->lock_name);
  json_string(j, "gate", r->gate);
  json_string(j, "checker", r->checker);
  json_explanation(j, r);
  json_end_object(j);
}

static const char *const ENDINGS[] = {[CHILD_EXITED] = "exited",
                                      [CHILD_SIGNALED] = "signaled",
                                      [CHILD_HUNG] = "hung",
                                      [CHILD_TIMEOUT] = "timeout",
                                      [CHILD_NOT_STARTED] = "not_run"};

void json_run(struct json *j, const char *key, const struct run_findings *f) {
  json_begin_object(j, key);
  json_begin_object(j, "outcome");
  json_string(j, "ended", ENDINGS[f->end]);
  json_int(j, "status", f->status);
  json_owned(j, "text", run_outcome(f));
  json_end_object(j);
  json_begin_array(j, "stdout");
  for (size_t i = 0; i < f->stdout_lines.len; i++)
    json_string(j, NULL, f->stdout_lines.items[i] + strlen("stdout: "));
  json_end_array(j);
  json_begin_array(j, "notes");
  for (size_t i = 0; i < f->notes.len; i++)
    json_string(j, NULL, f->notes.items[i]);
  json_end_array(j);
  json_begin_array(j, "findings");
  for (size_t i = 0; i < f->findings.len; i++)
    json_finding(j, &f->findings.items[i]);
  json_end_array(j);
  json_string(j, "environment", f->environment);
  json_string(j, "detector_crash", f->detector_crash);
  struct strlist words = {0};
  explain_jargon(f, &words);
  json_begin_array(j, "plain_words");
  for (size_t i = 0; i < words.len; i++)
    json_string(j, NULL, words.items[i]);
  json_end_array(j);
  strlist_free(&words);
  int clean = f->findings.len == 0 && f->end == CHILD_EXITED;
  json_string(j, "clean_run", clean ? CLEAN_RUN : NULL);
  json_end_object(j);
}
