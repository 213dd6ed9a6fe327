#include "verdict_file.h"

#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void add_escaped_path(struct buf *b, const char *path) {
  for (const char *c = path; *c; c++)
    buf_printf(b, "%s%c", *c == ' ' || *c == '#' ? "\\" : "", *c);
}

/* ninja reruns the case when a file named here changes, and also when it goes away (as with
 * a deleted header), which a dependency written into build.ninja could not say. */
int depfile_write(const char *verdict, const char *const *read, size_t n_read, char **error) {
  struct buf text = {0};
  add_escaped_path(&text, verdict);
  buf_adds(&text, ":");
  for (size_t i = 0; i < n_read; i++) {
    buf_adds(&text, " ");
    add_escaped_path(&text, read[i]);
  }
  buf_adds(&text, "\n");
  char *path = xasprintf("%s.d", verdict);
  int rc = write_file(path, text.data, text.len) ? 0 : -1;
  if (rc)
    *error = xasprintf("cannot write %s: %s", path, strerror(errno));
  free(path);
  buf_free(&text);
  return rc;
}

int verdict_file_write(const char *path, const char *text, size_t len, const char *const *read,
                       size_t n_read, char **error) {
  char *dir = xstrndup(path, (size_t)(path_basename(path) - path));
  int ok = make_dirs(dir) && write_file(path, text, len);
  free(dir);
  if (!ok) {
    *error = xasprintf("cannot keep the verdict %s: %s", path, strerror(errno));
    return -1;
  }
  return read ? depfile_write(path, read, n_read, error) : 0;
}
