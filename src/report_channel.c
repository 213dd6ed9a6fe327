#include "report_channel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
  return 0;
}

static void list_files(const char *dir, struct strlist *out) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  for (struct dirent *e; (e = readdir(d));)
    if (e->d_name[0] != '.')
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
  list_files(c->dir, &files);
  for (size_t i = 0; i < files.len; i++)
    append_file(files.items[i], keep, out, dropped);
  if (!out->data)
    buf_add(out, "", 0);
  strlist_free(&files);
}

void report_channel_close(struct report_channel *c) {
  if (c->dir) {
    struct strlist files = {0};
    list_files(c->dir, &files);
    for (size_t i = 0; i < files.len; i++)
      unlink(files.items[i]);
    strlist_free(&files);
    rmdir(c->dir);
  }
  free(c->dir);
  free(c->tsan_option);
  free(c->valgrind_option);
  *c = (struct report_channel){0};
}
