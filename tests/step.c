/* `racecheck step` with the learner as the scheduler, on a pseudo-terminal of 80 columns:
 * keys pick who goes on, Backspace goes back a step, a key of a thread that may not go on
 * changes nothing, q quits with the replay command; the bank's lost update and its race,
 * the lock-order deadlock. Without a terminal, every lesson's schedule replays through step
 * to its case's expected findings. */
#include "expect.h"
#include "lessons.h"
#include "runlib.h"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>

static const char RACECHECK[] = "build/asan/racecheck";
static const char CLEAR[] = "\033[H\033[2J";

struct session {
  pid_t pid;
  int fd;
  struct buf out; /* everything the terminal was sent */
};

static void start(struct session *s, const char *lesson, int no_color) {
  *s = (struct session){0};
  struct winsize size = {.ws_row = 24, .ws_col = 80};
  s->pid = forkpty(&s->fd, NULL, NULL, &size);
  if (s->pid == 0) {
    if (no_color)
      setenv("NO_COLOR", "1", 1);
    else
      unsetenv("NO_COLOR");
    setenv("TERM", "xterm", 1);
    execl(RACECHECK, RACECHECK, "step", lesson, (char *)NULL);
    _exit(127);
  }
}

/* Reads until the terminal shows `what` after offset `from`, or 60 s pass; whether it did. */
static int wait_for(struct session *s, size_t from, const char *what) {
  for (int waited_ms = 0; waited_ms < 60000;) {
    if (s->out.len > from && strstr(s->out.data + from, what))
      return 1;
    struct pollfd p = {.fd = s->fd, .events = POLLIN};
    if (poll(&p, 1, 100) <= 0) {
      waited_ms += 100;
      continue;
    }
    char chunk[4096];
    ssize_t n = read(s->fd, chunk, sizeof chunk);
    if (n <= 0)
      break;
    buf_add(&s->out, chunk, (size_t)n);
  }
  printf("the terminal never showed \"%s\"; it showed:\n%s\n", what,
         s->out.len > from ? s->out.data + from : "");
  return 0;
}

/* The screen after the key: from its last clearing to the line of keys. */
static char *press(struct session *s, const char *key) {
  size_t from = s->out.len;
  if (write(s->fd, key, strlen(key)) != (ssize_t)strlen(key))
    return xstrdup("");
  if (!wait_for(s, from, CLEAR) || !wait_for(s, from, ": quit"))
    return xstrdup("");
  const char *screen = s->out.data + from, *last;
  while ((last = strstr(screen + 1, CLEAR)))
    screen = last;
  return xstrdup(screen + strlen(CLEAR));
}

static int finish(struct session *s) {
  int status = 0;
  size_t from = s->out.len;
  if (write(s->fd, "q", 1) == 1)
    wait_for(s, from, "To replay it:");
  wait_for(s, from, "\n"); /* the rest of the line, or its end */
  for (char chunk[4096]; poll(&(struct pollfd){.fd = s->fd, .events = POLLIN}, 1, 2000) > 0;) {
    ssize_t n = read(s->fd, chunk, sizeof chunk);
    if (n <= 0)
      break;
    buf_add(&s->out, chunk, (size_t)n);
  }
  waitpid(s->pid, &status, 0);
  close(s->fd);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int widest_line(const char *text) {
  int widest = 0;
  for (const char *p = text; *p;) {
    int len = (int)strcspn(p, "\r\n");
    widest = len > widest ? len : widest;
    p += len;
    p += strspn(p, "\r\n");
  }
  return widest;
}

/* Whether a screen fits the terminal: 80 columns, and 24 rows (its last line has no end,
 * so that the screen does not scroll). */
static int fits(const char *screen) {
  int rows = 1;
  for (const char *p = strchr(screen, '\n'); p; p = strchr(p + 1, '\n'))
    rows++;
  if (widest_line(screen) <= 80 && rows <= 24)
    return 1;
  printf("a line wider than 80 columns, or more than 24 rows (%d), in:\n%s\n", rows, screen);
  return 0;
}

/* Whether a line of text starts with `start` and ends with `end` (a story line and the
 * values at its right). */
static int line_ends(const char *text, const char *start, const char *end) {
  for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
    size_t len = strcspn(p, "\r\n");
    if (strncmp(p, start, strlen(start)) == 0 && len >= strlen(end) &&
        strncmp(p + len - strlen(end), end, strlen(end)) == 0)
      return 1;
  }
  printf("no line from \"%s\" to \"%s\" in:\n%s\n", start, end, text);
  return 0;
}

