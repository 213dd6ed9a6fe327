/* The runner against a hostile world: a symlink planted where it writes, patterns that
 * make a backtracking matcher take forever, bless on a file full of comments, a program
 * that prints escape sequences for the terminal, a racecheck killed with SIGKILL, a
 * "program" that is a FIFO or a device. */
#include "child.h"
#include "expect.h"
#include "term.h"
#include "testlib.h"
#include "text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

/* The matcher as it was before it was made linear, for small inputs only: what a pattern
 * means, a {{n}} giving digits back to the rest of the line and an unknown "{{" making the
 * rest of the line plain text. */
static const char *reference_pattern_end(const char *open) {
  if (starts_with(open, "{{n}}"))
    return open + 5;
  const char *close = strstr(open + 2, "}}");
  if (!close || close == open + 2 || !memchr(open + 2, '|', (size_t)(close - open - 2)))
    return NULL;
  for (const char *p = open + 2; p < close; p++)
    if (*p == '{' || *p == '}' || (*p == '|' && (p[-1] == '|' || p[-1] == '{' || p[1] == '}')))
      return NULL;
  return close + 2;
}

static int reference_matches(const char *pattern, const char *text) {
  const char *hole = strstr(pattern, "{{");
  const char *end = hole ? reference_pattern_end(hole) : NULL;
  if (!end)
    return strcmp(pattern, text) == 0;
  size_t literal = (size_t)(hole - pattern);
  if (strncmp(pattern, text, literal) != 0)
    return 0;
  text += literal;
  if (starts_with(hole, "{{n}}")) {
    text += *text == '-';
    for (size_t n = strspn(text, "0123456789"); n > 0; n--)
      if (reference_matches(end, text + n))
        return 1;
    return 0;
  }
  for (const char *choice = hole + 2; choice < end - 2;) {
    const char *bar = memchr(choice, '|', (size_t)(end - 2 - choice));
    size_t len = (size_t)((bar ? bar : end - 2) - choice);
    if (strncmp(text, choice, len) == 0 && reference_matches(end, text + len))
      return 1;
    choice += len + 1;
  }
  return 0;
}

static unsigned random_state = 12345;

static unsigned random_below(unsigned n) {
  random_state = random_state * 1103515245u + 12345u;
  return (random_state >> 16) % n;
}

/* A random line of pattern pieces, known and unknown, and a text that often matches it. */
static void random_pattern_and_text(struct buf *pattern, struct buf *text) {
  static const struct {
    const char *piece, *texts[3]; /* a piece of pattern, and three texts it matches */
  } pieces[] = {
      {"{{n}}", {"7", "-12", "007"}},   {"{{0|00}}", {"0", "00", "00"}},
      {"{{a|ab|b}}", {"a", "ab", "b"}}, {"{{-|1}}", {"-", "1", "1"}},
      {"0", {"0", "0", "0"}},           {"1", {"1", "1", "1"}},
      {"-", {"-", "-", "-"}},           {"a", {"a", "a", "a"}},
      {"{{", {"{{", "{{", "{{"}},       {"}}", {"}}", "}}", "}}"}},
      {"|", {"|", "|", "|"}},           {"{{x}}", {"{{x}}", "{{x}}", "{{x}}"}},
  };
  for (unsigned n = random_below(7); n > 0; n--) {
    unsigned piece = random_below(sizeof pieces / sizeof pieces[0]);
    buf_adds(pattern, pieces[piece].piece);
    buf_adds(text, pieces[piece].texts[random_below(3)]);
  }
  if (random_below(3) == 0 && text->len > 0) /* spoil it */
    text->data[random_below((unsigned)text->len)] = "01-ab"[random_below(5)];
}

