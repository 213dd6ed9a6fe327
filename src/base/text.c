#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(void) {
  fputs("racecheck: out of memory\n", stderr);
  exit(2);
}

void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *xrealloc(void *ptr, size_t size) {
  void *p = realloc(ptr, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

char *xstrdup(const char *s) {
  return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static void buf_reserve(struct buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->data = xrealloc(b->data, cap);
  b->cap = cap;
}

void buf_add(struct buf *b, const char *data, size_t len) {
  buf_reserve(b, len);
  memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s) {
  buf_add(b, s, strlen(s));
}

static void buf_vprintf(struct buf *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n < 0)
    out_of_memory();
  buf_reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
  va_end(again);
  b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *xasprintf(const char *fmt, ...) {
  struct buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  return b.data ? b.data : xstrdup("");
}

void buf_free(struct buf *b) {
  free(b->data);
  *b = (struct buf){0};
}

const char *buf_str(const struct buf *b) {
  return b->data ? b->data : "";
}

void strlist_push(struct strlist *l, char *owned) {
  if (l->len == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->items = xrealloc(l->items, l->cap * sizeof *l->items);
  }
  l->items[l->len++] = owned;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l) {
  if (l->len)
    qsort(l->items, l->len, sizeof *l->items, compare_strings);
}

bool strlist_equal(const struct strlist *a, const struct strlist *b) {
  if (a->len != b->len)
    return false;
  for (size_t i = 0; i < a->len; i++)
    if (strcmp(a->items[i], b->items[i]) != 0)
      return false;
  return true;
}

void strlist_free(struct strlist *l) {
  for (size_t i = 0; i < l->len; i++)
    free(l->items[i]);
  free(l->items);
  *l = (struct strlist){0};
}

void split_lines(const char *text, size_t len, struct strlist *out) {
  split_lines_by(text, len, xstrndup, out);
}

void split_lines_by(const char *text, size_t len, char *(*copy)(const char *line, size_t len),
                    struct strlist *out) {
  size_t start = 0;
  while (start < len) {
    const char *nl = memchr(text + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - text) : len;
    size_t line_end = end;
    if (line_end > start && text[line_end - 1] == '\r')
      line_end--;
    strlist_push(out, copy(text + start, line_end - start));
    start = end + 1;
  }
}

void split_words(const char *text, const char *separators, struct strlist *out) {
  char *copy = xstrdup(text);
  for (char *save = NULL, *w = strtok_r(copy, separators, &save); w;
       w = strtok_r(NULL, separators, &save))
    strlist_push(out, xstrdup(w));
  free(copy);
}

bool starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

const char *path_basename(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

bool read_file(const char *path, struct buf *out) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_add(out, chunk, n);
  bool ok = !ferror(f);
  int saved = errno;
  fclose(f);
  errno = saved;
  if (!out->data)
    buf_add(out, "", 0);
  return ok;
}

static bool write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    len -= (size_t)n;
  }
  return true;
}

/* What fopen would give a new file: 0666 less the umask, which only setting it can read. */
static mode_t new_file_mode(void) {
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

/* mkstemp creates its name with O_EXCL, so a symlink planted there is never written through,
 * and in PATH's folder, so that rename replaces PATH in one step. No fsync: what a power cut
 * loses is a verdict or log the next run makes again, or an expected file bless makes again. */
bool write_file(const char *path, const char *data, size_t len) {
  char *tmp = xasprintf("%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  bool ok = fd >= 0 && write_all(fd, data, len) && fchmod(fd, new_file_mode()) == 0;
  if (fd >= 0 && close(fd) != 0)
    ok = false;
  if (ok && rename(tmp, path) != 0)
    ok = false;
  if (!ok && fd >= 0) {
    int saved = errno;
    unlink(tmp);
    errno = saved;
  }
  free(tmp);
  return ok;
}

bool write_new_file(const char *path, const char *data, size_t len) {
  char *tmp = xasprintf("%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  bool ok = fd >= 0 && write_all(fd, data, len) && fchmod(fd, new_file_mode()) == 0;
  if (fd >= 0 && close(fd) != 0)
    ok = false;
  ok = ok && link(tmp, path) == 0; /* unlike rename, link never replaces what is there */
  int saved = errno;
  if (fd >= 0)
    unlink(tmp);
  errno = saved;
  free(tmp);
  return ok;
}

static const char *kind_of(mode_t mode) {
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode))
    return "a device";
  if (S_ISSOCK(mode))
    return "a socket";
  return "no regular file";
}

bool is_regular_executable(const char *path, char **error) {
  struct stat st;
  if (stat(path, &st) != 0)
    *error = xasprintf("%s: %s", path, strerror(errno));
  else if (!S_ISREG(st.st_mode))
    *error = xasprintf("%s is %s, not a program", path, kind_of(st.st_mode));
  else if (access(path, X_OK) != 0)
    *error = xasprintf("%s is not executable: %s", path, strerror(errno));
  else
    return true;
  return false;
}

bool make_dirs(const char *path) {
  char *copy = xstrdup(path);
  bool ok = true;
  for (char *p = copy + 1; ok; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    char saved = *p;
    *p = '\0';
    struct stat st;
    if (mkdir(copy, 0777) != 0) {
      if (errno != EEXIST || stat(copy, &st) != 0)
        ok = false;
      else if (!S_ISDIR(st.st_mode))
        ok = false, errno = ENOTDIR; /* a file stands where the folder should be */
    }
    *p = saved;
    if (saved == '\0')
      break;
  }
  free(copy);
  return ok;
}

/* A link whose target is outside the folder that holds it. */
static bool leaves_its_folder(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
    return false;
  char *folder = xstrndup(path, (size_t)(path_basename(path) - path));
  char *real_folder = realpath(*folder ? folder : ".", NULL);
  char *target = realpath(path, NULL);
  size_t n = real_folder ? strlen(real_folder) : 0;
  bool outside = !real_folder || !target || strncmp(target, real_folder, n) != 0 ||
                 (target[n] != '/' && !(n == 1 && real_folder[0] == '/'));
  free(folder), free(real_folder), free(target);
  return outside;
}

bool read_source(const char *path, size_t limit, struct buf *out, char **error) {
  if (leaves_its_folder(path)) {
    *error = xasprintf("%s is a link to somewhere outside its folder; racecheck reads only the "
                       "files themselves",
                       path);
    return false;
  }
  /* O_NONBLOCK: opening a FIFO must not wait for a writer */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    *error = xasprintf("cannot read %s: %s", path, strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    *error = xasprintf("%s is %s, not a source file", path, kind_of(st.st_mode));
  } else if ((unsigned long long)st.st_size > limit) {
    *error = xasprintf("%s holds %lld bytes, more than a source file may (%zu)", path,
                       (long long)st.st_size, limit);
  } else {
    char chunk[65536];
    ssize_t n = 0;
    while (out->len <= limit && (n = read(fd, chunk, sizeof chunk)) > 0)
      buf_add(out, chunk, (size_t)n);
    buf_add(out, "", 0);
    if (n < 0 || out->len > limit)
      *error = n < 0 ? xasprintf("cannot read %s: %s", path, strerror(errno))
                     : xasprintf("%s grew past %zu bytes while it was read", path, limit);
  }
  if (fd >= 0)
    close(fd);
  return !*error;
}

double monotonic_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