/* The bank: both tellers read before either writes, the lost update and its race; a step
 * back and forth on the way; a key of no thread, and one of a thread that may not go on. */
static void test_bank_lost_update(void) {
  struct session s;
  start(&s, "bank_racy", 1);
  CHECK(wait_for(&s, 0, ": quit"));
  CHECK(says(s.out.data, "picks: @balance\r\n"));
  CHECK(says(s.out.data, "[a] A     start  bank_racy.c:12         int seen = balance;"));
  char *screen = press(&s, "a");
  CHECK(says(screen, "picks: @balance A\r\n") && says(screen, "[a] A     next   bank_racy.c:12"));
  free(screen);
  screen = press(&s, "a");
  CHECK(says(screen, "   1  A     bank_racy.c:12         int seen = balance;"));
  CHECK(says(screen, "[a] A     next   bank_racy.c:14         balance = seen - 10;"));
  free(screen);
  screen = press(&s, "\x7f"); /* back: A has not read yet */
  CHECK(says(screen, "picks: @balance A\r\n") && says(screen, "(no thread has passed a point"));
  free(screen);
  free(press(&s, "a"));
  free(press(&s, "b"));
  screen = press(&s, "b");
  CHECK(says(screen, "picks: @balance A*2 B*2\r\n"));
  CHECK(says(screen, "   2  B     bank_racy.c:12         int seen = balance;"));
  CHECK(says(screen, "The story so far; at the right, the variables after each step:"));
  CHECK(line_ends(screen, "   1  A     bank_racy.c:12", "  balance = 100"));
  CHECK(line_ends(screen, "   2  B     bank_racy.c:12", "  balance = 100"));
  CHECK(fits(screen) && !strstr(screen, "\033[1m"));
  free(screen);
  screen = press(&s, "a");
  CHECK(says(screen, "      A     ended\r\n"));
  free(screen);
  size_t before = s.out.len;
  if (CHECK(write(s.fd, "x", 1) == 1)) /* no thread's key: nothing runs */
    CHECK(poll(&(struct pollfd){.fd = s.fd, .events = POLLIN}, 1, 1000) == 0);
  CHECK(s.out.len == before);
  screen = press(&s, "b");
  CHECK(says(screen, "  stdout: balance 90 after two withdrawals of 10\r\n"));
  CHECK(line_ends(screen, "   3  A     bank_racy.c:14", "  balance = 90"));
  CHECK(line_ends(screen, "   4  B     bank_racy.c:14", "  balance = 90")); /* the lost update */
  CHECK(says(screen, "  data race on global 'balance' of size 4\r\n"));
  CHECK(fits(screen));
  free(screen);
  CHECK(finish(&s) == 1);
  CHECK(says(s.out.data, "To replay it:\r\n  racecheck step --schedule 'picks: @balance A*2 B*2 "
                         "A B' bank_racy\r\n"));
  CHECK(widest_line(strstr(s.out.data, "To replay it:")) <= 80);
  buf_free(&s.out);
}