static void test_patterns_mean_what_they_meant(void) {
  int differ = 0, matched = 0;
  for (int i = 0; i < 20000; i++) {
    struct buf pattern = {0}, text = {0};
    buf_adds(&pattern, ""), buf_adds(&text, "");
    random_pattern_and_text(&pattern, &text);
    if (strstr(pattern.data, "{{{{}}")) { /* two literal braces, which the reference predates */
      buf_free(&pattern), buf_free(&text);
      continue;
    }
    int want = reference_matches(pattern.data, text.data);
    matched += want;
    if (line_matches(pattern.data, text.data) != want && differ++ < 5)
      printf("line_matches(\"%s\", \"%s\") should be %d\n", pattern.data, text.data, want);
    buf_free(&pattern), buf_free(&text);
  }
  CHECK(differ == 0);
  CHECK(matched > 2000); /* the texts were not all mismatches */
}

static char *repeated(const char *piece, size_t times, const char *last) {
  struct buf b = {0};
  for (size_t i = 0; i < times; i++)
    buf_adds(&b, piece);
  buf_adds(&b, last);
  return b.data;
}

/* Backtracking tried every way to split the digits among the {{n}}: 9 of them against 40
 * digits took 10 s, and these would never end. */
static void test_adjacent_numbers_take_linear_time(void) {
  char *holes = repeated("{{n}}", 10000, ""), *digits = repeated("1", 20000, "");
  char *too_few = repeated("1", 9999, ""), *signed_numbers = repeated("-1", 10000, "");
  char *then_x = repeated("{{n}}", 10000, "x");
  CHECK(line_matches(holes, digits));
  CHECK(!line_matches(holes, too_few));
  CHECK(!line_matches(then_x, digits));
  CHECK(line_matches(holes, signed_numbers));
  CHECK(!line_matches(holes + 5, signed_numbers)); /* 9,999 numbers cannot take 10,000 signs */
  free(holes), free(digits), free(too_few), free(signed_numbers), free(then_x);
}

static void test_choices_among_numbers_take_linear_time(void) {
  char *pattern = repeated("{{1|11}}{{n}}", 300, "x"), *ones = repeated("1", 900, "");
  char *ones_x = repeated("1", 900, "x"), *short_x = repeated("1", 599, "x");
  CHECK(!line_matches(pattern, ones));
  CHECK(line_matches(pattern, ones_x));
  CHECK(!line_matches(pattern, short_x)); /* each pair needs two digits at least */
  free(pattern), free(ones), free(ones_x), free(short_x);
}

/* What bless writes over OLD when a case now gives LINES (NULL-terminated). */
static char *rewritten(const char *old, const char *const *lines) {
  struct expected e;
  char *error = NULL;
  if (expect_parse(old, strlen(old), &e, &error) != 0) {
    printf("cannot parse %s: %s\n", old, error);
    exit(1);
  }
  struct strlist now = {0};
  for (; *lines; lines++)
    strlist_push(&now, xstrdup(*lines));
  char *text = expect_rewrite(&e, &now);
  strlist_free(&now);
  expect_free(&e);
  return text;
}

static const char COMMENTED[] = "# What the case shows.\n"
                                "\n"
                                "exit 66\n"
                                "# The count changes from run to run.\n"
                                "stdout: counter = {{n}}\n"
                                "data race on global 'counter' of size 4\n"
                                "# The writer.\n"
                                "  write 4 in increment at counter_racy.c:17\n"
                                "\n"
                                "# The reader.\n"
                                "  read 4 in increment at counter_racy.c:17\n"
                                "# The end.\n";

static void test_bless_keeps_comments_in_place(void) {
  const char *same[] = {"exit 66",
                        "stdout: counter = {{n}}",
                        "data race on global 'counter' of size 4",
                        "  write 4 in increment at counter_racy.c:17",
                        "  read 4 in increment at counter_racy.c:17",
                        NULL};
  char *text = rewritten(COMMENTED, same);
  CHECK_STR(text, COMMENTED);
  free(text);
  const char *actual[] = {same[0], "stdout: counter = 998", same[2], same[3], same[4], NULL};
  text = rewritten(COMMENTED, actual); /* the line that matched its pattern keeps its comment */
  CHECK(strstr(text, "# The count changes from run to run.\nstdout: counter = 998\n") != NULL);
  free(text);
}

