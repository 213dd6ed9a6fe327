#include "report_channel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char LEDGER_FILE[] = "ledger";

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
  c->tsan_option = xasprintf("log_path=%s/tsan", c->dir);
  c->valgrind_option = xasprintf("--log-file=%s/valgrind.%%p", c->dir);
  c->ledger_path = xasprintf("%s/%s", c->dir, LEDGER_FILE);
  c->ledger_env = xasprintf("RACECHECK_LEDGER=%s", c->ledger_path);
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

/* Appends a regular file (never following a link) up to the room left; counts the rest. */
static void append_file(const char *path, size_t keep, struct buf *out, size_t *dropped) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0)
      close(fd);
    return;
  }
  char chunk[65536];
  for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;) {
    size_t room = out->len < keep ? keep - out->len : 0;
    size_t take = (size_t)n < room ? (size_t)n : room;
    buf_add(out, chunk, take);
    *dropped += (size_t)n - take;
  }
  close(fd);
}

void report_channel_read(const struct report_channel *c, size_t keep, struct buf *out,
                         size_t *dropped) {
  struct strlist files = {0};
  list_files(c->dir, LEDGER_FILE, &files);
  for (size_t i = 0; i < files.len; i++)
    append_file(files.items[i], keep, out, dropped);
  if (!out->data)
    buf_add(out, "", 0);
  strlist_free(&files);
}

void report_channel_read_ledger(const struct report_channel *c, size_t keep, struct buf *out,
                                size_t *dropped) {
  append_file(c->ledger_path, keep, out, dropped);
  if (!out->data)
    buf_add(out, "", 0);
}

void report_channel_close(struct report_channel *c) {
  if (c->dir) {
    struct strlist files = {0};
    list_files(c->dir, NULL, &files);
    for (size_t i = 0; i < files.len; i++)
      unlink(files.items[i]);
    strlist_free(&files);
    rmdir(c->dir);
  }
  free(c->dir);
  free(c->tsan_option);
  free(c->valgrind_option);
  free(c->ledger_path);
  free(c->ledger_env);
  *c = (struct report_channel){0};
}
