/* grade against a class of hostile submissions (tests/data/hostile/, each with the verdict
 * its first line expects, and a right fix beside them): every attack FAILs with its reason
 * or is refused, nothing outside the submissions' folders changes, nothing they started is
 * alive when grade returns, and the network was out of their reach; graded two at a time
 * and again one at a time, the tables are the same to the byte. */
#include "sandbox.h"
#include "case_info.h"
#include "hang_watch.h"
#include "runlib.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>

static const char RACECHECK[] = "build/asan/racecheck";
static const char HOSTILE[] = "tests/data/hostile";
static const char SECRET_TEXT[] = "TOP-SECRET-0600";

static char *tmp, *project;

/* Every file under `path`, sorted, as "path\n" and its bytes (or a link's target): what a
 * submission must not change. Only regular files are read: a FIFO would block. */
static void fingerprint(const char *path, struct buf *out) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return;
  buf_printf(out, "%s %o\n", path, (unsigned)st.st_mode);
  if (S_ISLNK(st.st_mode)) {
    char target[4096];
    ssize_t n = readlink(path, target, sizeof target - 1);
    buf_add(out, target, n > 0 ? (size_t)n : 0);
  } else if (S_ISREG(st.st_mode)) {
    struct buf text = {0};
    read_file(path, &text);
    buf_add(out, text.data ? text.data : "", text.len);
    buf_free(&text);
  } else if (S_ISDIR(st.st_mode)) {
    struct strlist names = {0};
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));)
      if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
        strlist_push(&names, xasprintf("%s/%s", path, e->d_name));
    if (d)
      closedir(d);
    strlist_sort(&names);
    for (size_t i = 0; i < names.len; i++)
      fingerprint(names.items[i], out);
    strlist_free(&names);
  }
}

static char *outside_the_submissions(void) {
  const char *paths[] = {"cases", "expected",        "exercises-data",
                         "shim",  "build/racecheck", "build/asan/racecheck"};
  struct buf all = {0};
  for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
    fingerprint(paths[i], &all);
  char *mine[] = {"class", "home", "secret"};
  for (size_t i = 0; i < sizeof mine / sizeof *mine; i++) {
    char *path = xasprintf("%s/%s", tmp, mine[i]);
    fingerprint(path, &all);
    free(path);
  }
  buf_add(&all, "", 0);
  return all.data;
}

/* The paths an attack aims at, as macros before its text. */
static char *aimed(const char *text, int port) {
  return xasprintf("#define CLASS \"%s/%s/class\"\n#define PROJECT \"%s\"\n"
                   "#define SECRET \"%s/%s/secret\"\n#define PORT %d\n"
                   "#define CASE_FILE \"%s/cases/counter_mutex.c\"\n%s",
                   project, tmp, project, project, tmp, port, project, text);
}

static void put_submission(const char *student, const char *text) {
  char *folder = xasprintf("%s/class/%s", tmp, student);
  char *path = xasprintf("%s/counter_racy.c", folder);
  if (!make_dirs(folder) || !write_file(path, text, strlen(text)))
    exit(1);
  free(folder), free(path);
}

/* "\"STUDENT\",\"counter_racy\",\"FAIL\",\"REASON\"," for a file's "expect: FAIL REASON". */
static char *expected_row(const char *student, const char *text) {
  const char *at = strstr(text, "expect: ");
  at = at ? at + strlen("expect: ") : "";
  size_t verdict = strcspn(at, " ");
  size_t reason = strcspn(at + verdict + 1, " \n*");
  return xasprintf("\"%s\",\"counter_racy\",\"%.*s\",\"%.*s\",", student, (int)verdict, at,
                   (int)reason, at + verdict + 1);
}

/* The class: each hostile file as a student, bob's right fix, a FIFO and a link to a device;
 * the rows they must get, in the students' order. */
