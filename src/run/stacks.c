#include "stacks.h"

#include "child.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Run inside gdb's Python: one tab-separated line per thread, frame, creation site and
 * symbol. A frame is the program's own when its line info comes from the executable itself
 * (not from libc's debug files, not from the runtime, which has none). A symbol inside a
 * struct or an array is named down to the field ("acct.mu"), not into a pthread union. */
static const char GDB_SCRIPT[] =
    "python exec('''\n"
    "exe = gdb.current_progspace().filename\n"
    "for t in sorted(gdb.selected_inferior().threads(), key=lambda t: t.ptid[1]):\n"
    "  t.switch()\n"
    "  print('thread\\t%d' % t.ptid[1])\n"
    "  f = gdb.newest_frame()\n"
    "  while f is not None:\n"
    "    sal = f.find_sal()\n"
    "    st = sal.symtab\n"
    "    own = int(st is not None and st.objfile.filename == exe)\n"
    "    where = st.filename if st else ''\n"
    "    print('frame\\t%d\\t%s\\t%s\\t%d' % (own, f.name() or '?', where, sal.line))\n"
    "    f = f.older()\n"
    "try:\n"
    "  table = gdb.parse_and_eval('racecheck_thread_origins')\n"
    "  n = min(int(gdb.parse_and_eval('racecheck_thread_origin_count')),\n"
    "          table.type.range()[1] + 1)\n"
    "except gdb.error:\n"
    "  n = 0\n"
    "for i in range(n):\n"
    "  sal = gdb.find_pc_line(int(table[i]['created_from']) - 1)\n"
    "  where = sal.symtab.filename if sal.symtab else ''\n"
    "  print('origin\\t%d\\t%s\\t%d' % (int(table[i]['tid']), where, sal.line))\n"
    "def path(t, off):\n"
    "  t = t.strip_typedefs()\n"
    "  if t.code == gdb.TYPE_CODE_STRUCT:\n"
    "    for f in t.fields():\n"
    "      start = getattr(f, 'bitpos', 0) // 8\n"
    "      if f.name and start <= off < start + f.type.sizeof:\n"
    "        return '.' + f.name + path(f.type, off - start)\n"
    "  if t.code == gdb.TYPE_CODE_ARRAY and t.target().sizeof:\n"
    "    i = off // t.target().sizeof\n"
    "    return '[%d]' % i + path(t.target(), off - i * t.target().sizeof)\n"
    "  return ''\n"
    "for a in addrs:\n"
    "  s = gdb.execute('info symbol %d' % a, to_string=True)\n"
    "  if s.startswith('No symbol'):\n"
    "    continue\n"
    "  name, _, off = s.split(' in section ')[0].partition(' + ')\n"
    "  v = gdb.lookup_static_symbol(name) or gdb.lookup_global_symbol(name)\n"
    "  print('symbol\\t%d\\t%s' % (a, name + (path(v.type, int(off or 0)) if v else '')))\n"
    "''')";

enum { GDB_TIMEOUT_S = 20 };

static char *addresses_command(const unsigned long long *addrs, size_t n) {
  struct buf b = {0};
  buf_adds(&b, "python addrs = [");
  for (size_t i = 0; i < n; i++)
    buf_printf(&b, "%s%llu", i ? ", " : "", addrs[i]);
  buf_adds(&b, "]");
  return b.data;
}

/* gdb's command line, entering the sandbox's pid and mount namespaces when the program is
 * in one: there its pid is the one the view shows. */
static void gdb_command(const struct proc_view *view, char *const gdb_argv[], struct strlist *out) {
  if (view->enter) {
    strlist_push(out, xstrdup("nsenter"));
    strlist_push(out, xasprintf("--target=%d", (int)view->enter));
    if (getuid() != 0) /* a sandbox of one's own: its user namespace too */
      strlist_push(out, xstrdup("--user")), strlist_push(out, xstrdup("--preserve-credentials"));
    strlist_push(out, xstrdup("--pid"));
    strlist_push(out, xstrdup("--mount"));
    strlist_push(out, xstrdup("--"));
  }
  for (size_t i = 0; gdb_argv[i]; i++)
    strlist_push(out, xstrdup(gdb_argv[i]));
  strlist_push(out, NULL);
}

void stacks_take(const struct proc_view *view, pid_t tid, const char *gdb_path,
                 const unsigned long long *addrs, size_t naddrs, struct stacks *out) {
  char pid_text[32], exe_link[128], exe[4096];
  snprintf(pid_text, sizeof pid_text, "%d", (int)tid);
  /* named, not found through /proc/PID/exe: that is gone once the main thread has exited */
  snprintf(exe_link, sizeof exe_link, "%s/%d/exe", view->root, (int)tid);
  ssize_t exe_len = readlink(exe_link, exe, sizeof exe - 1);
  exe[exe_len > 0 ? exe_len : 0] = '\0';
  char *addrs_cmd = addresses_command(addrs, naddrs);
  /* libc's separate debug files would only slow gdb down (0.29 s against 0.12 s here) and
   * make stacks differ between machines that have them and machines that do not. */
  char *argv[] = {(char *)gdb_path,
                  "-nx",
                  "-batch",
                  "-iex",
                  "set debuginfod enabled off",
                  "-iex",
                  "set debug-file-directory /nonexistent",
                  exe,
                  "-p",
                  pid_text,
                  "-ex",
                  addrs_cmd,
                  "-ex",
                  (char *)GDB_SCRIPT,
                  NULL};
  static char *envp[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", NULL};
  struct strlist command = {0};
  gdb_command(view, argv, &command);
  struct child gdb = {
      .argv = command.items,
      .search_path = 1,
      .envp = envp,
      .timeout_s = GDB_TIMEOUT_S,
      .keep_bytes = 1 << 22,
  };
  *out = (struct stacks){.pid = tid};
  if (child_run(&gdb) != 0)
    out->error = xasprintf("%s could not be started: %s%s", gdb_path, strerror(gdb.start_errno),
                           gdb.start_errno == ENOENT ? " (run ./bootstrap to install gdb)" : "");
  else
    stacks_parse(gdb.out.data, gdb.out.len, out);
  if (!out->error && out->nthreads == 0) {
    size_t len = strcspn(buf_str(&gdb.err), "\n");
    out->error = xasprintf("%s printed no stacks%s%s%.*s", gdb_path,
                           gdb.end == CHILD_TIMEOUT ? " before its deadline" : "", len ? ": " : "",
                           (int)len, buf_str(&gdb.err));
  }
  child_free(&gdb);
  command.len--; /* the NULL */
  strlist_free(&command);
  free(addrs_cmd);
}

/* Splits "a\tb\tc" in place. */
static size_t split_tabs(char *line, char **fields, size_t max) {
  size_t n = 0;
  for (char *p = line; n < max; n++) {
    fields[n] = p;
    char *tab = strchr(p, '\t');
    if (!tab)
      return n + 1;
    *tab = '\0';
    p = tab + 1;
  }
  return n;
}

/* The shim racecheck links into the program is in its executable, but not its own code. */
static int is_shim_function(const char *func) {
  return starts_with(func, "__wrap_") || starts_with(func, "racecheck_");
}

#define GROW(array, count) ((array) = xrealloc((array), ((count) + 1) * sizeof *(array)))

static void parse_line(char *line, struct stacks *out) {
  char *f[6];
  size_t n = split_tabs(line, f, 6);
  if (n == 2 && strcmp(f[0], "thread") == 0) {
    GROW(out->threads, out->nthreads);
    out->threads[out->nthreads++] = (struct thread_stack){.tid = atol(f[1])};
  } else if (n == 5 && strcmp(f[0], "frame") == 0 && out->nthreads) {
    struct thread_stack *t = &out->threads[out->nthreads - 1];
    GROW(t->frames, t->nframes);
    t->frames[t->nframes++] = (struct stack_frame){
        .in_program = strcmp(f[1], "1") == 0 && !is_shim_function(f[2]),
        .func = xstrdup(f[2]),
        .file = xstrdup(path_basename(f[3])),
        .line = atoi(f[4]),
    };
  } else if (n == 4 && strcmp(f[0], "origin") == 0) {
    GROW(out->origins, out->norigins);
    out->origins[out->norigins++] = (struct thread_origin){
        .tid = atol(f[1]), .file = xstrdup(path_basename(f[2])), .line = atoi(f[3])};
  } else if (n == 3 && strcmp(f[0], "symbol") == 0) {
    GROW(out->symbols, out->nsymbols);
    out->symbols[out->nsymbols++] =
        (struct symbol_name){.addr = strtoull(f[1], NULL, 10), .name = xstrdup(f[2])};
  }
}

void stacks_parse(const char *text, size_t len, struct stacks *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  for (size_t i = 0; i < lines.len; i++)
    parse_line(lines.items[i], out);
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
  for (size_t i = 0; i < s->norigins; i++)
    free(s->origins[i].file);
  for (size_t i = 0; i < s->nsymbols; i++)
    free(s->symbols[i].name);
  free(s->threads);
  free(s->origins);
  free(s->symbols);
  free(s->error);
  *s = (struct stacks){0};
}

const struct thread_stack *stacks_thread(const struct stacks *s, long tid) {
  for (size_t i = 0; i < s->nthreads; i++)
    if (s->threads[i].tid == tid)
      return &s->threads[i];
  return NULL;
}

const struct thread_origin *stacks_origin(const struct stacks *s, long tid) {
  for (size_t i = 0; i < s->norigins; i++)
    if (s->origins[i].tid == tid && s->origins[i].line)
      return &s->origins[i];
  return NULL;
}

static const char *symbol_at(const struct stacks *s, unsigned long long addr) {
  for (size_t i = 0; i < s->nsymbols; i++)
    if (s->symbols[i].addr == addr)
      return s->symbols[i].name;
  return NULL;
}

/* The sanitizer runtimes are C++: their data has a namespace (__tsan::ctx_placeholder);
 * a C program's never does. */
int stacks_in_runtime(const struct stacks *s, unsigned long long addr) {
  const char *name = symbol_at(s, addr);
  return name &&
         (strstr(name, "::") || starts_with(name, "__tsan") || starts_with(name, "__sanitizer"));
}

const char *stacks_symbol(const struct stacks *s, unsigned long long addr) {
  return stacks_in_runtime(s, addr) ? NULL : symbol_at(s, addr);
}

size_t program_frame(const struct thread_stack *t) {
  size_t i = 0;
  while (i < t->nframes && !t->frames[i].in_program)
    i++;
  return i;
}

int is_runtime_thread(const struct thread_stack *t) {
  for (size_t i = 0; i < t->nframes; i++)
    if (strstr(t->frames[i].func, "__tsan::BackgroundThread"))
      return 1;
  return 0;
}
