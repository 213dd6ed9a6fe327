/* `racecheck step` on a terminal: the learner is the scheduler. The picks made so far are a
 * `picks:` schedule; each screen is one run of the program under them, read at the choice
 * that comes next: who may go on there and at which line each thread is. A key per thread
 * adds a pick; going back is running the schedule without its last pick. */
#include "step.h"

#include "array.h"
#include "schedule.h"
#include "term.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

enum {
  MAX_SHOWN_THREADS = 27,
  STORY_SHOWN = 8,
  MIN_STORY_SHOWN = 1,
  KEY_QUIT = -2,
  KEY_BACK = -3,
  KEY_NONE = -1
};

/* --- The terminal ------------------------------------------------------------------------ */

static struct termios saved_mode;

static void restore_terminal(void) {
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_mode);
}

static void on_signal(int signo) {
  restore_terminal();
  signal(signo, SIG_DFL);
  raise(signo);
}

/* Keys one by one, unechoed; Ctrl-C still interrupts, and the mode is restored then too. */
static int enter_key_mode(void) {
  if (tcgetattr(STDIN_FILENO, &saved_mode) != 0)
    return -1;
  struct termios keys = saved_mode;
  keys.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
  keys.c_cc[VMIN] = 1;
  keys.c_cc[VTIME] = 0;
  signal(SIGINT, on_signal), signal(SIGTERM, on_signal), signal(SIGHUP, on_signal);
  return tcsetattr(STDIN_FILENO, TCSAFLUSH, &keys);
}

static int colour(void) {
  const char *no = getenv("NO_COLOR");
  return !(no && *no);
}

static const char *bold(void) {
  return colour() ? "\033[1m" : "";
}

static const char *plain(void) {
  return colour() ? "\033[0m" : "";
}

/* The key that picks a thread: main m, A a, B b...; the letters of the other keys in
 * capitals (thread M is M, thread Q is Q). */
static char thread_key(int thread) {
  if (thread == 0)
    return 'm';
  char key = (char)('a' + thread - 1);
  return key == 'm' || key == 'q' ? (char)(key - 'a' + 'A') : key;
}

static int read_key(void) {
  char in[8];
  ssize_t n = read(STDIN_FILENO, in, sizeof in);
  if (n <= 0 || (n == 1 && in[0] == 'q'))
    return KEY_QUIT;
  if ((n == 1 && (in[0] == 0x7f || in[0] == '\b')) ||
      (n == 3 && in[0] == '\033' && (in[1] == '[' || in[1] == 'O') && in[2] == 'D'))
    return KEY_BACK;
  for (int t = 0; n == 1 && t < MAX_SHOWN_THREADS; t++)
    if (in[0] == thread_key(t) || (t > 0 && in[0] == 'A' + t - 1))
      return t;
  return KEY_NONE;
}

/* --- The state at the next choice, from one run ---------------------------------------- */

struct play {
  const struct options *options;
  const struct target *target;
  char *watch; /* "@balance ...": the lesson's variables, whose accesses are choices */
  int *picks;
  size_t npicks;
};

static char *schedule_of(const struct play *p) {
  char *picks = schedule_picks_text(p->picks, p->npicks);
  if (!p->watch)
    return picks;
  char *text = xasprintf("%s %s%s", SCHEDULE_PICKS, p->watch, picks + strlen(SCHEDULE_PICKS));
  free(picks);
  return text;
}

/* The variables a lesson's steps name ("A:balance"), each once, as "@balance @other". */
static char *watch_of(const char *lesson) {
  struct strlist words = {0}, seen = {0};
  split_words(lesson ? lesson : "", " \t", &words);
  struct buf out = {0};
  for (size_t i = 0; i < words.len; i++) {
    const char *colon = strchr(words.items[i], ':');
    int again = 0;
    for (size_t k = 0; colon && k < seen.len; k++)
      again |= strcmp(seen.items[k], colon + 1) == 0;
    if (!colon || again || schedule_call_known(colon + 1))
      continue;
    strlist_push(&seen, xstrdup(colon + 1));
    buf_printf(&out, "%s@%s", out.len ? " " : "", colon + 1);
  }
  strlist_free(&words), strlist_free(&seen);
  return out.data;
}

static const struct schedule_point *next_point(const struct run_findings *f, int thread,
                                               size_t choice) {
  for (size_t i = 0; i < f->npoints; i++)
    if (f->points[i].thread == thread && f->points[i].choice > choice)
      return &f->points[i];
  return NULL;
}

