#include "build_program.h"

#include "child.h"
#include "sandbox.h"
#include "term.h"
#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* -O0: at -O1 a lazily set global can be split by the optimiser and reported under a name
 * of its own making ('instance.init'), and accesses move off their lines. The --wrap list is
 * rules.ninja's shim_ldflags: every call the shim's thread origins, lock ledger and
 * scheduler see. */
const char SHIM_LINK_FLAGS[] =
    "-Wl,--wrap=pthread_create,--wrap=pthread_join,--wrap=pthread_detach,--wrap=pthread_exit,"
    "--wrap=pthread_mutex_lock,--wrap=pthread_mutex_trylock,--wrap=pthread_mutex_timedlock,"
    "--wrap=pthread_mutex_unlock,--wrap=pthread_rwlock_rdlock,--wrap=pthread_rwlock_wrlock,"
    "--wrap=pthread_rwlock_tryrdlock,--wrap=pthread_rwlock_trywrlock,"
    "--wrap=pthread_rwlock_timedrdlock,--wrap=pthread_rwlock_timedwrlock,"
    "--wrap=pthread_rwlock_unlock,--wrap=pthread_cond_wait,--wrap=pthread_cond_timedwait,"
    "--wrap=mtx_lock,--wrap=mtx_trylock,--wrap=mtx_timedlock,--wrap=mtx_unlock,"
    "--wrap=cnd_wait,--wrap=cnd_timedwait,--wrap=__tsan_func_exit,--wrap=sleep,--wrap=usleep,"
    "--wrap=nanosleep,--wrap=__tsan_read1,--wrap=__tsan_read2,--wrap=__tsan_read4,"
    "--wrap=__tsan_read8,--wrap=__tsan_read16,--wrap=__tsan_write1,--wrap=__tsan_write2,"
    "--wrap=__tsan_write4,--wrap=__tsan_write8,--wrap=__tsan_write16,"
    "--wrap=__tsan_atomic32_load,--wrap=__tsan_atomic64_load,--wrap=__tsan_atomic32_store,"
    "--wrap=__tsan_atomic64_store,--wrap=__tsan_atomic32_fetch_add,"
    "--wrap=__tsan_atomic64_fetch_add,--wrap=__tsan_atomic32_fetch_sub,"
    "--wrap=__tsan_atomic64_fetch_sub,--wrap=__tsan_atomic32_compare_exchange_val,"
    "--wrap=__tsan_atomic64_compare_exchange_val,--wrap=__tsan_atomic32_compare_exchange_strong,"
    "--wrap=__tsan_atomic64_compare_exchange_strong,--wrap=__tsan_atomic32_compare_exchange_weak,"
    "--wrap=__tsan_atomic64_compare_exchange_weak,--wrap=pthread_cond_signal,"
    "--wrap=pthread_cond_broadcast,--wrap=cnd_signal,--wrap=cnd_broadcast,--wrap=sched_yield,"
    "--wrap=close,--wrap=read,--wrap=readv,--wrap=write,--wrap=writev,--wrap=recv,"
    "--wrap=recvfrom,--wrap=recvmsg,--wrap=send,--wrap=sendto,--wrap=sendmsg,--wrap=accept,"
    "--wrap=accept4,--wrap=poll,--wrap=exit,--wrap=main";
static const char *const FLAGS[] = {"-g", "-O0", "-fno-omit-frame-pointer", "-pthread",
                                    SHIM_LINK_FLAGS};
const char *const TSAN_BUILD_FLAGS[] = {"-fsanitize=thread", "-g", "-fno-omit-frame-pointer",
                                        "-pthread", NULL};
/* What the shim's one object keeps global: the wrappers the linker's --wrap calls. */
static const char SHIM_GLOBALS[] = "--keep-global-symbol=__wrap_*";

static const char *const SHIM_FILES[] = {"thread_origins.c", "lock_ledger.c", "scheduler.c",
                                         "sched_points.c", "fork_server.c"};

/* The shim's folder, in the project racecheck was built in: the first folder above the
 * racecheck binary (build/racecheck, build/asan/racecheck) that holds shim/. */
