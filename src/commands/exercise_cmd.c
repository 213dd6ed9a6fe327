/* The learner's commands: `exercise` makes a copy of a lesson's broken program to fix,
 * `hint` says one more hint each time, `try` grades the fix (exercise_try.c). */
#include "exercise_try.h"

#include "json.h"
#include "picture.h"
#include "term.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How a learner runs racecheck from the project's folder, as the README says. */
static const char COMMAND[] = "build/racecheck";

static int find_or_say(const struct options *o, const char *lesson, struct exercise *e) {
  char *error = NULL;
  if (exercise_find(o, lesson, e, &error) == 0)
    return 0;
  fprintf(stderr, "racecheck: %s\n", error);
  free(error);
  return -1;
}

/* The headers a C file includes by a quoted name: `#include "thread_safety.h"`. */
static void quoted_includes(const char *text, size_t len, struct strlist *out) {
  struct strlist lines = {0};
  split_lines(text, len, &lines);
  for (size_t i = 0; i < lines.len; i++) {
    const char *l = lines.items[i];
    const char *open = starts_with(l, "#include \"") ? l + strlen("#include \"") : NULL;
    const char *close = open ? strchr(open, '"') : NULL;
    if (close && close > open && !memchr(open, '/', (size_t)(close - open)))
      strlist_push(out, xstrndup(open, (size_t)(close - open)));
  }
  strlist_free(&lines);
}

/* Copies cases/NAME into the folder unless it is there; 1 copied, 0 kept, -1 failed. */
static int copy_new(const char *cases_dir, const char *name, const char *folder,
                    struct strlist *headers) {
  char *from = xasprintf("%s/%s", cases_dir, name), *to = xasprintf("%s/%s", folder, name);
  struct buf text = {0};
  int rc = read_file(from, &text) ? 0 : -1;
  if (rc == 0) {
    quoted_includes(buf_str(&text), text.len, headers);
    rc = write_new_file(to, buf_str(&text), text.len) ? 1 : errno == EEXIST ? 0 : -1;
  }
  if (rc < 0)
    fprintf(stderr, "racecheck: cannot copy %s to %s: %s\n", from, to, strerror(errno));
  buf_free(&text);
  free(from), free(to);
  return rc;
}

static int already_listed(const struct strlist *l, size_t before, const char *name) {
  for (size_t i = 0; i < before; i++)
    if (strcmp(l->items[i], name) == 0)
      return 1;
  return 0;
}

/* The program and every header it includes, each copied unless there already. */
static int copy_exercise(const struct options *o, const struct exercise *e, const char *folder) {
  struct strlist files = {0};
  strlist_push(&files, xasprintf("%s.c", e->name));
  int copied = 0;
  for (size_t i = 0; i < files.len && copied >= 0; i++) {
    if (already_listed(&files, i, files.items[i]))
      continue;
    int rc = copy_new(o->cases_dir, files.items[i], folder, &files);
    copied = rc < 0 ? -1 : i == 0 ? rc : copied;
  }
  strlist_free(&files);
  return copied;
}

static void print_task(const struct exercise *e, const char *source, int copied) {
  printf("Lesson %d, %s. The rule: %s\n", e->number, e->name, e->rule);
  printf("%s: %s\n", copied ? "Your copy" : "Your copy (already there, kept as it was)", source);
  print_wrapped(stdout, "Task: ", "  ", e->task);
  printf("Check your fix:  %s try %s    (ninja try: every exercise you have)\n", COMMAND, e->name);
  printf("Stuck?           %s hint %s   (%zu hints, one more each time)\n", COMMAND, e->name,
         e->hints.len);
}

/* Every exercise; or -1 after saying why not. */
static int list_or_say(const struct options *o, struct exercise **all, size_t *n) {
  char *error = NULL;
  if (exercise_list(o, all, n, &error) == 0)
    return 0;
  fprintf(stderr, "racecheck: %s\n", error);
  free(error);
  return -1;
}

static int list_exercises(const struct options *o) {
  struct exercise *all;
  size_t n;
  if (list_or_say(o, &all, &n) != 0)
    return 2;
  for (size_t i = 0; i < n; i++)
    printf("%2d  %-28s %s\n", all[i].number, all[i].name, all[i].rule);
  printf("Start one with: %s exercise NUMBER (or NAME)\n", COMMAND);
  exercises_free(all, n);
  return 0;
}

int cmd_exercise(const struct options *o, int argc, char **argv) {
  if (argc == 0)
    return list_exercises(o);
  if (argc != 1)
    return usage_error("exercise takes one lesson: its number or its case's name");
  struct exercise e;
  if (find_or_say(o, argv[0], &e) != 0)
    return 2;
  char *folder = exercise_folder(o, &e), *source = exercise_source(o, &e);
  int copied = make_dirs(folder) ? copy_exercise(o, &e, folder) : -1;
  if (copied >= 0)
    print_task(&e, source, copied);
  else
    fprintf(stderr, "racecheck: cannot make %s: %s\n", folder, strerror(errno));
  free(folder), free(source);
  exercise_free(&e);
  return copied >= 0 ? 0 : 2;
}