/* Each transfer takes its first lock, then waits for the other's: every thread blocked. */
static void test_lock_order_deadlock(void) {
  struct session s;
  start(&s, "lock_order_deadlock", 0);
  CHECK(wait_for(&s, 0, ": quit"));
  CHECK(says(s.out.data, "\033[1m[a]\033[0m")); /* in bold, NO_COLOR unset */
  const char *keys[] = {"a", "a", "b", "b"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    free(press(&s, keys[i]));
  char *screen = press(&s, "a");
  CHECK(
      says(screen, "      A     waits  lock_order_deadlock.c:27 pthread_mutex_lock(&t->to->mu);"));
  CHECK(says(screen, "\033[1m[b]\033[0m B     next   lock_order_deadlock.c:27"));
  free(screen);
  screen = press(&s, "b"); /* main alone may go on: it comes to its join, and waits too */
  CHECK(says(screen, "Every thread is blocked: a deadlock."));
  CHECK(says(screen, "  deadlock: all 3 threads are asleep\r\n"));
  CHECK(says(screen, "racecheck step lock_order_deadlock: you are the scheduler\r\n"));
  CHECK(fits(screen)); /* the stacks wrapped under their indent, the story cut to its last steps */
  free(screen);
  CHECK(finish(&s) == 1);
  CHECK(says(s.out.data, "--schedule 'picks: A*2 B*2 A B' lock_order_deadlock\r\n"));
  buf_free(&s.out);
}

/* Through a pipe, the bank's fix under its lesson's schedule: what balance held after each
 * step, as the shim read it in the run (the program prints only what it read and wrote). */
static void test_values_through_a_pipe(void) {
  char *argv[] = {(char *)RACECHECK, "step", "bank_mutex", NULL};
  struct result r = run(argv);
  CHECK(says(r.out, "and at the right the variables after the step, as the next step found "
                    "them:\n"));
  CHECK(line_ends(r.out, "   4  A     bank_mutex.c:13", "  balance = 100"));
  CHECK(line_ends(r.out, "   5  A     bank_mutex.c:15", "  balance = 90"));
  CHECK(line_ends(r.out, "   8  B     bank_mutex.c:15", "  balance = 80"));
  const char *end = strstr(r.out, "\n\nWhat the program printed");
  char *story = xstrndup(r.out, end ? (size_t)(end - r.out) : 0);
  CHECK(end && widest_line(story) <= 79);
  free(story);
  result_free(&r);
}

/* main's return is a point of its own, on no line of the program: the story says what it is. */
static void test_main_returns_is_told(void) {
  char *argv[] = {(char *)RACECHECK, "step", "exit_race_racy", NULL};
  struct result r = run(argv);
  CHECK(line_ends(r.out, "   4  main  (main returns)", "  lines_logged = 1"));
  CHECK(says(r.out, "   5  main  exit_race_racy.c:17"));
  CHECK(!strstr(r.out, "(no line)"));
  result_free(&r);
}

/* What step printed after "what the detector found:", as an expected file's lines. */
static void step_lines(const char *out, struct strlist *lines) {
  const char *at = strstr(out, "what the detector found:\n");
  const char *end = at ? strstr(at, "\n\nTo replay it:") : NULL;
  if (!at || !end)
    return;
  at += strlen("what the detector found:\n");
  struct strlist all = {0};
  split_lines(at, (size_t)(end - at), &all);
  for (size_t i = 0; i < all.len; i++)
    if (starts_with(all.items[i], "  ") && !starts_with(all.items[i], "  note: "))
      strlist_push(lines, xstrdup(all.items[i] + 2));
  strlist_free(&all);
}

/* Without a terminal, step runs a lesson's case under its lesson's schedule: each case of
 * each lesson with a schedule gives what its expected file says. */
static void test_every_lessons_schedule_replays(void) {
  struct lessons lessons = {0};
  char *error = NULL;
  if (!CHECK(lessons_read("cases", &lessons, &error) == 0)) {
    printf("  %s\n", error);
    free(error);
    return;
  }
  int replayed = 0;
  for (size_t i = 0; i < lessons.len; i++)
    for (size_t k = 0; lessons.items[i].schedule && k < lessons.items[i].cases.len; k++) {
      const char *name = lessons.items[i].cases.items[k];
      /* a thousand threads, each point told, under ASan on a busy machine: a long deadline */
      char *argv[] = {(char *)RACECHECK, "step", "--timeout", "120", (char *)name, NULL};
      struct result r = run(argv);
      char *path = xasprintf("expected/%s.txt", name), *text = slurp(path);
      struct strlist want = {0}, got = {0};
      if (text)
        for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n')
          if (*p != '#' && *p != '\n')
            strlist_push(&want, xstrndup(p, strcspn(p, "\n")));
      step_lines(r.out, &got);
      int same = text && want.len == got.len;
      for (size_t l = 0; same && l < want.len; l++)
        same = line_matches(want.items[l], got.items[l]);
      if (!CHECK(same))
        printf("  step %s did not give %s:\n%s%s\n", name, path, r.out, r.err);
      replayed++;
      strlist_free(&want), strlist_free(&got);
      free(path), free(text);
      result_free(&r);
    }
  CHECK(replayed >= 10);
  lessons_free(&lessons);
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  test_bank_lost_update();
  test_lock_order_deadlock();
  test_values_through_a_pipe();
  test_main_returns_is_told();
  test_every_lessons_schedule_replays();
  return test_summary("step");
}