static char *shim_folder(void) {
  char *dir = realpath("/proc/self/exe", NULL);
  for (int up = 0; dir && up < 4; up++) {
    *(char *)path_basename(dir) = '\0'; /* "/p/build/racecheck" -> "/p/build/" */
    char *shim = xasprintf("%sshim/", dir);
    char *first = xasprintf("%s%s", shim, SHIM_FILES[0]);
    int found = access(first, R_OK) == 0;
    free(first);
    if (found) {
      free(dir);
      return shim;
    }
    free(shim);
    size_t len = strlen(dir);
    if (len > 1)
      dir[len - 1] = '\0'; /* "/p/build/" -> "/p/build", whose folder is next */
  }
  free(dir);
  return NULL;
}

static uint64_t fnv1a(uint64_t h, const char *data, size_t len) {
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)data[i]) * 1099511628211u;
  return h;
}

static int hash_file(uint64_t *h, const char *path) {
  struct buf text = {0};
  int ok = read_file(path, &text);
  *h = fnv1a(*h, path_basename(path), strlen(path_basename(path)) + 1);
  *h = fnv1a(*h, buf_str(&text), text.len);
  buf_free(&text);
  return ok ? 0 : -1;
}

/* text with every `from` in it made `to`. */
static char *replaced(const char *text, const char *from, const char *to) {
  struct buf out = {0};
  size_t n = strlen(from);
  for (const char *at; n > 0 && (at = strstr(text, from)); text = at + n) {
    buf_add(&out, text, (size_t)(at - text));
    buf_adds(&out, to);
  }
  buf_adds(&out, text);
  return out.data ? out.data : xstrdup("");
}

/* A sandbox's private folder (random, XXXXXX) stands as "@" where a key or a kept list of
 * headers names it, so the same build in another sandbox has the same key. */
#define SANDBOX_WORK "@"

static const char *work_of(const struct build_flavour *f) {
  return f->sandbox ? f->sandbox->work : NULL;
}

/* Every header in a sandbox's private folder, by name and bytes: what the submission's side
 * offers the compiler, found or not by a search path or __has_include. */
static uint64_t hash_work_headers(uint64_t h, const char *work) {
  struct strlist names = {0};
  DIR *d = opendir(work);
  for (struct dirent *e; d && (e = readdir(d));)
    if (e->d_name[0] != '.' && ends_with(e->d_name, ".h"))
      strlist_push(&names, xasprintf("%s/%s", work, e->d_name));
  if (d)
    closedir(d);
  strlist_sort(&names);
  for (size_t i = 0; i < names.len; i++)
    if (hash_file(&h, names.items[i]) != 0)
      h = fnv1a(h, "(unreadable)", 12);
  strlist_free(&names);
  return h;
}

/* The compiler's flags for a flavour of build, NULL-terminated; free the array and its
 * strings with flags_free. */
static char **flags_of(const struct build_flavour *f) {
  struct strlist flags = {0};
  for (size_t i = 0; i < sizeof FLAGS / sizeof *FLAGS; i++)
    strlist_push(&flags, xstrdup(FLAGS[i]));
  /* after -g, which would choose DWARF 5 again: valgrind 3.19 reads DWARF 4 */
  strlist_push(&flags, xstrdup(f->for_valgrind ? "-gdwarf-4" : "-fsanitize=thread"));
  if (f->include_dir)
    strlist_push(&flags, xasprintf("-idirafter%s", f->include_dir));
  for (size_t i = 0; f->compile_flags && i < f->compile_flags->len; i++)
    strlist_push(&flags, xstrdup(f->compile_flags->items[i]));
  strlist_push(&flags, NULL);
  return flags.items;
}

static void flags_free(char **flags) {
  for (char **p = flags; *p; p++)
    free(*p);
  free(flags);
}

/* Which clang the PATH names: its real path, size and time, so that another compiler (an
 * upgrade) builds again. */
static uint64_t compiler_identity(uint64_t h) {
  const char *path = getenv("PATH");
  struct strlist dirs = {0};
  split_words(path ? path : "/usr/bin:/bin", ":", &dirs);
  for (size_t i = 0; i < dirs.len; i++) {
    char *candidate = xasprintf("%s/clang", dirs.items[i]);
    char *real = realpath(candidate, NULL);
    struct stat st;
    int found = real && stat(real, &st) == 0;
    if (found) {
      h = fnv1a(h, real, strlen(real) + 1);
      h = fnv1a(h, (const char *)&st.st_size, sizeof st.st_size);
      h = fnv1a(h, (const char *)&st.st_mtime, sizeof st.st_mtime);
    }
    free(candidate), free(real);
    if (found)
      break;
  }
  strlist_free(&dirs);
  return h;
}

