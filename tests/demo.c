/* `racecheck demo`: the course a learner walks. Every line of `ninja demo` fits 80 columns,
 * no fix a learner copies holds a helper that only forces the schedule, the verdicts read
 * the right way round, a lesson can be asked for by number or case, and a wrong name is an
 * error that lists the lessons. */
#include "runlib.h"

static const char RACECHECK[] = "build/asan/racecheck";

/* The helpers cases once ordered their runs with (cases/forced_order.h, now the lessons'
 * schedules): a fix that holds one of these is test scaffolding. */
static const char *const FORCING[] = {"wait_turn",    "next_turn",
                                      "step_done",    "wait_for_step",
                                      "current_turn", "lock_or_pass_turn",
                                      "struct step",  "forced_order.h",
                                      "turn.now",     "racecheck_before_blocking_lock"};

/* Columns as a terminal counts them: one per UTF-8 character. */
static size_t columns_of(const char *line, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)line[i] & 0xc0) != 0x80;
  return n;
}

/* The lines wider than 80 columns, printed; returns how many. */
static int lines_too_wide(const char *text) {
  int wide = 0;
  for (const char *p = text; *p;) {
    size_t len = strcspn(p, "\n");
    if (columns_of(p, len) > 80 && ++wide <= 5)
      printf("wider than 80 columns: %.*s\n", (int)len, p);
    p += len + (p[len] == '\n');
  }
  return wide;
}

/* The diff lines of every fix the text shows that name a forcing helper, printed; returns
 * how many. A fix runs from its heading to the next part or lesson. */
static int fixes_with_scaffolding(const char *text) {
  int found = 0;
  for (const char *fix = strstr(text, ". The fix: "); fix; fix = strstr(fix + 1, ". The fix: ")) {
    const char *end = strstr(fix, "\n-- ");
    const char *lesson = strstr(fix, "\n== ");
    end = !end || (lesson && lesson < end) ? lesson : end;
    for (const char *p = strchr(fix, '\n'); p && (!end || p < end); p = strchr(p + 1, '\n')) {
      size_t len = strcspn(p + 1, "\n");
      int diff_line = len > 2 && strncmp(p + 1, "  ", 2) == 0 && strchr("+- @", p[3]);
      for (size_t k = 0; diff_line && k < sizeof FORCING / sizeof *FORCING; k++) {
        char *line = xstrndup(p + 1, len);
        if (strstr(line, FORCING[k]) && ++found <= 5)
          printf("a fix shows %s: %s\n", FORCING[k], line);
        free(line);
      }
    }
  }
  return found;
}

static void test_whole_demo(void) {
  char *all[] = {(char *)RACECHECK, "demo", "--all", NULL};
  struct result r = run(all);
  CHECK(r.code == 0);
  CHECK(lines_too_wide(r.out) == 0);
  CHECK(fixes_with_scaffolding(r.out) == 0);
  CHECK(says(r.out, "== Lesson 1 of "));
  CHECK(says(r.out, "-- 4. The fix: bank_racy -> bank_mutex\n"));
  CHECK(says(r.out, "+  pthread_mutex_lock(&balance_mu);"));
  CHECK(says(r.out, "=> race shown, as expected\n"));
  CHECK(says(r.out, "=> deadlock shown, as expected\n"));
  CHECK(says(r.out, "=> no report, as expected: the rule is kept\n"));
  CHECK(strstr(r.out, "PASS") == NULL && strstr(r.out, "NOT what") == NULL);
  CHECK(says(r.out, "== Recap: when to use which\n"));
  CHECK(says(r.out, "WaitGroup") && says(r.out, "Channel") && says(r.out, "pthread_join"));
  CHECK(says(r.out, "== Which detector saw which rule"));
  CHECK(says(r.out, "\nbank_racy                   yes  yes  yes  yes  yes  miss"));
  result_free(&r);
}

/* The checks above can fail: a fix that calls a forcing helper on its FIX line is caught,
 * and so is a line too wide. */
