#include "build_program.h"

#include "child.h"
#include "text.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/* -O0: at -O1 a lazily set global can be split by the optimiser and reported under a name
 * of its own making ('instance.init'), and accesses move off their lines. The --wrap list is
 * rules.ninja's shim_ldflags: every call the shim's thread origins and lock ledger see. */
static const char *const FLAGS[] = {
    "-g", "-O0", "-fno-omit-frame-pointer", "-pthread",
    "-Wl,--wrap=pthread_create,--wrap=pthread_join,--wrap=pthread_detach,--wrap=pthread_exit,"
    "--wrap=pthread_mutex_lock,--wrap=pthread_mutex_trylock,--wrap=pthread_mutex_timedlock,"
    "--wrap=pthread_mutex_unlock,--wrap=pthread_rwlock_rdlock,--wrap=pthread_rwlock_wrlock,"
    "--wrap=pthread_rwlock_tryrdlock,--wrap=pthread_rwlock_trywrlock,"
    "--wrap=pthread_rwlock_timedrdlock,--wrap=pthread_rwlock_timedwrlock,"
    "--wrap=pthread_rwlock_unlock,--wrap=pthread_cond_wait,--wrap=pthread_cond_timedwait,"
    "--wrap=mtx_lock,--wrap=mtx_trylock,--wrap=mtx_timedlock,--wrap=mtx_unlock,"
    "--wrap=cnd_wait,--wrap=cnd_timedwait,--wrap=__tsan_func_exit,--wrap=sleep,--wrap=usleep,"
    "--wrap=nanosleep"};
static const char *const SHIM_FILES[] = {"thread_origins.c", "lock_ledger.c"};

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

/* The compiler's flags for a flavour of build, NULL-terminated; free the array and its
 * strings with flags_free. */
static char **flags_of(const struct build_flavour *f) {
  struct strlist flags = {0};
  for (size_t i = 0; i < sizeof FLAGS / sizeof *FLAGS; i++)
    strlist_push(&flags, xstrdup(FLAGS[i]));
  /* after -g, which would choose DWARF 5 again: valgrind 3.19 reads DWARF 4 */
  strlist_push(&flags, xstrdup(f->for_valgrind ? "-gdwarf-4" : "-fsanitize=thread"));
  for (size_t i = 0; f->defines && f->defines[i]; i++)
    strlist_push(&flags, xasprintf("-D%s", f->defines[i]));
  if (f->include_dir)
    strlist_push(&flags, xasprintf("-idirafter%s", f->include_dir));
  strlist_push(&flags, NULL);
  return flags.items;
}

static void flags_free(char **flags) {
  for (char **p = flags; *p; p++)
    free(*p);
  free(flags);
}

/* The cache key: every flag, each source's name and bytes, the shim's files and headers. */
static int build_key(char *const *sources, size_t n, const char *shim, char **flags,
                     uint64_t *key) {
  uint64_t h = 14695981039346656037u;
  for (char **p = flags; *p; p++)
    h = fnv1a(h, *p, strlen(*p) + 1);
  int rc = 0;
  for (size_t i = 0; i < n; i++)
    rc |= hash_file(&h, sources[i]);
  for (size_t i = 0; i < sizeof SHIM_FILES / sizeof *SHIM_FILES; i++) {
    char *path = xasprintf("%s%s", shim, SHIM_FILES[i]);
    rc |= hash_file(&h, path);
    free(path);
  }
  static const char *const headers[] = {"lock_ledger.h", "blocking_hook.h"};
  for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
    char *header = xasprintf("%s%s", shim, headers[i]);
    hash_file(&h, header); /* a header the shim's files include */
    free(header);
  }
  *key = h;
  return rc;
}

/* Runs a compiler command; returns 0, or -1 with its words in *error. */
static int compile(char **argv, char **error) {
  struct child c = {
      .argv = argv, .search_path = 1, .envp = environ, .timeout_s = 120, .keep_bytes = 1 << 20};
  if (child_run(&c) != 0) {
    *error = xasprintf("cannot run %s: %s (./bootstrap installs clang)", argv[0],
                       strerror(c.start_errno));
    child_free(&c);
    return -1;
  }
  int ok = c.end == CHILD_EXITED && c.status == 0;
  if (!ok)
    *error = xasprintf("%s could not build it:\n%s%s", argv[0], buf_str(&c.out), buf_str(&c.err));
  child_free(&c);
  return ok ? 0 : -1;
}

/* The shim's files without TSan, then the sources with TSan, into `out`. */
static int build_into(char *const *sources, size_t n, const char *shim, char **flags,
                      const char *out, char **error) {
  enum { NSHIM = sizeof SHIM_FILES / sizeof *SHIM_FILES };
  char *objects[NSHIM];
  int rc = 0;
  for (size_t i = 0; i < NSHIM; i++) {
    char *source = xasprintf("%s%s", shim, SHIM_FILES[i]);
    objects[i] = xasprintf("%s.shim%zu.o", out, i);
    char *argv[] = {"clang", "-std=c17", "-gdwarf-4", "-O1",      "-foptimize-sibling-calls",
                    "-c",    source,     "-o",        objects[i], NULL};
    if (rc == 0)
      rc = compile(argv, error);
    free(source);
  }
  size_t nflags = 0;
  while (flags[nflags])
    nflags++;
  char **argv = xmalloc((nflags + n + NSHIM + 4) * sizeof *argv);
  size_t k = 0;
  argv[k++] = "clang";
  for (size_t i = 0; i < nflags; i++)
    argv[k++] = flags[i];
  for (size_t i = 0; i < n; i++)
    argv[k++] = sources[i];
  for (size_t i = 0; i < NSHIM; i++)
    argv[k++] = objects[i];
  argv[k++] = "-o";
  argv[k++] = (char *)out;
  argv[k] = NULL;
  if (rc == 0)
    rc = compile(argv, error);
  for (size_t i = 0; i < NSHIM; i++) {
    unlink(objects[i]);
    free(objects[i]);
  }
  free(argv);
  return rc;
}

char *build_program(char *const *sources, size_t n, const char *cache_dir, char **error) {
  struct build_flavour tsan = {0};
  return build_program_as(sources, n, cache_dir, &tsan, error);
}

char *build_program_as(char *const *sources, size_t n, const char *cache_dir,
                       const struct build_flavour *flavour, char **error) {
  char *shim = shim_folder();
  char **flags = flags_of(flavour);
  uint64_t key;
  if (!shim || build_key(sources, n, shim, flags, &key) != 0) {
    *error = shim ? xasprintf("cannot read the sources: %s", strerror(errno))
                  : xstrdup("cannot find shim/ above racecheck's build folder");
    free(shim);
    flags_free(flags);
    return NULL;
  }
  char *program =
      xasprintf("%s/%016llx/%s", cache_dir, (unsigned long long)key, path_basename(sources[0]));
  program[strlen(program) - 2] = '\0'; /* without ".c" */
  char *dir = xstrndup(program, (size_t)(path_basename(program) - program));
  if (access(program, X_OK) != 0) {
    char *partial = xasprintf("%s.building.%ld", program, (long)getpid());
    if (!make_dirs(dir)) {
      *error = xasprintf("cannot make %s: %s", dir, strerror(errno));
    } else if (build_into(sources, n, shim, flags, partial, error) == 0 &&
               rename(partial, program) != 0) {
      *error = xasprintf("cannot keep %s: %s", program, strerror(errno));
    }
    unlink(partial);
    free(partial);
  }
  free(shim), free(dir);
  flags_free(flags);
  if (*error) {
    free(program);
    return NULL;
  }
  return program;
}