/* The cache key: every flag, each source's name and bytes, the shim's files and headers,
 * the compiler; the headers the sources read key the program inside its entry. */
/* A source's name and bytes, read as read_source reads it: no FIFO, device or huge file. */
static int hash_source(uint64_t *h, const char *path, char **error) {
  struct buf text = {0};
  int ok = read_source(path, SOURCE_LIMIT, &text, error);
  *h = fnv1a(*h, path_basename(path), strlen(path_basename(path)) + 1);
  *h = fnv1a(*h, buf_str(&text), text.len);
  buf_free(&text);
  return ok ? 0 : -1;
}

static int build_key(char *const *sources, size_t n, const char *shim, char **flags,
                     const struct strlist *link_flags, const char *work, uint64_t *key,
                     char **error) {
  uint64_t h = compiler_identity(14695981039346656037u);
  for (char **p = flags; *p; p++) {
    char *flag = work ? replaced(*p, work, SANDBOX_WORK) : xstrdup(*p);
    h = fnv1a(h, flag, strlen(flag) + 1);
    free(flag);
  }
  if (work)
    h = hash_work_headers(h, work);
  h = fnv1a(h, SHIM_GLOBALS, sizeof SHIM_GLOBALS); /* how the shim is linked in */
  h = fnv1a(h, "", 1);                             /* the linker's flags are not the compiler's */
  for (size_t i = 0; link_flags && i < link_flags->len; i++)
    h = fnv1a(h, link_flags->items[i], strlen(link_flags->items[i]) + 1);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = hash_source(&h, sources[i], error);
  for (size_t i = 0; i < sizeof SHIM_FILES / sizeof *SHIM_FILES; i++) {
    char *path = xasprintf("%s%s", shim, SHIM_FILES[i]);
    rc |= hash_file(&h, path);
    free(path);
  }
  static const char *const headers[] = {"lock_ledger.h", "scheduler.h", "fork_server.h",
                                        "watch_filter.h"};
  for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
    char *header = xasprintf("%s%s", shim, headers[i]);
    hash_file(&h, header); /* a header the shim's files include */
    free(header);
  }
  *key = h;
  return rc;
}

/* The compiler's limits: a macro bomb must not take the machine's memory or time. */
enum { COMPILE_TIMEOUT_S = 60 };
static const long COMPILE_ADDRESS_SPACE = 4L << 30;

/* Runs a compiler command, inside the sandbox if one is given; returns 0, or -1 with its
 * words in *error. */
static int compile(char **argv, const struct sandbox *sandbox, char **error) {
  struct child c = {.argv = argv,
                    .search_path = 1,
                    .envp = environ,
                    .timeout_s = COMPILE_TIMEOUT_S,
                    .keep_bytes = 1 << 20,
                    .max_address_space = COMPILE_ADDRESS_SPACE,
                    .sandbox = sandbox};
  if (child_run(&c) != 0) {
    *error = xasprintf("cannot run %s: %s (./bootstrap installs clang)", argv[0],
                       strerror(c.start_errno));
    child_free(&c);
    return -1;
  }
  int ok = c.end == CHILD_EXITED && c.status == 0;
  if (!ok && c.end == CHILD_TIMEOUT)
    *error =
        xasprintf("%s could not build it in %d s, and was stopped", argv[0], COMPILE_TIMEOUT_S);
  else if (!ok) { /* the compiler quotes the source, whose bytes the learner chose */
    struct buf words = {0};
    buf_printf(&words, "%s could not build it%s:", argv[0],
               c.end == CHILD_SIGNALED ? " within its memory limit" : "");
    struct strlist lines = {0};
    split_lines_by(c.out.data, c.out.len, term_escape, &lines);
    split_lines_by(c.err.data, c.err.len, term_escape, &lines);
    for (size_t i = 0; i < lines.len; i++)
      buf_printf(&words, "\n%s", lines.items[i]);
    strlist_free(&lines);
    *error = words.data;
  }
  child_free(&c);
  return ok ? 0 : -1;
}

/* Compiles the shim's file i, without TSan, into object. */
static int compile_shim(const char *shim, size_t i, const char *object,
                        const struct sandbox *sandbox, char **error) {
  char *source = xasprintf("%s%s", shim, SHIM_FILES[i]);
  char *argv[] = {"clang", "-std=c17", "-gdwarf-4", "-O1",          "-foptimize-sibling-calls",
                  "-c",    source,     "-o",        (char *)object, NULL};
  int rc = compile(argv, sandbox, error);
  free(source);
  return rc;
}