static void make_class(int port, struct strlist *rows) {
  struct strlist names = {0};
  CHECK(list_cases(HOSTILE, &names) == 0 && names.len >= 15);
  char *right_fix = slurp("cases/counter_mutex.c");
  put_submission("bob", right_fix);
  put_submission("=1+2", right_fix);            /* a formula, to a spreadsheet */
  put_submission("bad\xff\x1b[31m", right_fix); /* not UTF-8, and an escape sequence */
  /* a lesson's name in another case, a hidden file and a file that is no lesson's */
  char *carol = xasprintf("%s/class/carol", tmp);
  const char *carols[] = {"Counter_Racy.c", ".hidden.c", "notes.c"};
  for (size_t i = 0; i < 3; i++) {
    char *path = xasprintf("%s/%s", carol, carols[i]);
    CHECK(make_dirs(carol) && write_file(path, right_fix, strlen(right_fix)));
    free(path);
  }
  free(carol);
  free(right_fix);
  for (size_t i = 0; i < names.len; i++) {
    char *path = xasprintf("%s/%s.c", HOSTILE, names.items[i]);
    char *text = slurp(path), *submission = aimed(text, port);
    put_submission(names.items[i], submission);
    strlist_push(rows, expected_row(names.items[i], text));
    free(path), free(text), free(submission);
  }
  strlist_push(rows, xstrdup("\"bob\",\"counter_racy\",\"PASS\",\"pass\","));
  strlist_push(rows, xstrdup("\"'=1+2\",\"counter_racy\",\"PASS\",\"pass\","));
  strlist_push(rows, xstrdup("\"carol\",\"counter_racy\",\"PASS\",\"pass\","));
  strlist_push(rows, xstrdup("\"carol\",\"\",\"FAIL\",\"no_lesson\",\".hidden.c"));
  strlist_push(rows, xstrdup("\"carol\",\"\",\"FAIL\",\"no_lesson\",\"notes.c"));
  strlist_push(rows, xstrdup("\"bad\\xff\\x1b[31m\",\"counter_racy\",\"PASS\",\"pass\","));
  char *fifo = xasprintf("%s/class/fifo", tmp), *zero = xasprintf("%s/class/zero", tmp);
  make_dirs(fifo), make_dirs(zero);
  char *fifo_file = xasprintf("%s/counter_racy.c", fifo);
  char *zero_file = xasprintf("%s/counter_racy.c", zero);
  CHECK(mkfifo(fifo_file, 0644) == 0 && symlink("/dev/zero", zero_file) == 0);
  strlist_push(rows, xstrdup("\"fifo\",\"counter_racy\",\"ERROR\",\"error\","));
  strlist_push(rows, xstrdup("\"zero\",\"counter_racy\",\"ERROR\",\"error\","));
  free(fifo), free(zero), free(fifo_file), free(zero_file);
  strlist_free(&names);
}

static int listen_on_loopback(int *port) {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_in at = {.sin_family = AF_INET};
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof at;
  if (s < 0 || bind(s, (struct sockaddr *)&at, sizeof at) != 0 || listen(s, 4) != 0 ||
      getsockname(s, (struct sockaddr *)&at, &len) != 0)
    exit(1);
  *port = ntohs(at.sin_port);
  return s;
}

static int is_hostile(const struct process *p, void *found) {
  char path[64], comm[64] = {0};
  snprintf(path, sizeof path, "/proc/%d/comm", (int)p->pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0 && read(fd, comm, sizeof comm - 1) > 0 && strcmp(comm, "rc-hostile\n") == 0)
    ++*(int *)found;
  if (fd >= 0)
    close(fd);
  return 0;
}

/* Every row wanted is a line of the CSV, which has as many rows as wanted. */
static void check_rows(const char *csv, const struct strlist *rows) {
  struct strlist lines = {0};
  split_lines(csv, strlen(csv), &lines);
  CHECK(lines.len == rows->len + 1); /* and the header */
  for (size_t i = 0; i < rows->len; i++) {
    int found = 0;
    for (size_t k = 1; k < lines.len && !found; k++)
      found = starts_with(lines.items[k], rows->items[i]);
    if (!CHECK(found))
      printf("  no row %s in:\n%s", rows->items[i], csv);
  }
  strlist_free(&lines);
}

/* How many of the programs kept in the shared cache (KEY/HEADERS_KEY/NAME) poison_cache.c
 * overwrote, as it writes them: "POISON" and nothing else; *seen counts them all. */
