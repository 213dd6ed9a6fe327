#include "demo.h"

#include "array.h"
#include "case_info.h"
#include "columns.h"
#include "demo_lesson.h"
#include "detectors.h"
#include "lessons.h"
#include "matrix.h"

#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The course: the lessons of cases/lessons.txt, then each case it does not name, alone. */
static void read_course(const struct demo_options *o, struct lessons *course) {
  char *error = NULL;
  if (lessons_read(o->cases_dir, course, &error) != 0) /* then every case on its own */
    fprintf(stderr, "racecheck: %s\n", error);
  free(error);
  struct strlist every = {0};
  list_cases(o->cases_dir, &every); /* unreadable: only the lessons are shown */
  for (size_t i = 0; i < every.len; i++)
    if (!lesson_of(course, every.items[i])) {
      struct lesson *l = ARRAY_PUSH(course->items, course->len);
      strlist_push(&l->cases, xstrdup(every.items[i]));
    }
  strlist_free(&every);
}

static void print_course(FILE *out, const struct demo_options *o, const struct lessons *course) {
  fprintf(out, "The lessons (racecheck demo N shows lesson N; --step pauses in it):\n\n");
  for (size_t i = 0; i < course->len; i++) {
    const struct lesson *l = &course->items[i];
    char *rule = lesson_rule(o, l);
    char *number = xasprintf("%3zu  ", i + 1);
    print_wrapped_columns(out, number, "     ", rule);
    struct buf cases = {0};
    int breaks = lesson_breaks_first(o, l);
    buf_printf(&cases, "%s %s", breaks ? "breaks it:" : "shows it:", l->cases.items[0]);
    for (size_t k = 1; k < l->cases.len; k++)
      buf_printf(&cases, "%s %s", k == 1 ? "; keep it:" : ",", l->cases.items[k]);
    print_wrapped_columns(out, "     ", "       ", cases.data);
    buf_free(&cases);
    free(rule), free(number);
  }
}

/* The lesson a word names: its number, or one of its cases. */
static const struct lesson *lesson_named(const struct lessons *course, const char *word) {
  char *end = NULL;
  long number = strtol(word, &end, 10);
  if (*word && *end == '\0')
    return number >= 1 && (size_t)number <= course->len ? &course->items[number - 1] : NULL;
  return lesson_of(course, word);
}

/* The tutorial's closing table, in C's terms, then which detector saw which rule. */
static void print_recap(const struct demo_options *o) {
  printf("\n== Recap: when to use which\n\n"
         "Go's tool   what it is like   what it is for             in C, in these lessons\n"
         "WaitGroup   a referee         waiting until every worker pthread_join\n"
         "                              has finished\n"
         "Channel     a conveyor belt   handing a value from one   a pipe, or a queue with\n"
         "                              thread to the next         a mutex and a condvar\n"
         "Mutex       one key           one thread at a time on    pthread_mutex_t, lock\n"
         "                              the shared data            and unlock in pairs\n");
  struct matrix m = {0};
  char *error = NULL;
  char *path = xasprintf("%s/matrix.txt", o->expected_dir);
  if (matrix_init(&m, o->cases_dir, MATRIX_DEADLINE_S, &error) == 0 &&
      matrix_read_expected(&m, path, &error) == 0) {
    printf("\n== Which detector saw which rule (%s)\n\n", path);
    matrix_print_rules(stdout, &m);
  } else {
    print_wrapped_columns(stdout, "racecheck: ", "  ", error);
  }
  free(error), free(path);
  matrix_free(&m);
}

static int show_lessons(const struct demo_options *o, const struct lessons *course,
                        const struct lesson **chosen, size_t n) {
  int failed = 0;
  for (size_t i = 0; i < n; i++) {
    int rc = demo_lesson(o, chosen[i], (size_t)(chosen[i] - course->items) + 1, course->len);
    if (rc == DEMO_QUIT || (i + 1 < n && demo_pause(o)))
      return failed;
    failed |= rc;
  }
  return failed;
}

static int demo_course(const struct demo_options *o, int all, char **words, size_t n) {
  struct lessons course = {0};
  read_course(o, &course);
  size_t count = all ? course.len : n;
  const struct lesson **chosen = xmalloc((count ? count : 1) * sizeof *chosen);
  int rc = 0;
  for (size_t i = 0; i < count && rc == 0; i++) {
    chosen[i] = all ? &course.items[i] : lesson_named(&course, words[i]);
    if (!chosen[i]) { /* the error last, where the list cannot scroll it off the screen */
      print_course(stderr, o, &course);
      fprintf(stderr, "\nracecheck: no lesson is called %s: give a number or a case name\n",
              words[i]);
      rc = 2;
    }
  }
  if (rc == 0 && count == 0)
    print_course(stdout, o, &course);
  else if (rc == 0)
    rc = show_lessons(o, &course, chosen, count) ? 1 : 0;
  if (rc == 0 && all)
    print_recap(o);
  free(chosen);
  lessons_free(&course);
  return rc;
}

/* The command table takes options before, between and after the lessons (`demo 2 --step`). */
int cmd_demo(const struct options *given, int argc, char **argv) {
  const struct options o = *given;
  int terminal = isatty(STDOUT_FILENO);
  struct demo_options d = {
      .cases_dir = o.cases_dir,
      .build_dir = o.build_dir,
      .expected_dir = o.expected_dir,
      .exercise_data_dir = o.exercise_data_dir,
      .run = {.timeout_s = o.timeout_s, .gdb = o.gdb},
      .color = terminal && !(getenv("NO_COLOR") && *getenv("NO_COLOR")),
      .step = o.step && terminal && isatty(STDIN_FILENO),
  };
  for (int i = 0; i < argc; i++)
    if (!valid_case_name(argv[i]))
      return usage_error("demo takes lesson numbers or case names (files in cases/, no .c)");
  if (argc > 0 && o.all)
    return usage_error("demo takes --all or lessons, not both");
  return demo_course(&d, o.all, argv, (size_t)argc);
}