/* The shim's files, compiled, into one object `out` whose only global names are its
 * wrappers: a program cannot call the ledger's functions, read its tables or define a name
 * of the shim's to replace it (it gets a name of its own), so it cannot forge what the shim
 * counts that way. Undefined names (the __real_ calls) stay global. */
static int shim_in_one(const char *out, char *const objects[], size_t nobjects,
                       const struct sandbox *sandbox, char **error) {
  char **argv = xmalloc((nobjects + 5) * sizeof *argv);
  size_t k = 0;
  argv[k++] = "clang";
  argv[k++] = "-r";
  argv[k++] = "-o";
  argv[k++] = (char *)out;
  for (size_t i = 0; i < nobjects; i++)
    argv[k++] = objects[i];
  argv[k] = NULL;
  char *localize[] = {"objcopy", "--wildcard", (char *)SHIM_GLOBALS, (char *)out, NULL};
  int rc = compile(argv, sandbox, error);
  if (rc == 0)
    rc = compile(localize, sandbox, error);
  free(argv);
  return rc;
}

/* The shim's files without TSan, then the sources with TSan, into `out`. */
static int build_into(char *const *sources, size_t n, const char *shim, char **flags,
                      const struct build_flavour *flavour, const char *out, char **error) {
  enum { NSHIM = sizeof SHIM_FILES / sizeof *SHIM_FILES };
  char *objects[NSHIM];
  char *shim_object = xasprintf("%s.shim.o", out);
  int rc = 0;
  for (size_t i = 0; i < NSHIM; i++) {
    objects[i] = xasprintf("%s.shim%zu.o", out, i);
    if (rc == 0)
      rc = compile_shim(shim, i, objects[i], flavour->sandbox, error);
  }
  if (rc == 0)
    rc = shim_in_one(shim_object, objects, NSHIM, flavour->sandbox, error);
  size_t nflags = 0;
  while (flags[nflags])
    nflags++;
  size_t nlink = flavour->link_flags ? flavour->link_flags->len : 0;
  char **argv = xmalloc((nflags + n + nlink + 8) * sizeof *argv);
  char *depfile = xasprintf("%s.d", out);
  size_t k = 0;
  argv[k++] = "clang";
  argv[k++] = "-MD"; /* every header it reads, for the cache's key */
  argv[k++] = "-MF";
  argv[k++] = depfile;
  for (size_t i = 0; i < nflags; i++)
    argv[k++] = flags[i];
  for (size_t i = 0; i < n; i++)
    argv[k++] = sources[i];
  argv[k++] = shim_object;
  for (size_t i = 0; i < nlink; i++)
    argv[k++] = flavour->link_flags->items[i];
  argv[k++] = "-o";
  argv[k++] = (char *)out;
  argv[k] = NULL;
  if (rc == 0)
    rc = compile(argv, flavour->sandbox, error);
  for (size_t i = 0; i < NSHIM; i++) {
    unlink(objects[i]);
    free(objects[i]);
  }
  unlink(shim_object);
  free(shim_object);
  free(argv);
  free(depfile);
  return rc;
}

/* The headers a build read, from the compiler's depfile ("out: a.c b.h \\\n c.h"), one a
 * line; the sources themselves are keyed already. */
static char *headers_read(const char *depfile, char *const *sources, size_t n) {
  struct buf text = {0}, out = {0};
  read_file(depfile, &text);
  struct strlist words = {0};
  split_words(buf_str(&text), " \t\n\\", &words);
  for (size_t i = 1; i < words.len; i++) { /* the first is the target */
    int source = 0;
    for (size_t k = 0; k < n; k++)
      source |= strcmp(words.items[i], sources[k]) == 0;
    if (!source)
      buf_printf(&out, "%s\n", words.items[i]);
  }
  strlist_free(&words);
  buf_free(&text);
  return out.data ? out.data : xstrdup("");
}

/* The key of what the headers hold now: each one's name and bytes, one a line of `list`. */
static uint64_t headers_key(const char *list) {
  uint64_t h = 14695981039346656037u;
  struct strlist paths = {0};
  split_words(list, "\n", &paths);
  for (size_t i = 0; i < paths.len; i++)
    if (hash_file(&h, paths.items[i]) != 0)
      h = fnv1a(h, "(missing)", 9);
  strlist_free(&paths);
  return h;
}