static int poisoned(const char *folder, int depth, size_t *seen) {
  DIR *d = opendir(folder);
  int found = 0;
  for (struct dirent *e; d && (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue;
    char *path = xasprintf("%s/%s", folder, e->d_name);
    struct buf bytes = {0};
    if (depth < 2)
      found += poisoned(path, depth + 1, seen);
    else if (read_file(path, &bytes)) {
      ++*seen;
      found += bytes.len == 6 && memcmp(bytes.data, "POISON", 6) == 0;
    }
    buf_free(&bytes);
    free(path);
  }
  if (d)
    closedir(d);
  return found;
}

/* What one grade of the class printed and wrote. */
struct graded {
  char *out, *csv, *json;
};

static void graded_free(struct graded *g) {
  free(g->out), free(g->csv), free(g->json);
}

/* grade -j JOBS of the class, as root here; then nothing of theirs is alive, and nothing
 * outside their folders changed. */
static void grade_class(const char *jobs, const char *home, const char *before, struct graded *g) {
  char *class = xasprintf("%s/class", tmp), *out = xasprintf("%s/grades-j%s", tmp, jobs);
  char *home_env = xasprintf("HOME=%s", home);
  char *envp[] = {home_env, "PATH=/usr/bin:/bin", NULL};
  char *argv[] = {(char *)RACECHECK, "grade", "-j",    (char *)jobs, "--timeout", "10",
                  "--repeat",        "1",     "--out", out,          class,       NULL};
  struct child c = {.argv = argv, .envp = envp, .timeout_s = 900, .keep_bytes = 1 << 20};
  CHECK(child_run(&c) == 0 && c.end == CHILD_EXITED && c.status == 2);
  CHECK(!strstr(buf_str(&c.err), "racecheck: graded")); /* no progress line in a pipe */
  int survivors = 0;
  each_process(is_hostile, &survivors);
  CHECK(survivors == 0); /* so nothing can write anywhere later */
  char *after = outside_the_submissions();
  CHECK(strcmp(before, after) == 0);
  char *csv_path = xasprintf("%s.csv", out), *json_path = xasprintf("%s.json", out);
  *g = (struct graded){xstrdup(buf_str(&c.out)), slurp(csv_path), slurp(json_path)};
  if (tests_failed)
    printf("grade -j %s said:\n%s%s\n", jobs, buf_str(&c.out), buf_str(&c.err));
  child_free(&c);
  free(after), free(csv_path), free(json_path), free(class), free(out), free(home_env);
}

static void test_hostile_class(void) {
  int port, listener = listen_on_loopback(&port);
  struct strlist rows = {0};
  make_class(port, &rows);
  char *home = xasprintf("%s/home", tmp), *bashrc = xasprintf("%s/.bashrc", home);
  char *secret = xasprintf("%s/secret", tmp);
  CHECK(make_dirs(home) && write_file(bashrc, "# the instructor's\n", 19));
  CHECK(write_file(secret, SECRET_TEXT, strlen(SECRET_TEXT)) && chmod(secret, 0600) == 0);
  char *before = outside_the_submissions();

  struct graded two, one;
  grade_class("2", home, before, &two);
  check_rows(two.csv, &rows);
  CHECK(!strstr(two.csv, SECRET_TEXT) && !strstr(two.csv, "ESCAPED"));
  CHECK(says(two.csv, "is a FIFO") && says(two.csv, "link to somewhere outside its folder"));
  CHECK(accept(listener, NULL, NULL) < 0 && errno == EAGAIN); /* nobody connected */
  CHECK(access("/tmp/rc-hostile-fill", F_OK) != 0);
  size_t kept = 0; /* what grade keeps for the next try, racecheck's alone */
  CHECK(poisoned("build/sandbox-cache", 0, &kept) == 0 && kept > 0);
  /* every submission graded again, one at a time: the same rows, in the same order */
  grade_class("1", home, before, &one);
  if (!CHECK(strcmp(one.csv, two.csv) == 0 && strcmp(one.json, two.json) == 0 &&
             strcmp(one.out, two.out) == 0))
    printf("  -j 1 wrote:\n%s  -j 2 wrote:\n%s", one.csv, two.csv);
  graded_free(&two), graded_free(&one);
  close(listener);
  strlist_free(&rows);
  free(before), free(home), free(bashrc), free(secret);
}

/* tmux with a server of its own (-L), started with racecheck's words: never a shell. */
static struct result tmux(const char *server, char **words) {
  char *argv[64] = {"tmux", "-L", (char *)server, "-f", "/dev/null"};
  size_t n = 5;
  for (size_t i = 0; words[i] && n < 63; i++)
    argv[n++] = words[i];
  argv[n] = NULL;
  return run(argv);
}

/* The pane's text once `until` is in it (or it never came, in 300 s). */
static char *pane_once(const char *server, const char *until) {
  /* with what scrolled away: a pane that ends pushes its first line up (remain-on-exit) */
  char *capture[] = {"capture-pane", "-p", "-S", "-", "-t", "grade", NULL};
  for (int tries = 0; tries < 6000; tries++) {
    struct result r = tmux(server, capture);
    if (strstr(r.out, until)) {
      free(r.err);
      return r.out;
    }
    result_free(&r);
    poll(NULL, 0, 50);
  }
  return xstrdup("");
}

/* On a terminal, what a person sees in 80 columns: while the class is graded, a line that
 * says how far it is; when grade ends, the table, and the line gone. */
static void test_progress_on_a_terminal(void) {
  char *class = xasprintf("%s/small", tmp), *out = xasprintf("%s/small-grades", tmp);
  char *right_fix = slurp("cases/counter_mutex.c");
  const char *students[] = {"ann", "ben", "cat"};
  for (size_t i = 0; i < 3; i++) {
    char *folder = xasprintf("%s/%s", class, students[i]);
    char *path = xasprintf("%s/counter_racy.c", folder);
    CHECK(make_dirs(folder) && write_file(path, right_fix, strlen(right_fix)));
    free(folder), free(path);
  }
  char *server = xasprintf("rc-grade-test-%ld", (long)getpid());
  char *start[] = {"start-server",
                   ";",
                   "set-option",
                   "-g",
                   "remain-on-exit",
                   "on",
                   ";",
                   "new-session",
                   "-d",
                   "-s",
                   "grade",
                   "-x",
                   "80",
                   "-y",
                   "24",
                   (char *)RACECHECK,
                   "grade",
                   "-j",
                   "2",
                   "--repeat",
                   "1",
                   "--out",
                   out,
                   class,
                   NULL};
  struct result started = tmux(server, start);
  CHECK(started.code == 0);
  char *during = pane_once(server, " submissions");
  char *after = pane_once(server, "PASS  cat");
  if (!CHECK(strstr(during, "racecheck: graded ") && strstr(during, " of 3 submissions")))
    printf("  while grading, the terminal showed:\n%s\n", during);
  if (!CHECK(strstr(after, "PASS  ann") && !strstr(after, "racecheck: graded")))
    printf("  after grade, the terminal showed:\n%s\n", after);
  char *kill[] = {"kill-server", NULL};
  struct result killed = tmux(server, kill);
  result_free(&started), result_free(&killed);
  free(during), free(after), free(server), free(right_fix), free(class), free(out);
}

/* vet --sandbox parses inside bubblewrap what vet parses outside, and says the same of it;
 * a source that includes a case finds it hidden there. */
static void test_vet_in_the_sandbox(void) {
  char *outside[] = {(char *)RACECHECK, "vet", "cases/copied_mutex_racy.c", NULL};
  char *inside[] = {(char *)RACECHECK, "vet", "--sandbox", "cases/copied_mutex_racy.c", NULL};
  struct result a = run(outside), b = run(inside);
  CHECK(a.code == 1 && b.code == 1 && *a.out);
  CHECK_STR(b.out, a.out);
  result_free(&a), result_free(&b);
  char *source = xasprintf("%s/includes_a_case.c", tmp);
  char *text = xasprintf("#include \"%s/cases/copied_mutex_racy.c\"\n", project);
  CHECK(write_file(source, text, strlen(text)));
  char *reaching[] = {(char *)RACECHECK, "vet", "--sandbox", source, NULL};
  struct result c = run(reaching);
  CHECK(c.code == 2 && !strstr(c.out, "copies lock value"));
  result_free(&c);
  free(source), free(text);
}

/* As root, two sandboxes open at once run as two users of their own, no account's and not
 * nobody: one's processes do not count against the other's limit. Closed, a uid is free
 * for the next. As another user, a sandbox runs as that user. */
static void test_a_user_per_sandbox(void) {
  struct sandbox a, b, c;
  char *error = NULL;
  if (!CHECK(sandbox_open(&a, tmp, &error) == 0 && sandbox_open(&b, tmp, &error) == 0)) {
    printf("  %s\n", error ? error : "");
    free(error);
    return;
  }
  if (getuid() == 0) {
    struct passwd *nobody = getpwnam("nobody");
    CHECK(a.uid != b.uid && a.uid_lock >= 0 && b.uid_lock >= 0);
    CHECK(!getpwuid(a.uid) && !getpwuid(b.uid));
    CHECK(!nobody || (a.uid != nobody->pw_uid && b.uid != nobody->pw_uid));
    uid_t first = a.uid;
    sandbox_close(&a);
    CHECK(sandbox_open(&c, tmp, &error) == 0 && c.uid == first);
    sandbox_close(&c);
  } else {
    CHECK(a.uid == getuid() && b.uid == getuid() && a.uid_lock < 0);
    sandbox_close(&a);
  }
  sandbox_close(&b);
}

/* Without user namespaces, grade refuses, and says what --no-sandbox risks. */
static void test_refuses_without_a_sandbox(void) {
  char *class = xasprintf("%s/empty", tmp);
  make_dirs(class);
  char *argv[] = {(char *)RACECHECK, "grade", class, NULL};
  struct result r = run(argv);
  CHECK(r.code == 2 && says(r.err, "--no-sandbox"));
  result_free(&r);
  free(class);
}

int main(void) {
  tmp = test_folder_make("sandbox-test");
  project = getcwd(NULL, 0);
  char *why = NULL;
  if (sandbox_usable("build", &why)) {
    test_hostile_class();
    test_progress_on_a_terminal();
    test_vet_in_the_sandbox();
    test_a_user_per_sandbox();
  } else {
    printf("no sandbox here (%s): grade must refuse\n", why);
    test_refuses_without_a_sandbox();
    free(why);
  }
  test_folder_remove(tmp);
  free(project);
  return test_summary("sandbox");
}
