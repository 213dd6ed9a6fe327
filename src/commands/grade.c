#include "grade.h"

#include "child.h"
#include "exercise.h"
#include "grade_platforms.h"
#include "grade_table.h"
#include "json.h"
#include "sandbox.h"
#include "term.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* A submission's whole try (two builds, every run) must end in this time. */
enum { GRADE_LIMIT_S = 300 };

static void add_row(struct grade_table *t, const char *student, const char *lesson,
                    const char *source) {
  t->rows = xrealloc(t->rows, (t->len + 1) * sizeof *t->rows);
  t->rows[t->len++] = (struct grade_row){
      .student = xstrdup(student), .lesson = xstrdup(lesson), .source = xstrdup(source)};
}

static int is_folder(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The lesson a file of a student's folder is a submission for, matched without regard to
 * case (with a warning when the case differs); NULL if none. */
static const struct exercise *lesson_of(const char *student, const char *file,
                                        const struct exercise *all, size_t n) {
  size_t len = strlen(file);
  if (len < 3 || strcasecmp(file + len - 2, ".c") != 0)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    if (strlen(all[i].name) != len - 2 || strncasecmp(file, all[i].name, len - 2) != 0)
      continue;
    if (strncmp(file, all[i].name, len - 2) != 0 || strcmp(file + len - 2, ".c") != 0) {
      char *shown = term_escape(student, strlen(student)), *name = term_escape(file, len);
      fprintf(stderr, "racecheck: %s/%s is graded as %s.c\n", shown, name, all[i].name);
      free(shown), free(name);
    }
    return &all[i];
  }
  return NULL;
}

/* A student's folder: LESSON.c (any case), or LESSON/LESSON.c as `exercise` lays it out; a
 * .c file that is no lesson's, hidden or not, gets a row that says so. */
static void add_folder(struct grade_table *t, const char *student, const char *folder,
                       const struct exercise *all, size_t n) {
  struct strlist files = {0};
  DIR *d = opendir(folder);
  for (struct dirent *e; d && (e = readdir(d));)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      strlist_push(&files, xstrdup(e->d_name));
  if (d)
    closedir(d);
  strlist_sort(&files);
  for (size_t i = 0; i < files.len; i++) {
    char *path = xasprintf("%s/%s", folder, files.items[i]);
    const struct exercise *lesson = lesson_of(student, files.items[i], all, n);
    char *nested = xasprintf("%s/%s.c", path, files.items[i]);
    if (lesson && !is_folder(path)) {
      add_row(t, student, lesson->name, path);
    } else if (is_folder(path) && access(nested, F_OK) == 0) {
      for (size_t k = 0; k < n; k++)
        if (strcmp(all[k].name, files.items[i]) == 0)
          add_row(t, student, all[k].name, nested);
    } else if (ends_with(files.items[i], ".c") || ends_with(files.items[i], ".C")) {
      add_row(t, student, "", path);
      struct grade_row *r = &t->rows[t->len - 1];
      r->verdict = xstrdup("FAIL");
      r->reason = xstrdup("no_lesson");
      r->why = xasprintf("%s matches no lesson's name", files.items[i]);
    }
    free(path), free(nested);
  }
  strlist_free(&files);
}

static int collect(const struct options *o, const char *dir, const struct exercise *all, size_t n,
                   struct grade_table *t) {
  struct strlist names = {0};
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "racecheck: cannot open %s: %s\n", dir, strerror(errno));
    return -1;
  }
  for (struct dirent *e; (e = readdir(d));)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) /* hidden ones too */
      strlist_push(&names, xstrdup(e->d_name));
  closedir(d);
  strlist_sort(&names);
  if (!o->lesson) /* LESSON.c in DIR itself: one student's submission, as a platform gives it */
    add_folder(t, path_basename(dir), dir, all, n);
  for (size_t i = 0; i < names.len; i++) {
    char *path = xasprintf("%s/%s", dir, names.items[i]);
    if (is_folder(path)) {
      add_folder(t, names.items[i], path, all, n);
    } else if (o->lesson && ends_with(names.items[i], ".c")) {
      names.items[i][strlen(names.items[i]) - 2] = '\0';
      add_row(t, names.items[i], all[0].name, path);
    }
    free(path);
  }
  strlist_free(&names);
  return 0;
}

