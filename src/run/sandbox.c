#include "sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* The sizes of what the sandbox may write besides its folder: /tmp, /dev/shm, and the
 * empty folders that cover what it must not see. */
static const char TMP_BYTES[] = "67108864";
static const char COVER_BYTES[] = "65536";

/* As root, each sandbox runs as a user of its own, so that the kernel's limit on one
 * user's processes holds each submission to its own: uids of the range systemd leaves to
 * users made for a while (DynamicUser), that no account names and no process runs as,
 * each held by a lock on its file in a folder only root may write. */
enum { PRIVATE_UID_FIRST = 61184, PRIVATE_UID_LAST = 65519 };
static const char UID_LOCKS[] = "/run/racecheck-sandbox-uids";

long threads_of_user(uid_t uid) {
  DIR *proc = opendir("/proc");
  long n = 0;
  for (struct dirent *d; proc && (d = readdir(proc));) {
    struct stat st;
    char *task = xasprintf("/proc/%s/task", d->d_name);
    if (d->d_name[0] >= '1' && d->d_name[0] <= '9' && stat(task, &st) == 0 && st.st_uid == uid)
      n += st.st_nlink > 2 ? (long)st.st_nlink - 2 : 1;
    free(task);
  }
  if (proc)
    closedir(proc);
  return n;
}

long sandbox_max_processes(const struct sandbox *s) {
  const char *jobs = getenv(SANDBOX_JOBS_ENV);
  long n = s->uid_lock >= 0 || !jobs ? 1 : strtol(jobs, NULL, 10);
  return threads_of_user(s->uid) + SANDBOX_PROCESS_ROOM * (n >= 1 && n <= 64 ? n : 1);
}

static void push_all(struct strlist *out, const char *const words[], size_t n) {
  for (size_t i = 0; i < n; i++)
    strlist_push(out, xstrdup(words[i]));
}

void sandbox_command(const struct sandbox *s, const char *writable, char *const argv[],
                     struct strlist *out) {
  static const char *const FRAME[] = {"bwrap",
                                      "--unshare-all",
                                      "--die-with-parent",
                                      "--new-session",
                                      "--ro-bind",
                                      "/",
                                      "/",
                                      "--dev",
                                      "/dev",
                                      "--proc",
                                      "/proc",
                                      "--size",
                                      TMP_BYTES,
                                      "--tmpfs",
                                      "/tmp",
                                      "--size",
                                      TMP_BYTES,
                                      "--tmpfs",
                                      "/dev/shm",
                                      "--info-fd"};
  push_all(out, FRAME, sizeof FRAME / sizeof *FRAME);
  strlist_push(out, xasprintf("%d", SANDBOX_INFO_FD));
  char *cwd = getcwd(NULL, 0);
  if (cwd) { /* the project, seen again if the private /tmp covered it (a checkout in /tmp) */
    const char *project[] = {"--ro-bind", cwd, cwd};
    push_all(out, project, 3);
  }
  for (size_t i = 0; i < s->hidden.len; i++) {
    const char *cover[] = {"--size", COVER_BYTES, "--tmpfs", s->hidden.items[i]};
    push_all(out, cover, 4);
  }
  for (size_t i = 0; i < s->shown.len; i++) {
    const char *show[] = {"--ro-bind", s->shown.items[i], s->shown.items[i]};
    push_all(out, show, 3);
  }
  const char *binds[] = {"--bind", s->work, s->work, "--bind", writable, writable};
  push_all(out, binds, writable ? 6 : 3);
  if (cwd) {
    const char *chdir_to[] = {"--chdir", cwd};
    push_all(out, chdir_to, 2);
  }
  free(cwd);
  strlist_push(out, xstrdup("--"));
  for (size_t i = 0; argv[i]; i++)
    strlist_push(out, xstrdup(argv[i]));
}

pid_t sandbox_read_info(int fd) {
  struct buf info = {0};
  char chunk[4096];
  for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) != 0;)
    if (n > 0 && info.len < sizeof chunk)
      buf_add(&info, chunk, (size_t)n);
    else if (n < 0 && errno != EINTR)
      break;
  const char *at = info.data ? strstr(info.data, "\"child-pid\":") : NULL;
  pid_t pid = at ? (pid_t)atol(at + strlen("\"child-pid\":")) : 0;
  buf_free(&info);
  return pid;
}

int sandbox_drop_privileges(const struct sandbox *s) {
  if (getuid() != 0)
    return 0;
  return setgroups(0, NULL) == 0 && setresgid(s->gid, s->gid, s->gid) == 0 &&
                 setresuid(s->uid, s->uid, s->uid) == 0
             ? 0
             : -1;
}