/* ENTRY/HEADERS_KEY/NAME, where the program is kept for headers that hold what they do now. */
static char *program_path(const char *entry, const char *headers, const char *name) {
  return xasprintf("%s/%016llx/%s", entry, (unsigned long long)headers_key(headers), name);
}

/* A program kept in the entry for the same headers, as they read now (in the sandbox's
 * folder `work`, if one, for those kept as in "@"); or NULL. */
static char *cached(const char *entry, const char *name, const char *work) {
  char *deps = xasprintf("%s/headers", entry);
  struct buf list = {0};
  char *headers = NULL;
  if (read_file(deps, &list)) {
    char *in_work = xasprintf("%s/", work ? work : "");
    headers = work ? replaced(buf_str(&list), SANDBOX_WORK "/", in_work) : xstrdup(buf_str(&list));
    free(in_work);
  }
  char *program = headers ? program_path(entry, headers, name) : NULL;
  free(headers);
  if (program && access(program, X_OK) != 0) {
    free(program);
    program = NULL;
  }
  buf_free(&list);
  free(deps);
  return program;
}

/* Builds into the entry, then keeps the program under the key of the headers it read. */
static char *build_entry(char *const *sources, size_t n, const char *shim, char **flags,
                         const struct build_flavour *flavour, const char *entry, const char *name,
                         char **error) {
  char *partial = xasprintf("%s/%s.building.%ld", entry, name, (long)getpid());
  char *depfile = xasprintf("%s.d", partial), *program = NULL;
  if (!make_dirs(entry) || (flavour->sandbox && (sandbox_give(flavour->sandbox, entry), 0))) {
    *error = xasprintf("cannot make %s: %s", entry, strerror(errno));
  } else if (build_into(sources, n, shim, flags, flavour, partial, error) == 0) {
    char *headers = headers_read(depfile, sources, n), *list = xasprintf("%s/headers", entry);
    char *work = xasprintf("%s/", work_of(flavour) ? work_of(flavour) : "");
    char *kept = work_of(flavour) ? replaced(headers, work, SANDBOX_WORK "/") : xstrdup(headers);
    program = program_path(entry, headers, name);
    char *dir = xstrndup(program, (size_t)(path_basename(program) - program));
    free(work);
    if (!make_dirs(dir) || rename(partial, program) != 0 || !write_file(list, kept, strlen(kept))) {
      *error = xasprintf("cannot keep %s: %s", program, strerror(errno));
      free(program);
      program = NULL;
    }
    free(headers), free(kept), free(list), free(dir);
  }
  unlink(partial), unlink(depfile);
  free(partial), free(depfile);
  return program;
}

/* Copies a program from one entry of a cache to the same place in another: ENTRY/KEY/NAME.
 * The copy is racecheck's, whoever may write the folder it is in. */
static char *copy_program(const char *from_entry, const char *program, const char *to_entry) {
  char *copy = xasprintf("%s%s", to_entry, program + strlen(from_entry));
  char *dir = xstrndup(copy, (size_t)(path_basename(copy) - copy));
  struct buf bytes = {0};
  int ok = make_dirs(dir) && read_file(program, &bytes) &&
           write_file(copy, buf_str(&bytes), bytes.len) && chmod(copy, 0755) == 0;
  buf_free(&bytes);
  free(dir);
  if (!ok) {
    free(copy);
    return NULL;
  }
  return copy;
}

/* The program the shared cache keeps for this build, copied into the sandbox's entry (the
 * shared cache is hidden from it); or NULL. */
static char *from_shared(const char *shared, const char *entry, const char *name,
                         const char *work) {
  char *kept = cached(shared, name, work);
  char *copy = kept ? copy_program(shared, kept, entry) : NULL;
  free(kept);
  return copy;
}

/* A sandbox's build, made before anything of the submission ran, kept in the shared cache
 * for the next try of the same inputs: the program, then the headers it read. A cache that
 * cannot be written costs the next try a build, nothing else. */