/* The verdict `racecheck try --format json` printed, as docs/racecheck.schema.json's "try"
 * says it is: its verdict, reason and why into the row. Returns 0, or -1 (and the row
 * untouched) when what it printed is not that. */
static int read_try_verdict(const struct buf *out, struct grade_row *row) {
  cJSON *doc = cJSON_ParseWithLength(buf_str(out), out->len);
  const cJSON *format = cJSON_GetObjectItemCaseSensitive(doc, "racecheck_format");
  const char *verdict = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "verdict"));
  const char *reason = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "reason"));
  const char *why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "why"));
  int ok = cJSON_IsObject(doc) && cJSON_IsNumber(format) && format->valueint == 1 && verdict &&
           (strcmp(verdict, "PASS") == 0 || strcmp(verdict, "FAIL") == 0 ||
            strcmp(verdict, "ERROR") == 0) &&
           reason && *reason && strspn(reason, "abcdefghijklmnopqrstuvwxyz_") == strlen(reason) &&
           why;
  if (ok) {
    row->verdict = xstrdup(verdict);
    row->reason = xstrdup(reason);
    row->why = term_escape(why, strlen(why)); /* it may quote what the program printed */
  }
  cJSON_Delete(doc);
  return ok ? 0 : -1;
}

/* `racecheck try` on one submission, in a child of its own: its verdict comes back as JSON.
 * Its orphans are swept once no try runs (child_kill_orphans), not here: a sweep now would
 * take the tries running beside it too. */
static void grade_one(const struct options *o, struct grade_row *row, long max_processes,
                      char **envp) {
  char *self = realpath("/proc/self/exe", NULL);
  struct strlist args = {0};
  const char *words[] = {"try",
                         "--format",
                         "json",
                         "--cases",
                         o->cases_dir,
                         "--build",
                         o->build_dir,
                         "--expected",
                         o->expected_dir,
                         "--exercise-data",
                         o->exercise_data_dir,
                         "--source",
                         row->source};
  strlist_push(&args, xstrdup(self ? self : "racecheck"));
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    strlist_push(&args, xstrdup(words[i]));
  strlist_push(&args, xstrdup("--timeout"));
  strlist_push(&args, xasprintf("%g", o->timeout_s));
  if (o->repeat_given) {
    strlist_push(&args, xstrdup("--repeat"));
    strlist_push(&args, xasprintf("%ld", o->repeat));
  }
  if (o->budget_given) {
    strlist_push(&args, xstrdup("--budget"));
    strlist_push(&args, xasprintf("%ld", o->budget));
  }
  if (!o->no_sandbox)
    strlist_push(&args, xstrdup("--sandbox"));
  strlist_push(&args, xstrdup(row->lesson));
  strlist_push(&args, NULL);
  char **argv = args.items;
  struct child c = {.argv = argv,
                    .envp = envp,
                    .timeout_s = GRADE_LIMIT_S,
                    .keep_bytes = 1 << 16,
                    .max_processes = max_processes};
  int answered = child_run(&c) == 0 && c.end == CHILD_EXITED && read_try_verdict(&c.out, row) == 0;
  if (!answered && c.end == CHILD_TIMEOUT) {
    row->verdict = xstrdup("FAIL");
    row->reason = xstrdup("grading_limit");
    row->why = xasprintf("its try took longer than %d s and was stopped", GRADE_LIMIT_S);
  } else if (!answered) {
    row->verdict = xstrdup("ERROR");
    row->reason = xstrdup("error");
    char *said = term_escape(buf_str(&c.err), strcspn(buf_str(&c.err), "\n"));
    row->why = xasprintf("racecheck try could not grade it: %s", said);
    free(said);
  }
  child_free(&c);
  strlist_free(&args);
  free(self);
}

/* --- A class, N submissions at once ------------------------------------------------ */

/* The rows still to grade, taken in turn by `jobs` threads; each row is written only by the
 * thread that grades it, so the table is the same whatever the order they finish in. */
struct grading {
  const struct options *o;
  struct grade_table *t;
  size_t *rows, len; /* the indexes of the rows to grade */
  long max_processes;
  char **envp;
  int progress; /* stderr is a terminal: one line that says how far it is */
  pthread_mutex_t lock;
  size_t next, done; /* guarded by lock */
};