static void test_the_checks_can_fail(void) {
  char *tmp = test_folder_make("demo");
  char *copy[] = {"cp", "-r", "cases", tmp, NULL};
  struct result r = run(copy);
  result_free(&r);
  char *cases = xasprintf("%s/cases", tmp);
  char *path = xasprintf("%s/bank_mutex.c", cases);
  char *source = slurp(path);
  struct buf edited = {0};
  const char *fix = strstr(source, "  pthread_mutex_lock(&balance_mu);");
  CHECK(fix != NULL);
  if (fix) {
    buf_add(&edited, source, (size_t)(fix - source));
    buf_adds(&edited, "  wait_turn(0);  /* FIX: wait for the key, then take it */\n");
    buf_adds(&edited, fix);
  }
  CHECK(write_file(path, buf_str(&edited), edited.len));
  char *lesson[] = {(char *)RACECHECK, "demo", "--cases", cases, "1", NULL};
  r = run(lesson);
  CHECK(fixes_with_scaffolding(r.out) == 1);
  result_free(&r);
  char wide[83];
  memset(wide, 'x', 81);
  wide[81] = '\n', wide[82] = '\0';
  CHECK(lines_too_wide(wide) == 1 && lines_too_wide(wide + 1) == 0);
  CHECK(lines_too_wide("\xc3\xa9t\xc3\xa9 is four columns, though six bytes\n") == 0);
  buf_free(&edited);
  free(source), free(path), free(cases);
  test_folder_remove(tmp);
}

static void test_the_list_and_one_lesson(void) {
  char *list[] = {(char *)RACECHECK, "demo", NULL};
  struct result r = run(list);
  CHECK(r.code == 0 && says(r.out, "  1  a check-then-update on shared data is a race.\n"));
  CHECK(says(r.out, "     breaks it: bank_racy; keep it: bank_mutex\n"));
  CHECK(lines_too_wide(r.out) == 0);
  result_free(&r);
  char *by_name[] = {(char *)RACECHECK, "demo", "--step", "counter_atomic", NULL};
  r = run(by_name); /* --step pauses on a terminal only: here it runs through */
  CHECK(r.code == 0 && says(r.out, "== Lesson 2 of "));
  CHECK(says(r.out, "-- 1. The rule broken: counter_racy\n"));
  CHECK(says(r.out, "The rule kept: counter_atomic\n"));
  CHECK(says(r.out, "The fix: counter_racy -> counter_mutex\n"));
  CHECK(strstr(r.out, "Enter") == NULL && strstr(r.out, "== Lesson 1 ") == NULL);
  CHECK(strstr(r.out, "== Recap") == NULL);
  /* the lesson ends with its exercise's command */
  CHECK(
      ends_with(r.out, "Your turn: `racecheck exercise 2` copies counter_racy for you to fix.\n"));
  result_free(&r);
  char *step_after[] = {(char *)RACECHECK, "demo", "2", "--step", NULL};
  r = run(step_after); /* an option after the lesson is an option, not a lesson */
  CHECK(r.code == 0 && says(r.out, "== Lesson 2 of ") && r.err[0] == '\0');
  result_free(&r);
  char *no_exercise[] = {(char *)RACECHECK, "demo",         "counter_mutex",
                         "--exercise-data", "/nonexistent", NULL};
  r = run(no_exercise); /* a lesson with no exercise names none */
  CHECK(r.code == 0 && strstr(r.out, "racecheck exercise") == NULL);
  result_free(&r);
}

static void test_wrong_names_and_help(void) {
  const char *wrong[] = {"bank", "0", "999"};
  for (size_t i = 0; i < 3; i++) {
    char *demo[] = {(char *)RACECHECK, "demo", (char *)wrong[i], NULL};
    struct result r = run(demo);
    CHECK(r.code == 2 && says(r.err, "no lesson is called") && says(r.err, "  1  "));
    /* the error is the last line, where the list above cannot scroll it off the screen */
    char *last =
        xasprintf("\nracecheck: no lesson is called %s: give a number or a case name\n", wrong[i]);
    CHECK(ends_with(r.err, last));
    free(last);
    CHECK(r.out[0] == '\0');
    result_free(&r);
  }
  char *help[] = {(char *)RACECHECK, "demo", "--help", NULL};
  struct result r = run(help);
  CHECK(r.code == 0 && says(r.out, "usage: racecheck demo"));
  result_free(&r);
}

int main(void) {
  test_the_list_and_one_lesson();
  test_wrong_names_and_help();
  test_the_checks_can_fail();
  test_whole_demo();
  return test_summary("demo");
}