static int owned_by(const struct sandbox *s, const char *path) {
  return getuid() != 0 || chown(path, s->uid, s->gid) == 0;
}

/* A uid of the private range for this sandbox alone, its lock held in s->uid_lock; or -1. */
static int take_private_uid(struct sandbox *s) {
  if (mkdir(UID_LOCKS, 0700) != 0 && errno != EEXIST)
    return -1;
  struct stat st;
  if (lstat(UID_LOCKS, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 0022))
    return -1;
  for (uid_t uid = PRIVATE_UID_FIRST; uid <= PRIVATE_UID_LAST; uid++) {
    if (getpwuid(uid))
      continue;
    char *path = xasprintf("%s/%u", UID_LOCKS, (unsigned)uid);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    free(path);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && threads_of_user(uid) == 0) {
      s->uid = uid, s->uid_lock = fd;
      return 0;
    }
    if (fd >= 0)
      close(fd);
  }
  return -1;
}

/* Whom the sandbox runs as: the caller, or as root a private uid (nobody if none is free). */
static int choose_user(struct sandbox *s, char **error) {
  s->uid_lock = -1;
  if (getuid() != 0) {
    s->uid = getuid(), s->gid = getgid();
    return 0;
  }
  struct passwd *nobody = getpwnam("nobody");
  if (!nobody) {
    *error = xstrdup("racecheck runs as root and there is no user nobody to run a sandbox as");
    return -1;
  }
  s->gid = nobody->pw_gid;
  if (take_private_uid(s) != 0)
    s->uid = nobody->pw_uid;
  return 0;
}

int sandbox_open(struct sandbox *s, const char *build_dir, char **error) {
  *s = (struct sandbox){0};
  if (choose_user(s, error) != 0)
    return -1;
  char *parent = xasprintf("%s/sandbox", build_dir);
  char *template = xasprintf("%s/XXXXXX", parent);
  char *made = make_dirs(parent) ? mkdtemp(template) : NULL;
  s->work = made ? realpath(made, NULL) : NULL;
  if (!s->work || !owned_by(s, s->work)) {
    *error = xasprintf("cannot make a sandbox folder in %s: %s", parent, strerror(errno));
    free(parent), free(template);
    sandbox_close(s);
    return -1;
  }
  free(parent), free(template);
  return 0;
}

void sandbox_hide(struct sandbox *s, const char *folder) {
  char *real = realpath(folder, NULL); /* under /tmp too: the project is bound again there */
  if (real)
    strlist_push(&s->hidden, real);
}

void sandbox_show(struct sandbox *s, const char *file) {
  char *real = realpath(file, NULL);
  for (size_t i = 0; real && i < s->shown.len; i++)
    if (strcmp(s->shown.items[i], real) == 0) {
      free(real);
      return;
    }
  if (real)
    strlist_push(&s->shown, real);
}

void sandbox_give(const struct sandbox *s, const char *path) {
  owned_by(s, path);
}

char *sandbox_copy_in(const struct sandbox *s, const char *path, char **error) {
  struct buf text = {0};
  char *copy = NULL;
  if (read_source(path, SOURCE_LIMIT, &text, error)) {
    copy = xasprintf("%s/%s", s->work, path_basename(path));
    if (!write_file(copy, text.data, text.len - 1) || !owned_by(s, copy)) {
      *error = xasprintf("cannot copy %s into the sandbox: %s", path, strerror(errno));
      free(copy);
      copy = NULL;
    }
  }
  buf_free(&text);
  return copy;
}

int sandbox_copy_headers(const struct sandbox *s, const char *folder) {
  DIR *d = opendir(folder);
  int failed = d ? 0 : 1;
  for (struct dirent *e; d && (e = readdir(d));) {
    if (e->d_name[0] == '.' || !ends_with(e->d_name, ".h"))
      continue;
    char *path = xasprintf("%s/%s", folder, e->d_name), *error = NULL;
    free(sandbox_copy_in(s, path, &error));
    failed += error != NULL;
    free(error), free(path);
  }
  if (d)
    closedir(d);
  return failed;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *at) {
  (void)st, (void)at;
  return (type == FTW_DP ? rmdir(path) : unlink(path)), 0;
}

void sandbox_close(struct sandbox *s) {
  if (s->work) /* whatever the program made there, never following a link */
    nftw(s->work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  free(s->work);
  strlist_free(&s->hidden);
  strlist_free(&s->shown);
  if (s->uid_lock >= 0)
    close(s->uid_lock); /* the uid is free again: nothing of it outlives its namespace */
  *s = (struct sandbox){.uid_lock = -1};
}
