#include "report_channel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char LEDGER_FILE[] = "ledger";

/* "name='value'" for TSAN_OPTIONS, which splits at spaces and colons outside quotes; NULL
 * for a value holding both kinds of quote. */
char *tsan_flag(const char *name, const char *value) {
  char quote = strchr(value, '\'') ? '"' : '\'';
  if (strchr(value, quote))
    return NULL;
  return xasprintf("%s=%c%s%c", name, quote, value, quote);
}

int report_channel_open(struct report_channel *c) {
  *c = (struct report_channel){0};
  const char *tmp = getenv("TMPDIR");
  char *template = xasprintf("%s/racecheck-reports.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(template)) {
    int saved = errno;
    free(template);
    errno = saved;
    return -1;
  }
  c->dir = template;
  char *log = xasprintf("%s/tsan", c->dir);
  c->tsan_option = tsan_flag("log_path", log);
  free(log);
  c->valgrind_option = xasprintf("--log-file=%s/valgrind.%%p", c->dir);
  c->ledger_path = xasprintf("%s/%s", c->dir, LEDGER_FILE);
  if (!c->tsan_option) { /* a $TMPDIR holding both kinds of quote */
    report_channel_close(c);
    errno = EINVAL;
    return -1;
  }
  int fd = open(c->ledger_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int saved = errno;
    report_channel_close(c);
    errno = saved;
    return -1;
  }
  close(fd);
  return 0;
}

static void list_files(const char *dir, const char *except, struct strlist *out) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  for (struct dirent *e; (e = readdir(d));)
    if (e->d_name[0] != '.' && (!except || strcmp(e->d_name, except) != 0))
      strlist_push(out, xasprintf("%s/%s", dir, e->d_name));
  closedir(d);
  strlist_sort(out);
}

/* Reads a regular file (never following a link) up to *room bytes; counts the rest. */
static char *read_log(const char *path, size_t *room, size_t *dropped) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0)
      close(fd);
    return NULL;
  }
  struct buf out = {0};
  char chunk[65536];
  for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;) {
    size_t take = (size_t)n < *room ? (size_t)n : *room;
    buf_add(&out, chunk, take);
    *room -= take;
    *dropped += (size_t)n - take;
  }
  close(fd);
  return out.data ? out.data : xstrdup("");
}

void report_channel_read(const struct report_channel *c, size_t keep, struct strlist *texts,
                         size_t *dropped) {
  struct strlist files = {0};
  list_files(c->dir, LEDGER_FILE, &files);
  for (size_t i = 0; i < files.len; i++) {
    char *text = read_log(files.items[i], &keep, dropped);
    if (text)
      strlist_push(texts, text);
  }
  strlist_free(&files);
}

void report_channel_read_ledger(const struct report_channel *c, size_t keep, struct buf *out,
                                size_t *dropped) {
  char *text = read_log(c->ledger_path, &keep, dropped);
  buf_adds(out, text ? text : "");
  free(text);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *at) {
  (void)st, (void)at;
  return (type == FTW_DP ? rmdir(path) : unlink(path)), 0;
}

static int remove_inside(const char *path, const struct stat *st, int type, struct FTW *at) {
  return at->level > 0 ? remove_entry(path, st, type, at) : 0;
}

int report_channel_clear(const struct report_channel *c) {
  nftw(c->dir, remove_inside, 16, FTW_DEPTH | FTW_PHYS);
  int fd = open(c->ledger_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return -1;
  close(fd);
  return 0;
}

void report_channel_close(struct report_channel *c) {
  if (c->dir) /* all of it, whatever the program made there, never following a link */
    nftw(c->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  free(c->dir);
  free(c->tsan_option);
  free(c->valgrind_option);
  free(c->ledger_path);
  *c = (struct report_channel){0};
}