static void test_bless_keeps_comments_when_lines_change(void) {
  const char *added[] = {"exit 66",
                         "stdout: counter = {{n}}",
                         "stdout: a new line",
                         "data race on global 'counter' of size 4",
                         "  write 4 in increment at counter_racy.c:17",
                         "  write 4 in increment at counter_racy.c:18",
                         "  read 4 in increment at counter_racy.c:17",
                         NULL};
  char *text = rewritten(COMMENTED, added);
  CHECK_STR(text, "# What the case shows.\n\nexit 66\n# The count changes from run to run.\n"
                  "stdout: counter = {{n}}\nstdout: a new line\n"
                  "data race on global 'counter' of size 4\n# The writer.\n"
                  "  write 4 in increment at counter_racy.c:17\n"
                  "  write 4 in increment at counter_racy.c:18\n\n# The reader.\n"
                  "  read 4 in increment at counter_racy.c:17\n# The end.\n");
  free(text);
  const char *dropped[] = {"exit 0", "stdout: counter = 1000", NULL};
  text = rewritten(COMMENTED, dropped); /* the comments of the lines gone follow the last line */
  CHECK_STR(text, "# What the case shows.\n\nexit 0\n# The count changes from run to run.\n"
                  "stdout: counter = 1000\n# The writer.\n\n# The reader.\n# The end.\n");
  free(text);
  const char *writer_gone[] = {"exit 66", "stdout: counter = 7",
                               "data race on global 'counter' of size 4",
                               "  read 4 in increment at counter_racy.c:17", NULL};
  text = rewritten(COMMENTED, writer_gone); /* its comment goes before the next line */
  CHECK(strstr(text, "of size 4\n# The writer.\n\n# The reader.\n  read 4") != NULL);
  free(text);
  const char *changed[] = {"exit 66",
                           "stdout: counter = 7",
                           "data race on global 'counter' of size 8",
                           "  write 8 in increment at counter_racy.c:17",
                           "  read 8 in increment at counter_racy.c:17",
                           NULL};
  text = rewritten(COMMENTED, changed); /* a line changed in place keeps its comment */
  CHECK(strstr(text, "# The writer.\n  write 8") && strstr(text, "# The reader.\n  read 8"));
  free(text);
}

/* Rewrites "exit 0" then COUNT lines, each after a note, with every other line gone; *placed
 * gets the text with each note where it belongs. */
static char *every_other_line_gone(int count, char **placed) {
  struct buf old = {0}, want = {0};
  struct strlist now = {0};
  buf_adds(&old, "exit 0\n");
  buf_adds(&want, "exit 0\n");
  strlist_push(&now, xstrdup("exit 0"));
  for (int i = 0; i < count; i++) {
    buf_printf(&old, "# note %d\nstdout: %d\n", i, i);
    buf_printf(&want, "# note %d\n", i);
    if (i % 2 == 0) {
      buf_printf(&want, "stdout: %d\n", i);
      strlist_push(&now, xasprintf("stdout: %d", i));
    }
  }
  struct expected e;
  char *error = NULL;
  CHECK(expect_parse(old.data, old.len, &e, &error) == 0);
  char *text = expect_rewrite(&e, &now);
  expect_free(&e), strlist_free(&now), buf_free(&old);
  *placed = want.data;
  return text;
}

static void test_bless_never_drops_a_comment(void) {
  char *placed, *text = every_other_line_gone(400, &placed);
  CHECK_STR(text, placed);
  free(text), free(placed);
  /* too many lines to align them all: the notes may move, but each stays, in order */
  text = every_other_line_gone(3000, &placed);
  const char *at = text;
  for (int i = 0; i < 3000 && at; i++) {
    char *note = xasprintf("# note %d\n", i);
    at = strstr(at, note);
    at = at ? at + strlen(note) : NULL;
    free(note);
  }
  CHECK(at != NULL);
  struct expected again, want;
  char *error = NULL;
  CHECK(expect_parse(text, strlen(text), &again, &error) == 0);
  CHECK(expect_parse(placed, strlen(placed), &want, &error) == 0);
  int same = again.lines.len == want.lines.len;
  for (size_t i = 0; same && i < want.lines.len; i++)
    same = strcmp(again.lines.items[i], want.lines.items[i]) == 0;
  CHECK(same);
  expect_free(&again), expect_free(&want);
  free(text), free(placed);
}