static void *grade_rows(void *arg) {
  struct grading *g = arg;
  for (;;) {
    pthread_mutex_lock(&g->lock);
    size_t k = g->next < g->len ? g->next++ : g->len;
    pthread_mutex_unlock(&g->lock);
    if (k == g->len)
      return NULL;
    grade_one(g->o, &g->t->rows[g->rows[k]], g->max_processes, g->envp);
    pthread_mutex_lock(&g->lock);
    g->done++;
    if (g->progress)
      fprintf(stderr, "\rracecheck: graded %zu of %zu submissions", g->done, g->len);
    pthread_mutex_unlock(&g->lock);
  }
}

/* The environment of each try: racecheck's, and how many sandboxes run beside each other,
 * for the room each gives its processes (sandbox_max_processes). */
static char **try_environment(int jobs) {
  struct strlist env = {0};
  for (char **p = environ; *p; p++)
    if (!starts_with(*p, SANDBOX_JOBS_ENV "="))
      strlist_push(&env, xstrdup(*p));
  strlist_push(&env, xasprintf("%s=%d", SANDBOX_JOBS_ENV, jobs));
  strlist_push(&env, NULL);
  return env.items;
}

static void grade_all(const struct options *o, struct grade_table *t) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int jobs = o->jobs ? o->jobs : cores > 0 ? (int)cores : 1;
  struct grading g = {.o = o, .t = t, .progress = isatty(STDERR_FILENO)};
  g.rows = xmalloc((t->len + 1) * sizeof *g.rows);
  for (size_t i = 0; i < t->len; i++)
    if (!t->rows[i].verdict) /* a row decided already: no lesson */
      g.rows[g.len++] = i;
  if ((size_t)jobs > g.len)
    jobs = g.len > 0 ? (int)g.len : 1;
  /* root's sandboxes run as another user, each held to that user's count by its own
   * limit (sandbox_max_processes): a cap from root's count would bind theirs too */
  int other_user = !o->no_sandbox && getuid() == 0;
  g.max_processes = other_user ? 0 : threads_of_user(getuid()) + (long)SANDBOX_PROCESS_ROOM * jobs;
  g.envp = try_environment(jobs);
  pthread_mutex_init(&g.lock, NULL);
  pthread_t *threads = xmalloc((size_t)jobs * sizeof *threads);
  int started = 0;
  while (started < jobs && pthread_create(&threads[started], NULL, grade_rows, &g) == 0)
    started++;
  if (started == 0) /* no thread to spare: this one grades them all */
    grade_rows(&g);
  for (int i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  child_kill_orphans();
  if (g.progress && g.len > 0)
    fputs("\r\033[K", stderr);
  pthread_mutex_destroy(&g.lock);
  for (char **p = g.envp; *p; p++)
    free(*p);
  free(g.envp), free(threads), free(g.rows);
}

/* --- The table ----------------------------------------------------------------------- */

/* A cell as a spreadsheet reads it: control characters and bytes that are not UTF-8 shown
 * as \xHH (term_escape), a quote doubled, and a cell that begins as a formula would (= + -
 * @) kept as text behind a '. */
static void csv_field(struct buf *b, const char *s, const char *after) {
  char *shown = term_escape(s, strlen(s));
  buf_adds(b, "\"");
  if (shown[0] && strchr("=+-@", shown[0]))
    buf_adds(b, "'");
  for (const char *p = shown; *p; p++)
    buf_adds(b, *p == '"' ? "\"\"" : (char[]){*p, '\0'}); /* a quote doubled */
  buf_adds(b, "\"");
  buf_adds(b, after);
  free(shown);
}

static char *table_csv(const struct grade_table *t) {
  struct buf b = {0};
  buf_adds(&b, "student,lesson,verdict,reason,why\n");
  for (size_t i = 0; i < t->len; i++) {
    const struct grade_row *r = &t->rows[i];
    csv_field(&b, r->student, ",");
    csv_field(&b, r->lesson, ",");
    csv_field(&b, r->verdict, ",");
    csv_field(&b, r->reason, ",");
    csv_field(&b, r->why, "\n");
  }
  return b.data ? b.data : xstrdup("");
}