static const struct schedule_point *last_point(const struct run_findings *f, int thread,
                                               size_t choice) {
  const struct schedule_point *last = NULL;
  for (size_t i = 0; i < f->npoints && f->points[i].choice <= choice; i++)
    if (f->points[i].thread == thread)
      last = &f->points[i];
  return last;
}

static int highest_bit(unsigned long long bits) {
  return bits ? 63 - __builtin_clzll(bits) : -1;
}

/* How many threads were made by the choice: those that passed a point or could be picked. */
static int thread_count(const struct run_findings *f, size_t choice) {
  int n = 1;
  for (size_t i = 0; i < f->npoints && f->points[i].choice <= choice; i++)
    n = f->points[i].thread >= n ? f->points[i].thread + 1 : n;
  for (size_t i = 0; i <= choice && i < f->npicks; i++)
    n = highest_bit(f->picks[i].choices) >= n ? highest_bit(f->picks[i].choices) + 1 : n;
  return n;
}

static int followed(const struct play *p, const struct run_findings *f) {
  if (f->npicks < p->npicks)
    return 0;
  for (size_t i = 0; i < p->npicks; i++)
    if (f->picks[i].to != p->picks[i])
      return 0;
  return 1;
}

static int hung(const struct run_findings *f) {
  for (size_t i = 0; i < f->findings.len; i++)
    if (f->findings.items[i].report.kind == REPORT_DEADLOCK)
      return 1;
  return f->end == CHILD_HUNG || f->end == CHILD_TIMEOUT;
}

/* --- The screen -------------------------------------------------------------------------- */

/* The rows of the terminal, or 24. */
static int screen_rows(void) {
  struct winsize size;
  return ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 ? size.ws_row : 24;
}

/* The story up to the choice: its last `most` steps. */
static void print_story_so_far(const struct play *p, const struct run_findings *f, size_t choice,
                               size_t most) {
  size_t passed = 0;
  while (passed < f->npoints && f->points[passed].choice <= choice)
    passed++;
  printf("%s%s\n", passed > most ? "The story's last steps" : "The story so far",
         step_values_told(f, passed) ? "; at the right, the variables after each step:" : ":");
  for (size_t i = passed > most ? passed - most : 0; i < passed; i++)
    step_print_numbered(p->target, i + 1, &f->points[i],
                        i + 1 < f->npoints ? &f->points[i + 1] : NULL);
  if (passed == 0)
    printf("  (no thread has passed a point yet)\n");
}

/* Whether the thread has come to a point by the choice: it passed one, or one of the
 * choices up to it was made where it stood. Until then it waits to start. */
static int started(const struct run_findings *f, int thread, size_t choice) {
  for (size_t i = 0; i <= choice && i < f->npicks; i++)
    if (f->picks[i].from == thread)
      return 1;
  return thread == 0 || last_point(f, thread, choice) != NULL;
}

/* A thread's row: its key if it may go on, what it does, and the line it is at. */
static void print_thread(const struct play *p, const struct run_findings *f, int thread) {
  int can_go = f->picks[p->npicks].choices >> thread & 1;
  const struct schedule_point *next = next_point(f, thread, p->npicks);
  int blocked = !can_go && (next || hung(f));
  const struct schedule_point *at = can_go    ? next
                                    : blocked ? last_point(f, thread, p->npicks)
                                              : NULL;
  const char *state = can_go    ? started(f, thread, p->npicks) ? "next" : "start"
                      : blocked ? "waits"
                                : "ended";
  char name[8];
  step_thread_name(thread, name);
  char *label =
      can_go ? xasprintf("  %s[%c]%s %-4s  %-6s ", bold(), thread_key(thread), plain(), name, state)
             : xasprintf("      %-4s  %-6s ", name, state);
  if (can_go && !next)
    printf("%s(its end)\n", label);
  else if (!at)
    printf("      %-4s  %s\n", name, state);
  else
    step_print_point(p->target, label, at);
  free(label);
}

static void print_choice(const struct play *p, const struct run_findings *f) {
  int n = thread_count(f, p->npicks);
  print_story_so_far(p, f, p->npicks, STORY_SHOWN);
  printf("\nChoice %zu: who goes on? next: stopped before its line; start: not started,\n"
         "runs to its line and stops; waits: blocked in its line until another moves.\n",
         p->npicks + 1);
  for (int t = 0; t < n && t < MAX_SHOWN_THREADS; t++)
    print_thread(p, f, t);
  if (n > MAX_SHOWN_THREADS)
    printf("      and at least %d more threads: a schedule names main and A to Z only\n",
           n - MAX_SHOWN_THREADS);
  printf("\n%skey%s: that thread goes on   %sBackspace%s: back a step   %sq%s: quit", bold(),
         plain(), bold(), plain(), bold(), plain());
}