static void to_shared(const char *entry, const char *program, const char *shared) {
  char *copy = copy_program(entry, program, shared);
  char *list = xasprintf("%s/headers", entry), *kept_list = xasprintf("%s/headers", shared);
  struct buf headers = {0};
  if (copy && read_file(list, &headers))
    write_file(kept_list, buf_str(&headers), headers.len);
  buf_free(&headers);
  free(copy), free(list), free(kept_list);
}

char *build_program_as(char *const *sources, size_t n, const char *cache_dir,
                       const struct build_flavour *flavour, char **error) {
  char *shim = shim_folder();
  char **flags = flags_of(flavour);
  uint64_t key;
  if (!shim ||
      build_key(sources, n, shim, flags, flavour->link_flags, work_of(flavour), &key, error) != 0) {
    if (!*error)
      *error = shim ? xasprintf("cannot read the shim: %s", strerror(errno))
                    : xstrdup("cannot find shim/ above racecheck's build folder");
    free(shim);
    flags_free(flags);
    return NULL;
  }
  char *entry = xasprintf("%s/%016llx", cache_dir, (unsigned long long)key);
  char *shared = flavour->shared_cache && flavour->sandbox
                     ? xasprintf("%s/%016llx", flavour->shared_cache, (unsigned long long)key)
                     : NULL;
  char *name = xstrdup(path_basename(sources[0]));
  if (ends_with(name, ".c"))
    name[strlen(name) - 2] = '\0';
  char *program = shared ? from_shared(shared, entry, name, work_of(flavour)) : NULL;
  if (!program)
    program = cached(entry, name, work_of(flavour));
  if (!program) {
    program = build_entry(sources, n, shim, flags, flavour, entry, name, error);
    if (program && shared)
      to_shared(entry, program, shared);
  }
  free(shim), free(entry), free(shared), free(name);
  flags_free(flags);
  return program;
}

/* --- What turns the detector off ------------------------------------------------------ */

/* Words in the compiler's syntax tree that switch ThreadSanitizer off for some code, or
 * reach into its runtime or racecheck's shim (a hook it calls, a call that tells it to look
 * away, a name for dlsym or getenv): an attribute (also as a pragma applies it), or a name. */
static const struct {
  const char *word, *said;
} DETECTOR_SWITCHES[] = {
    {"-NoSanitizeAttr ", "no_sanitize"},
    {"-DisableSanitizerInstrumentationAttr ", "disable_sanitizer_instrumentation"},
    /* assembly: TSan sees none of its accesses, and the assembler can make any name (a
     * macro joins a hook's name from halves no C word holds) */
    {"-FileScopeAsmDecl ", "asm"},
    {"-GCCAsmStmt ", "asm"},
    {"-MSAsmStmt ", "asm"},
    /* code that runs before the shim's constructor (its priority is 101): an entry put in
     * .preinit_array (or any section), an ifunc resolver, an earlier constructor; it could
     * speak for the fork server, or change what the shim reads at its start */
    {"-SectionAttr ", "section"},
    {"-IFuncAttr ", "ifunc"},
    /* a runtime function found by a name made at run time, which no word above can see, or
     * code loaded that was built without the detector */
    {"'dlsym'", "dlsym"},
    {"'dlvsym'", "dlvsym"},
    {"'dlopen'", "dlopen"},
    {"'dlmopen'", "dlmopen"},
    {"__tsan_", NULL},
    {"__sanitizer_", NULL},
    {"__asan_", NULL},
    {"__ubsan_", NULL},
    {"__lsan_", NULL},
    {"__msan_", NULL},
    {"Annotate", NULL}, /* the dynamic annotations TSan's runtime defines */
    /* the shim's tally, and where its ledger is: a count the program could forge */
    {"racecheck_ledger", NULL},
    {"racecheck_thread_origin", NULL},
    {"RACECHECK_LEDGER", NULL},
};

/* The name that begins at `at`, up to the first character no C name holds. */
static char *name_at(const char *at) {
  size_t n = 0;
  while (at[n] == '_' || (at[n] >= 'a' && at[n] <= 'z') || (at[n] >= 'A' && at[n] <= 'Z') ||
         (at[n] >= '0' && at[n] <= '9'))
    n++;
  return xstrndup(at, n);
}

/* Whether a constructor runs before the shim's: a priority of 101 or less. */
static int constructor_before_the_shims(const char *tree) {
  for (const char *at = tree; (at = strstr(at, "-ConstructorAttr ")); at++) {
    const char *end = at + strcspn(at, "\n"), *number = end;
    while (number > at && number[-1] >= '0' && number[-1] <= '9')
      number--;
    if (number < end && strtol(number, NULL, 10) <= 101)
      return 1;
  }
  return 0;
}