static void table_json(FILE *out, const struct grade_table *t) {
  struct json j = {.out = out};
  size_t passed = 0;
  json_begin_object(&j, NULL);
  json_int(&j, "racecheck_format", 1);
  json_begin_array(&j, "submissions");
  for (size_t i = 0; i < t->len; i++) {
    const struct grade_row *r = &t->rows[i];
    passed += strcmp(r->verdict, "PASS") == 0;
    json_begin_object(&j, NULL);
    json_string(&j, "student", r->student);
    json_string(&j, "lesson", r->lesson);
    json_string(&j, "verdict", r->verdict);
    json_string(&j, "reason", r->reason);
    json_string(&j, "why", r->why);
    json_end_object(&j);
  }
  json_end_array(&j);
  json_int(&j, "passed", (long)passed);
  json_int(&j, "failed", (long)(t->len - passed));
  json_end_object(&j);
  fputc('\n', out);
}

static int write_tables(const struct options *o, const struct grade_table *t) {
  char *csv = table_csv(t), *json = NULL;
  size_t json_len = 0;
  FILE *mem = open_memstream(&json, &json_len);
  if (mem) {
    table_json(mem, t);
    fclose(mem);
  }
  const char *prefix = o->out ? o->out : "grades";
  char *csv_path = xasprintf("%s.csv", prefix);
  char *json_path = xasprintf("%s.json", prefix);
  int ok = mem && write_file(csv_path, csv, strlen(csv)) && write_file(json_path, json, json_len);
  if (!ok)
    fprintf(stderr, "racecheck: cannot write %s and %s: %s\n", csv_path, json_path,
            strerror(errno));
  free(csv), free(json), free(csv_path), free(json_path);
  return ok ? 0 : -1;
}

static void table_text(const struct grade_table *t) {
  for (size_t i = 0; i < t->len; i++) {
    const struct grade_row *r = &t->rows[i];
    char *student = term_escape(r->student, strlen(r->student));
    char *why = term_escape(r->why, strlen(r->why));
    printf("%-5s %-16s %-28s %-22s %s\n", r->verdict, student, r->lesson, r->reason, why);
    free(student), free(why);
  }
}

static void table_free(struct grade_table *t) {
  for (size_t i = 0; i < t->len; i++) {
    struct grade_row *r = &t->rows[i];
    free(r->student), free(r->lesson), free(r->source);
    free(r->verdict), free(r->reason), free(r->why);
  }
  free(t->rows);
}

static int load_exercises(const struct options *o, struct exercise **all, size_t *n) {
  char *error = NULL;
  int rc = 0;
  if (o->lesson) {
    *all = xmalloc(sizeof **all), *n = 1;
    rc = exercise_find(o, o->lesson, *all, &error);
  } else {
    rc = exercise_list(o, all, n, &error);
  }
  if (rc != 0) {
    fprintf(stderr, "racecheck: %s\n", error);
    free(error);
    if (o->lesson)
      free(*all);
  }
  return rc;
}

int cmd_grade(const struct options *o, int argc, char **argv) {
  if (argc != 1)
    return usage_error("grade takes one folder of submissions");
  char *why = NULL;
  if (!o->no_sandbox && !sandbox_usable(o->build_dir, &why)) {
    fprintf(stderr,
            "racecheck: grade runs every submission in a sandbox, and %s.\n"
            "--no-sandbox grades them without one, as you, within reach of your files, your "
            "network and the other submissions.\n",
            why);
    free(why);
    return 2;
  }
  struct exercise *all;
  size_t n;
  if (load_exercises(o, &all, &n) != 0)
    return 2;
  struct grade_table t = {0};
  int rc = collect(o, argv[0], all, n, &t);
  if (rc == 0)
    grade_all(o, &t);
  if (rc == 0)
    rc = write_tables(o, &t);
  if (rc == 0 && o->format == FORMAT_JSON)
    table_json(stdout, &t);
  else if (rc == 0 && (o->format == FORMAT_GRADESCOPE || o->format == FORMAT_PRAIRIELEARN))
    grade_platform_results(stdout, &t, o->format == FORMAT_GRADESCOPE ? GRADESCOPE : PRAIRIELEARN);
  else if (rc == 0)
    table_text(&t);
  int worst = rc != 0 ? 2 : 0;
  for (size_t i = 0; i < t.len; i++)
    if (strcmp(t.rows[i].verdict, "PASS") != 0)
      worst = worst == 2 || strcmp(t.rows[i].verdict, "ERROR") == 0 ? 2 : 1;
  table_free(&t);
  exercises_free(all, n);
  return worst;
}