static void check_escaped(const char *text, size_t len, const char *want, int line) {
  char *got = term_escape(text, len);
  if (!check_str(got, want, "term_escape", __FILE__, line))
    printf("  of %zu bytes\n", len);
  free(got);
}

#define CHECK_ESCAPED(text, want) check_escaped(text, sizeof text - 1, want, __LINE__)

static void test_escape_sequences_never_reach_the_terminal(void) {
  CHECK_ESCAPED("\033]0;pwned\007", "\\x1b]0;pwned\\x07"); /* sets the window's title */
  CHECK_ESCAPED("\033[2Jgone", "\\x1b[2Jgone");            /* clears the screen */
  CHECK_ESCAPED("\x9b"
                "2J",
                "\\x9b2J"); /* a lone C1 byte: invalid */
  CHECK_ESCAPED("\xc2\x9b"
                "2J",
                "\\xc2\\x9b2J"); /* CSI as UTF-8: a C1 control */
  CHECK_ESCAPED("a\rb\bc\x7f", "a\\x0db\\x08c\\x7f");
  CHECK_ESCAPED("a\0b", "a\\x00b");
  CHECK_ESCAPED("line\nnext\tcell", "line\\x0anext\tcell");
}

static void test_invalid_utf8_is_shown_as_bytes(void) {
  CHECK_ESCAPED("\xff", "\\xff");
  CHECK_ESCAPED("\xc0\xaf", "\\xc0\\xaf");          /* '/' in two bytes: overlong */
  CHECK_ESCAPED("\xe0\x80\xaf", "\\xe0\\x80\\xaf"); /* and in three */
  CHECK_ESCAPED("\xe4\xb8", "\\xe4\\xb8");          /* the first two bytes of 中 */
  CHECK_ESCAPED("\xe4\xb8x", "\\xe4\\xb8x");
  CHECK_ESCAPED("\xed\xa0\x80", "\\xed\\xa0\\x80");          /* a surrogate */
  CHECK_ESCAPED("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* past U+10FFFF */
  CHECK_ESCAPED("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \\x1b", "café 中 😀 \\x1b");
}

static void test_term_write_keeps_lines(void) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  term_write(f, "one\n\ttwo\033[31m\r\n", 15);
  fclose(f);
  CHECK_STR(text, "one\n\ttwo\\x1b[31m\\x0d\n");
  free(text);
}

/* A program's output as racecheck's lines: each line escaped, a NUL kept visible, CRLF ends
 * accepted; and escaping again changes nothing, so a line can be escaped at every stage. */
static void test_output_lines_are_escaped(void) {
  static const char out[] = "a\033[2J\r\nb\0c\n\xff";
  struct strlist lines = {0};
  split_lines_by(out, sizeof out - 1, term_escape, &lines);
  CHECK(lines.len == 3);
  CHECK(lines.len == 3 && strcmp(lines.items[0], "a\\x1b[2J") == 0);
  CHECK(lines.len == 3 && strcmp(lines.items[1], "b\\x00c") == 0);
  CHECK(lines.len == 3 && strcmp(lines.items[2], "\\xff") == 0);
  for (size_t i = 0; i < lines.len; i++) {
    char *again = term_escape(lines.items[i], strlen(lines.items[i]));
    CHECK_STR(again, lines.items[i]);
    free(again);
  }
  strlist_free(&lines);
}

static const char RACECHECK[] = "build/asan/racecheck";

/* How long a test waits for a process to come or go: long past what it takes, so that only a
 * process that never comes or goes fails. */
static const double PATIENCE_S = 10;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(void) {
  nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
}

struct wanted {
  pid_t parent;
  const char *name;
  pid_t found;
};