/* The functions of the C library the shim calls, and those it wraps (--wrap: its
 * __real_NAME is NAME): a program's own definition of one would be called in its place, by
 * the shim too, before the watch on the program is in place. tests/trust.c holds it to the
 * shim objects' undefined names. */
const char *const SHIM_CALLS[] = {"_Unwind_Backtrace",
                                  "_Unwind_GetIP",
                                  "__errno_location",
                                  "_exit",
                                  "accept",
                                  "accept4",
                                  "atexit",
                                  "close",
                                  "cnd_broadcast",
                                  "cnd_signal",
                                  "cnd_timedwait",
                                  "cnd_wait",
                                  "dup2",
                                  "exit",
                                  "fork",
                                  "getenv",
                                  "getpid",
                                  "getppid",
                                  "gettid",
                                  "kill",
                                  "memcpy",
                                  "memset",
                                  "mtx_lock",
                                  "mtx_timedlock",
                                  "mtx_trylock",
                                  "mtx_unlock",
                                  "nanosleep",
                                  "poll",
                                  "prctl",
                                  "pthread_atfork",
                                  "pthread_attr_destroy",
                                  "pthread_attr_getdetachstate",
                                  "pthread_attr_getstack",
                                  "pthread_cond_broadcast",
                                  "pthread_cond_signal",
                                  "pthread_cond_timedwait",
                                  "pthread_cond_wait",
                                  "pthread_create",
                                  "pthread_detach",
                                  "pthread_exit",
                                  "pthread_getattr_np",
                                  "pthread_join",
                                  "pthread_mutex_lock",
                                  "pthread_mutex_timedlock",
                                  "pthread_mutex_trylock",
                                  "pthread_mutex_unlock",
                                  "pthread_rwlock_rdlock",
                                  "pthread_rwlock_timedrdlock",
                                  "pthread_rwlock_timedwrlock",
                                  "pthread_rwlock_tryrdlock",
                                  "pthread_rwlock_trywrlock",
                                  "pthread_rwlock_unlock",
                                  "pthread_rwlock_wrlock",
                                  "pthread_self",
                                  "read",
                                  "readv",
                                  "recv",
                                  "recvfrom",
                                  "recvmsg",
                                  "sched_yield",
                                  "send",
                                  "sendmsg",
                                  "sendto",
                                  "setenv",
                                  "setpgid",
                                  "sleep",
                                  "socketpair",
                                  "strcmp",
                                  "strcspn",
                                  "strncmp",
                                  "strspn",
                                  "strtol",
                                  "strtoul",
                                  "strtoull",
                                  "syscall",
                                  "unsetenv",
                                  "usleep",
                                  "waitid",
                                  "waitpid",
                                  "write",
                                  "writev",
                                  NULL};

/* The name a line of the tree declares: the word before its type, the first quoted word
 * ("|-FunctionDecl 0x... <...> line:3:5 used prctl 'int (int)'"). */
static char *declared_name(const char *line, size_t len) {
  const char *quote = memchr(line, '\'', len);
  if (!quote || quote - line < 2 || quote[-1] != ' ')
    return NULL;
  const char *end = quote - 1, *start = end;
  while (start > line && start[-1] != ' ')
    start--;
  return start < end ? xstrndup(start, (size_t)(end - start)) : NULL;
}

static int is_top_level(const char *line) {
  return (line[0] == '|' || line[0] == '`') && line[1] == '-';
}

/* Whether the top-level declaration whose children follow `at` (a line's end) has a body,
 * or is an alias of one. */
static int has_body(const char *at) {
  for (; *at == '\n' && !is_top_level(at + 1); at += strcspn(at + 1, "\n") + 1) {
    size_t n = strcspn(at + 1, "\n");
    if (memmem(at + 1, n, "-CompoundStmt ", 14) || memmem(at + 1, n, "-AliasAttr ", 11))
      return 1;
  }
  return 0;
}

/* Whether a program's own function of this name would be called in the C library's place
 * before the shim's server starts or the run's watch is in place: one the shim calls, or
 * the C library's start of the process, which calls the constructors. */
