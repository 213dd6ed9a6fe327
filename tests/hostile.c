/* The runner against a hostile world: a symlink planted where it writes. */
#include "../src/child.h"
#include "../src/text.h"
#include "testlib.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmp; /* build/hostile.XXXXXX, removed at the end */

extern char **environ;

/* The names in a folder other than "." and "..", sorted, one a line. */
static char *names_in(const char *dir) {
  struct strlist names = {0};
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      strlist_push(&names, xstrdup(e->d_name));
  if (d)
    closedir(d);
  strlist_sort(&names);
  struct buf all = {0};
  for (size_t i = 0; i < names.len; i++)
    buf_printf(&all, "%s\n", names.items[i]);
  strlist_free(&names);
  return all.data ? all.data : xstrdup("");
}

static int is_regular_file_holding(const char *path, const char *text) {
  struct stat st;
  struct buf got = {0};
  int ok = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && read_file(path, &got) &&
           strcmp(buf_str(&got), text) == 0;
  buf_free(&got);
  return ok;
}

/* The old write_file wrote through PATH.tmp.PID with fopen, which follows a symlink planted
 * there: the data went outside, and rename then put the symlink at PATH. */
static void test_write_file_never_follows_a_planted_symlink(void) {
  char *dir = xasprintf("%s/project", tmp), *outside = xasprintf("%s/outside", tmp);
  char *target = xasprintf("%s/target", outside), *path = xasprintf("%s/case.txt", dir);
  char *planted = xasprintf("%s.tmp.%ld", path, (long)getpid());
  make_dirs(dir), make_dirs(outside);
  CHECK(write_file(target, "untouched\n", 10));
  CHECK(symlink("../outside/target", planted) == 0);
  CHECK(write_file(path, "blessed\n", 8));
  CHECK(is_regular_file_holding(target, "untouched\n"));
  CHECK(is_regular_file_holding(path, "blessed\n"));
  char *names = names_in(dir), *want = xasprintf("case.txt\n%s\n", path_basename(planted));
  CHECK_STR(names, want); /* no temporary file left behind */
  free(names), free(want);

  CHECK(unlink(path) == 0 && symlink("../outside/target", path) == 0); /* at the name itself */
  CHECK(write_file(path, "again\n", 6));
  CHECK(is_regular_file_holding(target, "untouched\n"));
  CHECK(is_regular_file_holding(path, "again\n"));
  free(dir), free(outside), free(target), free(path), free(planted);
}

/* Every way write_file can fail leaves no temporary file behind and says why in errno. */
static void test_write_file_cleans_up_when_it_fails(void) {
  char *dir = xasprintf("%s/failing", tmp), *folder = xasprintf("%s/folder", dir);
  make_dirs(folder);
  errno = 0;
  CHECK(!write_file(folder, "x", 1) && errno == EISDIR); /* rename cannot replace a folder */
  char *names = names_in(dir);
  CHECK_STR(names, "folder\n");
  free(names);
  char *missing = xasprintf("%s/missing/file", dir);
  errno = 0;
  CHECK(!write_file(missing, "x", 1) && errno == ENOENT);
  free(dir), free(folder), free(missing);
}

/* A new file gets what fopen would have given it, 0666 less the umask. */
static void test_write_file_respects_the_umask(void) {
  char *path = xasprintf("%s/mode.txt", tmp);
  mode_t before = umask(027);
  struct stat st;
  CHECK(write_file(path, "x", 1) && stat(path, &st) == 0 && (st.st_mode & 0777) == 0640);
  umask(before);
  free(path);
}

int main(void) {
  char template[] = "build/hostile.XXXXXX";
  tmp = mkdtemp(template);
  if (!tmp) {
    perror("mkdtemp");
    return 1;
  }
  test_write_file_never_follows_a_planted_symlink();
  test_write_file_cleans_up_when_it_fails();
  test_write_file_respects_the_umask();
  char *argv[] = {"rm", "-rf", "--", tmp, NULL};
  struct child rm = {.argv = argv, .search_path = 1, .envp = environ, .timeout_s = 60};
  child_run(&rm);
  child_free(&rm);
  return test_summary("hostile");
}