static int is_wanted(const struct process *p, void *ctx) {
  struct wanted *w = ctx;
  char path[64], name[64] = "";
  snprintf(path, sizeof path, "/proc/%d/comm", (int)p->pid);
  FILE *f = p->ppid == w->parent ? fopen(path, "r") : NULL;
  if (f && fgets(name, sizeof name, f))
    name[strcspn(name, "\n")] = '\0';
  if (f)
    fclose(f);
  w->found = strcmp(name, w->name) == 0 ? p->pid : 0;
  return w->found != 0;
}

/* The child of `parent` that runs the program `name` (it has exec'd), or 0 if none comes. */
static pid_t child_named(pid_t parent, const char *name) {
  struct wanted w = {parent, name, 0};
  for (double until = now_s() + PATIENCE_S; now_s() < until && !each_process(is_wanted, &w);)
    nap();
  return w.found;
}

/* Waits for a child of this test (an orphan this subreaper took) to end: its status, or -1
 * if it is still running after PATIENCE_S, and then it is killed. */
static int end_of(pid_t pid) {
  int status;
  for (double until = now_s() + PATIENCE_S; now_s() < until; nap())
    if (waitpid(pid, &status, WNOHANG) == pid)
      return status;
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  return -1;
}

static int killed(int status) {
  return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* SIGKILL gives racecheck no chance to take its case down: the kernel must. */
static void test_the_child_dies_with_a_killed_runner(void) {
  pid_t runner = fork();
  if (runner == 0) {
    char *argv[] = {"sleep", "3600", NULL};
    struct child c = {.argv = argv, .search_path = 1, .envp = environ, .keep_bytes = 1024};
    child_run(&c);
    _exit(0);
  }
  pid_t sleeper = child_named(runner, "sleep");
  CHECK(sleeper > 0);
  kill(runner, SIGKILL);
  waitpid(runner, NULL, 0);
  CHECK(sleeper > 0 && killed(end_of(sleeper)));
}

static pid_t start_quietly(char **argv) {
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1), dup2(null, 2);
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

static void test_the_case_dies_with_a_killed_racecheck(void) {
  char *binary = xasprintf("%s/sleep_forever", tmp);
  char *cc[] = {"clang", "-std=c17", "-g", "-fsanitize=thread", "tests/data/sleep_forever.c",
                "-o",    binary,     NULL};
  struct child build = {.argv = cc, .search_path = 1, .envp = environ, .keep_bytes = 1 << 16};
  CHECK(child_run(&build) == 0 && build.end == CHILD_EXITED && build.status == 0);
  child_free(&build);
  char *argv[] = {(char *)RACECHECK, "show", binary, NULL};
  pid_t racecheck = start_quietly(argv);
  pid_t sleeper = child_named(racecheck, "sleep_forever");
  CHECK(sleeper > 0);
  kill(racecheck, SIGKILL);
  waitpid(racecheck, NULL, 0);
  CHECK(sleeper > 0 && killed(end_of(sleeper)));
  free(binary);
}

/* Whether is_regular_executable refuses path, with a message that names it and says `why`. */
static int refused(const char *path, const char *why) {
  char *error = NULL;
  int no =
      !is_regular_executable(path, &error) && error && strstr(error, path) && strstr(error, why);
  if (!no)
    printf("%s: %s\n", path, error ? error : "accepted");
  free(error);
  return no;
}

/* Reading a FIFO to see whether it holds TSan blocked forever; /dev/zero, until memory ran
 * out. Neither is read now. */
static void test_only_a_regular_executable_is_run(void) {
  char *fifo = xasprintf("%s/fifo", tmp), *text = xasprintf("%s/notes.txt", tmp);
  char *to_zero = xasprintf("%s/zero", tmp), *missing = xasprintf("%s/missing", tmp);
  CHECK(mkfifo(fifo, 0700) == 0);
  CHECK(write_file(text, "not a program\n", 14));
  CHECK(symlink("/dev/zero", to_zero) == 0);
  CHECK(refused("/dev/zero", "is a device, not a program"));
  CHECK(refused(to_zero, "is a device, not a program"));
  CHECK(refused(fifo, "is a FIFO, not a program"));
  CHECK(refused(tmp, "is a directory, not a program"));
  CHECK(refused(text, "is not executable"));
  CHECK(refused(missing, "No such file or directory"));
  char *error = NULL;
  CHECK(is_regular_executable("build/tests/hostile", &error) && error == NULL);
  free(fifo), free(text), free(to_zero), free(missing);
}

/* A file name chosen by #line, with escape sequences in it, is escaped in the lanes of a
 * race and in a hang's summary, as everything else a program controls. */
static void test_a_line_directive_reaches_no_terminal(void) {
  static const char *const PROGRAMS[] = {
      "#include <pthread.h>\n#line 1 \"\033[31mrace\033]0;title\007.c\"\nint counter;\n"
      "void *inc(void *a) { (void)a; counter++; return NULL; }\n"
      "int main(void) { pthread_t t[2]; for (int i = 0; i < 2; i++) pthread_create(&t[i], "
      "NULL, inc, NULL); for (int i = 0; i < 2; i++) pthread_join(t[i], NULL); }\n",
      "#include <pthread.h>\n#line 1 \"\033[31mhang\033]0;title\007.c\"\n"
      "pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n"
      "void *f(void *a) { (void)a; pthread_mutex_lock(&m); return NULL; }\n"
      "int main(void) { pthread_t t; pthread_mutex_lock(&m); pthread_create(&t, NULL, f, "
      "NULL); pthread_join(t, NULL); }\n"};
  for (size_t i = 0; i < 2; i++) {
    char *source = xasprintf("%s/line%zu.c", tmp, i);
    CHECK(write_file(source, PROGRAMS[i], strlen(PROGRAMS[i])));
    char *argv[] = {(char *)RACECHECK, "show", "--timeout", "5", source, NULL};
    struct child c = {.argv = argv, .envp = environ, .timeout_s = 120, .keep_bytes = 1 << 20};
    CHECK(child_run(&c) == 0 && c.out.len > 0);
    CHECK(strstr(buf_str(&c.out), i ? "hang\\x1b]0;title" : "race\\x1b]0;title") != NULL);
    CHECK(!memchr(c.out.data, '\033', c.out.len) && !memchr(c.err.data, '\033', c.err.len));
    child_free(&c);
    free(source);
  }
}

/* A word of a command racecheck prints to be pasted: plain as it is, else one word in
 * quotes, whatever quote or space it holds; never a control character. */
static void test_shell_words_survive_a_paste(void) {
  const char *const cases[][2] = {
      {"bank_racy", "bank_racy"},
      {"src/my-file_2.c", "src/my-file_2.c"},
      {"my file.c", "'my file.c'"},
      {"it's.c", "'it'\\''s.c'"},
      {"$(rm -rf ~).c", "'$(rm -rf ~).c'"},
      {"a\033[2J.c", "'a\\x1b[2J.c'"},
      {"", "''"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *got = shell_word(cases[i][0]);
    CHECK_STR(got, cases[i][1]);
    free(got);
  }
  char *quoted = shell_quote("picks:");
  CHECK_STR(quoted, "'picks:'");
  free(quoted);
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
  test_patterns_mean_what_they_meant();
  test_adjacent_numbers_take_linear_time();
  test_choices_among_numbers_take_linear_time();
  test_bless_keeps_comments_in_place();
  test_bless_keeps_comments_when_lines_change();
  test_bless_never_drops_a_comment();
  test_escape_sequences_never_reach_the_terminal();
  test_invalid_utf8_is_shown_as_bytes();
  test_term_write_keeps_lines();
  test_shell_words_survive_a_paste();
  test_output_lines_are_escaped();
  test_only_a_regular_executable_is_run();
  test_a_line_directive_reaches_no_terminal();
  prctl(PR_SET_CHILD_SUBREAPER, 1); /* what the runners leave behind comes here to be waited for */
  test_the_child_dies_with_a_killed_runner();
  test_the_case_dies_with_a_killed_racecheck();
  char *argv[] = {"rm", "-rf", "--", tmp, NULL};
  struct child rm = {.argv = argv, .search_path = 1, .envp = environ, .timeout_s = 60};
  child_run(&rm);
  child_free(&rm);
  return test_summary("hostile");
}