static int replaces_the_libraries(const char *name) {
  int called = strcmp(name, "__libc_start_main") == 0;
  for (size_t i = 0; SHIM_CALLS[i] && !called; i++)
    called = strcmp(name, SHIM_CALLS[i]) == 0;
  return called;
}

/* A function the program defines, not static, with such a name: NULL if none. */
static char *replaces_the_shims(const char *tree) {
  for (const char *line = tree; *line; line += strcspn(line, "\n"), line += *line == '\n') {
    size_t len = strcspn(line, "\n");
    if (!is_top_level(line) || !starts_with(line + 2, "FunctionDecl ") ||
        (len >= 7 && memcmp(line + len - 7, " static", 7) == 0))
      continue;
    char *name = declared_name(line, len);
    if (name && replaces_the_libraries(name) && has_body(line + len))
      return name;
    free(name);
  }
  return NULL;
}

static char *switch_in(const char *tree) {
  if (constructor_before_the_shims(tree))
    return xstrdup("constructor");
  char *replaced = replaces_the_shims(tree);
  if (replaced) { /* a learner's function may share the name by chance */
    char *said = xasprintf("its own %s, which would answer for the C library's in racecheck's "
                           "shim too: give it another name, or make it static",
                           replaced);
    free(replaced);
    return said;
  }
  for (size_t i = 0; i < sizeof DETECTOR_SWITCHES / sizeof *DETECTOR_SWITCHES; i++) {
    const char *at = strstr(tree, DETECTOR_SWITCHES[i].word);
    if (at)
      return DETECTOR_SWITCHES[i].said ? xstrdup(DETECTOR_SWITCHES[i].said) : name_at(at);
  }
  return NULL;
}

char *build_program_detector_off(const char *source, const struct build_flavour *flavour) {
  char **flags = flags_of(flavour);
  struct strlist argv = {0};
  strlist_push(&argv, xstrdup("clang"));
  for (char **p = flags; *p; p++)
    if (!starts_with(*p, "-Wl,"))
      strlist_push(&argv, xstrdup(*p));
  const char *dump[] = {"-fsyntax-only", "-Xclang", "-ast-dump", source};
  for (size_t i = 0; i < sizeof dump / sizeof *dump; i++)
    strlist_push(&argv, xstrdup(dump[i]));
  strlist_push(&argv, NULL);
  struct child c = {.argv = argv.items,
                    .search_path = 1,
                    .envp = environ,
                    .timeout_s = COMPILE_TIMEOUT_S,
                    .keep_bytes = 64 << 20,
                    .max_address_space = COMPILE_ADDRESS_SPACE,
                    .sandbox = flavour->sandbox};
  /* a tree cut short may hide what it holds: then the build itself says what went wrong */
  char *found = child_run(&c) == 0 && c.out_dropped == 0 ? switch_in(buf_str(&c.out)) : NULL;
  child_free(&c);
  argv.len--; /* the NULL */
  strlist_free(&argv);
  flags_free(flags);
  return found;
}

int shim_objects(const char *cache_dir, struct strlist *objects, char **error) {
  char *shim = shim_folder();
  char *no_flags[] = {NULL};
  uint64_t key;
  if (!shim || build_key(NULL, 0, shim, no_flags, NULL, NULL, &key, error) != 0) {
    if (!*error)
      *error = shim ? xasprintf("cannot read the shim: %s", strerror(errno))
                    : xstrdup("cannot find shim/ above racecheck's build folder");
    free(shim);
    return -1;
  }
  char *dir = xasprintf("%s/%016llx", cache_dir, (unsigned long long)key);
  int rc = make_dirs(dir) ? 0 : -1;
  if (rc != 0)
    *error = xasprintf("cannot make %s: %s", dir, strerror(errno));
  for (size_t i = 0; rc == 0 && i < sizeof SHIM_FILES / sizeof *SHIM_FILES; i++) {
    char *object = xasprintf("%s/%.*s.o", dir, (int)strlen(SHIM_FILES[i]) - 2, SHIM_FILES[i]);
    char *partial = xasprintf("%s.building.%ld", object, (long)getpid());
    if (access(object, R_OK) != 0 && (rc = compile_shim(shim, i, partial, NULL, error)) == 0 &&
        rename(partial, object) != 0) {
      *error = xasprintf("cannot keep %s: %s", object, strerror(errno));
      rc = -1;
    }
    unlink(partial);
    free(partial);
    strlist_push(objects, object);
  }
  free(dir), free(shim);
  return rc;
}
