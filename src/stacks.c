#include "stacks.h"

#include "child.h"
#include "normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run inside gdb: one line per thread and per frame, with whether the frame is the
 * program's own code (it has line info from the executable itself, not from libc). */
static const char GDB_SCRIPT[] =
    "python exec(\""
    "exe = gdb.current_progspace().filename\\n"
    "for t in sorted(gdb.selected_inferior().threads(), key=lambda t: t.ptid[1]):\\n"
    "  t.switch()\\n"
    "  print('thread\\\\t%d' % t.ptid[1])\\n"
    "  f = gdb.newest_frame()\\n"
    "  while f is not None:\\n"
    "    sal = f.find_sal()\\n"
    "    st = sal.symtab\\n"
    "    own = int(st is not None and st.objfile.filename == exe)\\n"
    "    name = f.name() or '?'\\n"
    "    print('frame\\\\t%d\\\\t%s\\\\t%s\\\\t%d' % (own, name, st.filename if st else '', "
    "sal.line))\\n"
    "    f = f.older()\\n"
    "\")";

enum { GDB_TIMEOUT_S = 20 };

void stacks_take(pid_t pid, struct stacks *out) {
  char pid_text[32];
  snprintf(pid_text, sizeof pid_text, "%d", (int)pid);
  char *argv[] = {"gdb",    "-nx", "-batch",           "-iex", "set debuginfod enabled off", "-p",
                  pid_text, "-ex", (char *)GDB_SCRIPT, NULL};
  static char *envp[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", NULL};
  struct child gdb = {
      .argv = argv,
      .search_path = 1,
      .envp = envp,
      .timeout_s = GDB_TIMEOUT_S,
      .keep_bytes = 1 << 20,
  };
  *out = (struct stacks){.pid = pid};
  if (child_run(&gdb) != 0)
    out->error = xasprintf("gdb could not be started: %s", strerror(gdb.start_errno));
  else
    stacks_parse(gdb.out.data, gdb.out.len, out);
  if (!out->error && out->nthreads == 0)
    out->error = xstrdup(gdb.end == CHILD_TIMEOUT ? "gdb timed out" : "gdb printed no stacks");
  child_free(&gdb);
}

static char *field(char **cursor) {
  char *start = *cursor;
  if (!start)
    return xstrdup("");
  char *tab = strchr(start, '\t');
  *cursor = tab ? tab + 1 : NULL;
  return xstrndup(start, tab ? (size_t)(tab - start) : strlen(start));
}

static void parse_frame(struct thread_stack *t, char *rest) {
  t->frames = xrealloc(t->frames, (t->nframes + 1) * sizeof *t->frames);
  struct stack_frame *f = &t->frames[t->nframes++];
  char *own = field(&rest);
  f->in_program = strcmp(own, "1") == 0;
  free(own);
  f->func = field(&rest);
  char *file = field(&rest);
  f->file = xstrdup(path_basename(file));
  free(file);
  char *line = field(&rest);
  f->line = atoi(line);
  free(line);
}

void stacks_parse(const char *text, size_t len, struct stacks *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  for (size_t i = 0; i < lines.len; i++) {
    char *line = lines.items[i];
    if (starts_with(line, "thread\t")) {
      out->threads = xrealloc(out->threads, (out->nthreads + 1) * sizeof *out->threads);
      out->threads[out->nthreads++] = (struct thread_stack){.tid = atol(line + 7)};
    } else if (starts_with(line, "frame\t") && out->nthreads) {
      parse_frame(&out->threads[out->nthreads - 1], line + 6);
    }
  }
  strlist_free(&lines);
}

void stacks_free(struct stacks *s) {
  for (size_t i = 0; i < s->nthreads; i++) {
    for (size_t j = 0; j < s->threads[i].nframes; j++) {
      free(s->threads[i].frames[j].func);
      free(s->threads[i].frames[j].file);
    }
    free(s->threads[i].frames);
  }
  free(s->threads);
  free(s->error);
  *s = (struct stacks){0};
}

static int is_runtime_thread(const struct thread_stack *t) {
  for (size_t i = 0; i < t->nframes; i++)
    if (strstr(t->frames[i].func, "__tsan::BackgroundThread"))
      return 1;
  return 0;
}

/* "main thread blocked in pthread_join" at the program's innermost frame. */
static void blocked_site(const struct stacks *s, const struct thread_stack *t, struct site *out) {
  size_t i = 0;
  while (i < t->nframes && !t->frames[i].in_program)
    i++;
  const char *who = t->tid == s->pid ? "main thread" : "thread";
  if (i == t->nframes) {
    out->what = xasprintf("%s blocked outside the program's code", who);
    return;
  }
  out->what = i > 0 ? xasprintf("%s blocked in %s", who, call_name(t->frames[i - 1].func))
                    : xasprintf("%s blocked", who);
  out->at.func = xstrdup(t->frames[i].func);
  out->at.file = xstrdup(t->frames[i].file);
  out->at.line = t->frames[i].line;
}

static int compare_sites(const void *a, const void *b) {
  const struct site *x = a, *y = b;
  int c = strcmp(x->what, y->what);
  if (c == 0 && x->at.func && y->at.func)
    c = strcmp(x->at.func, y->at.func);
  if (c == 0 && x->at.file && y->at.file)
    c = strcmp(x->at.file, y->at.file);
  return c ? c : x->at.line - y->at.line;
}

void deadlock_finding(const struct stacks *s, struct findings *out) {
  struct finding *f = findings_add(out);
  if (s->error) {
    f->kind = xstrdup("deadlock: every thread is blocked");
    finding_add_site(f)->what =
        xasprintf("no stacks: %s (run ./bootstrap to install gdb)", s->error);
    return;
  }
  for (int main_pass = 1; main_pass >= 0; main_pass--) { /* main first, then the others */
    for (size_t i = 0; i < s->nthreads; i++)
      if ((s->threads[i].tid == s->pid) == main_pass && !is_runtime_thread(&s->threads[i]))
        blocked_site(s, &s->threads[i], finding_add_site(f));
  }
  size_t others = f->nsites && starts_with(f->sites[0].what, "main ") ? 1 : 0;
  if (f->nsites > others)
    qsort(f->sites + others, f->nsites - others, sizeof *f->sites, compare_sites);
  f->kind = f->nsites == 1 ? xstrdup("deadlock: the only thread is asleep")
                           : xasprintf("deadlock: all %zu threads are asleep", f->nsites);
}