/* What step_print_run says, wrapped to the terminal's width. */
static char *run_wrapped(const struct run_result *r) {
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  if (!out)
    return xstrdup("");
  step_print_run(out, r, 1);
  fclose(out);
  return text;
}

static int rows_of(const char *text) {
  int rows = 0;
  for (const char *p = strchr(text, '\n'); p; p = strchr(p + 1, '\n'))
    rows++;
  return rows;
}

/* The end: as much of the story as leaves the run's lines and the keys on the screen below
 * the three lines of its top and the story's heading. */
static void print_end(const struct play *p, const struct run_result *r) {
  const struct run_findings *f = &r->findings;
  char *run = run_wrapped(r);
  int room = screen_rows() - 3 - 1 - rows_of(run) - 2 * hung(f) - 2;
  print_story_so_far(p, f, (size_t)-1, room > MIN_STORY_SHOWN ? (size_t)room : MIN_STORY_SHOWN);
  if (hung(f))
    printf("\n%sEvery thread is blocked: a deadlock.%s\n", bold(), plain());
  fputs(run, stdout);
  free(run);
  printf("\n%sBackspace%s: back a step   %sq%s: quit", bold(), plain(), bold(), plain());
}

static void print_screen(const struct play *p, const struct run_result *r) {
  char *schedule = schedule_of(p), *shown = term_escape(schedule, strlen(schedule));
  printf("\033[H\033[2Jracecheck step %s: you are the scheduler\n%s\n\n", p->target->operands,
         shown);
  free(schedule), free(shown);
  if (r->error)
    printf("racecheck: %s\n", r->error);
  else if (!followed(p, &r->findings))
    printf("The run did not follow these picks: the program may not do the same on every run."
           "\n\n%sBackspace%s: back a step   %sq%s: quit",
           bold(), plain(), bold(), plain());
  else if (r->findings.npicks > p->npicks)
    print_choice(p, &r->findings);
  else
    print_end(p, r);
  fflush(stdout);
}

/* --- The loop ---------------------------------------------------------------------------- */

static void run_picks(const struct play *p, struct run_result *out) {
  struct run_options ro = run_options_of(p->options);
  ro.timeout_s = p->target->timeout_s;
  char *schedule = schedule_of(p);
  ro.schedule = schedule;
  ro.story = 1;
  *out = (struct run_result){0};
  printf("\033[Hrunning...\033[K");
  fflush(stdout);
  run_program(&ro, path_basename(p->target->argv[0]), p->target->argv, out);
  free(schedule);
}

/* Whether the key changes the picks: a thread that may go on, or back. */
static int apply_key(struct play *p, const struct run_result *r, int key) {
  const struct run_findings *f = &r->findings;
  if (key == KEY_BACK && p->npicks > 0) {
    p->npicks--;
    return 1;
  }
  if (key < 0 || r->error || !followed(p, f) || f->npicks <= p->npicks ||
      !(f->picks[p->npicks].choices >> key & 1))
    return 0;
  *ARRAY_PUSH(p->picks, p->npicks) = key;
  return 1;
}

int step_play(const struct options *o, const struct target *t, const char *lesson) {
  struct play p = {.options = o, .target = t, .watch = watch_of(lesson)};
  if (enter_key_mode() != 0) {
    fprintf(stderr, "racecheck: the terminal does not take keys one by one\n");
    free(p.watch);
    return 2;
  }
  struct run_result r;
  run_picks(&p, &r);
  for (int key = KEY_NONE; key != KEY_QUIT;) {
    print_screen(&p, &r);
    while ((key = read_key()) != KEY_QUIT && !apply_key(&p, &r, key))
      ;
    if (key != KEY_QUIT) {
      run_result_free(&r);
      run_picks(&p, &r);
    }
  }
  restore_terminal();
  int rc =
      r.error ? 2
      : r.findings.findings.len == 0 && r.findings.end == CHILD_EXITED && r.findings.status == 0
          ? 0
          : 1;
  char *schedule = schedule_of(&p);
  printf("\n");
  step_print_replay(schedule, t);
  free(schedule);
  run_result_free(&r);
  free(p.picks), free(p.watch);
  return rc;
}
