#include "browser.h"

#include "child.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

const char CHROMIUM[] = "/usr/bin/chromium";

enum { BROWSER_TIMEOUT_S = 60 };

int browser_available(void) {
  return access(CHROMIUM, X_OK) == 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *at) {
  (void)st, (void)at;
  return (type == FTW_DP ? rmdir(path) : unlink(path)), 0;
}

static char *file_url(const char *path) {
  if (path[0] == '/')
    return xasprintf("file://%s", path);
  char *cwd = getcwd(NULL, 0);
  char *url = xasprintf("file://%s/%s", cwd ? cwd : ".", path);
  free(cwd);
  return url;
}

int browser_run(const char *const *flags, const char *path, struct buf *out, struct buf *err,
                char **error) {
  const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  char *profile = xasprintf("%s/racecheck-chromium.XXXXXX", tmp);
  if (!mkdtemp(profile)) {
    *error = xasprintf("cannot make a profile folder in %s: %s", tmp, strerror(errno));
    free(profile);
    return -1;
  }
  char *profile_flag = xasprintf("--user-data-dir=%s", profile), *url = file_url(path);
  const char *head[] = {CHROMIUM,         "--headless",   "--disable-gpu",           "--no-sandbox",
                        "--no-first-run", "--mute-audio", "--enable-logging=stderr", "--v=0",
                        profile_flag};
  size_t nhead = sizeof head / sizeof head[0], nflags = 0;
  while (flags[nflags])
    nflags++;
  const char **argv = xmalloc((nhead + nflags + 2) * sizeof *argv);
  memcpy(argv, head, sizeof head);
  memcpy(argv + nhead, flags, nflags * sizeof *argv);
  argv[nhead + nflags] = url;
  argv[nhead + nflags + 1] = NULL;
  struct child c = {.argv = (char *const *)argv,
                    .envp = environ,
                    .timeout_s = BROWSER_TIMEOUT_S,
                    .keep_bytes = 1 << 24};
  int rc = child_run(&c);
  if (rc != 0) {
    *error = xasprintf("cannot run %s: %s", CHROMIUM, strerror(c.start_errno));
  } else if (c.end != CHILD_EXITED || c.status != 0) {
    *error = c.end == CHILD_EXITED ? xasprintf("%s exited with %d", CHROMIUM, c.status)
                                   : xasprintf("%s did not end well on %s", CHROMIUM, url);
    rc = -1;
  }
  buf_adds(out, buf_str(&c.out));
  buf_adds(err, buf_str(&c.err));
  child_free(&c);
  nftw(profile, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  free(argv), free(url), free(profile_flag), free(profile);
  return rc;
}

void browser_console(const char *err, struct strlist *out) {
  struct strlist lines = {0};
  split_lines(err, strlen(err), &lines);
  for (size_t i = 0; i < lines.len; i++)
    if (strstr(lines.items[i], ":CONSOLE"))
      strlist_push(out, xstrdup(lines.items[i]));
  strlist_free(&lines);
}