/* --- hint ---------------------------------------------------------------------------- */

static long hints_shown(const char *state) {
  struct buf text = {0};
  char *error = NULL; /* no count: none shown */
  long n = read_source(state, 64, &text, &error) ? strtol(buf_str(&text), NULL, 10) : 0;
  buf_free(&text);
  free(error);
  return n > 0 ? n : 0;
}

int cmd_hint(const struct options *o, int argc, char **argv) {
  if (argc != 1)
    return usage_error("hint takes one lesson: its number or its case's name");
  struct exercise e;
  if (find_or_say(o, argv[0], &e) != 0)
    return 2;
  char *folder = exercise_folder(o, &e), *state = xasprintf("%s/.hints", folder);
  int rc = 0;
  if (access(folder, F_OK) != 0) {
    fprintf(stderr, "racecheck: no copy of %s yet: %s exercise %s makes one\n", e.name, COMMAND,
            e.name);
    rc = 2;
  } else {
    long n = hints_shown(state) + 1;
    if (n > (long)e.hints.len)
      n = (long)e.hints.len;
    for (long i = 0; i < n; i++) {
      char *first = xasprintf("Hint %ld of %zu: ", i + 1, e.hints.len);
      print_wrapped(stdout, first, "  ", e.hints.items[i]);
      free(first);
    }
    if (n == (long)e.hints.len)
      printf("That was the last hint: the fixed program, %s.c, is in cases/.\n", e.twin);
    char *count = xasprintf("%ld\n", n);
    if (!write_file(state, count, strlen(count)))
      fprintf(stderr, "racecheck: cannot keep %s: %s\n", state, strerror(errno));
    free(count);
  }
  free(folder), free(state);
  exercise_free(&e);
  return rc;
}

/* --- try ----------------------------------------------------------------------------- */

static void print_json(const struct exercise *e, const char *source, const struct try_verdict *v) {
  struct json j = {.out = stdout};
  char *why = try_reason_text(v);
  json_begin_object(&j, NULL);
  json_int(&j, "racecheck_format", 1);
  json_string(&j, "lesson", e->name);
  json_int(&j, "number", e->number);
  json_string(&j, "source", source);
  json_string(&j, "verdict",
              v->outcome == TRY_PASS   ? "PASS"
              : v->outcome == TRY_FAIL ? "FAIL"
                                       : "ERROR");
  json_string(&j, "reason", v->outcome == TRY_ERROR ? "error" : try_reason_id(v->reason));
  json_string(&j, "why", why);
  json_string(&j, "advice", try_advice(v));
  json_string(&j, "finding", v->finding);
  json_int(&j, "runs", (long)v->runs);
  json_int(&j, "schedules_explored", v->explored);
  json_string(&j, "schedule", v->schedule);
  json_tenths(&j, "seconds", v->seconds);
  json_end_object(&j);
  fputc('\n', stdout);
  free(why);
}

static int try_one(const struct options *o, const struct exercise *e) {
  char *source = o->source ? xstrdup(o->source) : exercise_source(o, e);
  if (access(source, R_OK) != 0) {
    fprintf(stderr, "racecheck: %s: %s (%s exercise %s makes your copy)\n", source, strerror(errno),
            COMMAND, e->name);
    free(source);
    return 2;
  }
  struct buf text = {0};
  char *refused = NULL;
  if (!read_source(source, SOURCE_LIMIT, &text, &refused)) {
    char *shown = term_escape(refused, strlen(refused));
    fprintf(stderr, "racecheck: %s\n", shown);
    free(shown), free(refused), free(source);
    buf_free(&text);
    return 2;
  }
  buf_free(&text);
  struct try_verdict v;
  exercise_try(o, e, source, &v);
  if (o->format == FORMAT_JSON)
    print_json(e, source, &v);
  else
    try_verdict_print(stdout, e, source, &v);
  int rc = v.outcome == TRY_PASS ? 0 : v.outcome == TRY_FAIL ? 1 : 2;
  try_verdict_free(&v);
  free(source);
  return rc;
}

/* try --all: every exercise the learner has a copy of. */
static int try_present(const struct options *o) {
  struct exercise *all;
  size_t n;
  if (list_or_say(o, &all, &n) != 0)
    return 2;
  int worst = 0, tried = 0;
  for (size_t i = 0; i < n; i++) {
    char *source = exercise_source(o, &all[i]);
    if (access(source, F_OK) == 0) {
      if (tried++)
        putchar('\n');
      int rc = try_one(o, &all[i]);
      worst = rc > worst ? rc : worst;
    }
    free(source);
  }
  if (!tried)
    printf("No exercise to try yet: %s exercise lists them.\n", COMMAND);
  exercises_free(all, n);
  return worst;
}

int cmd_try(const struct options *o, int argc, char **argv) {
  if (o->all && argc == 0)
    return try_present(o);
  if (argc != 1)
    return usage_error("try takes one lesson (its number or its case's name), or --all");
  struct exercise e;
  if (find_or_say(o, argv[0], &e) != 0)
    return 2;
  int rc = try_one(o, &e);
  exercise_free(&e);
  return rc;
}
