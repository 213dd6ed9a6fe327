#include "lesson_cmd.h"

#include "bless.h"
#include "detectors.h"
#include "lessons.h"
#include "matrix_cmd.h"

#include <ctype.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

extern char **environ;

/* Where build.ninja builds the cases and keeps the cells. */
static const char BUILD[] = "build";
/* The documents whose generated sections (the matrix, the lessons table) a lesson changes. */
static const char *const DOCUMENTS[] = {"README.md", "docs/matrix.md"};

/* A case's name becomes a file name and a ninja target: letters, digits, '_' and '-', and a
 * letter first. */
static int lesson_case_name(const char *name) {
  if (!isalpha((unsigned char)name[0]))
    return 0;
  for (const char *p = name; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
      return 0;
  return 1;
}

static char *source_of(const struct options *o, const char *name) {
  return xasprintf("%s/%s.c", o->cases_dir, name);
}

static int source_exists(const struct options *o, const char *name) {
  char *path = source_of(o, name);
  struct stat st;
  int exists = stat(path, &st) == 0;
  free(path);
  return exists;
}

/* A program that compiles and teaches a small lesson already, for the learner to replace:
 * the header the cases have (Rule:, Twin:), the bug or the fix marked where it happens. */
static char *skeleton(const char *twin, int broken) {
  static const char BUG[] =
      "  pthread_mutex_lock(&lock);\n"
      "  pthread_mutex_unlock(&lock);\n"
      "  shared++; /* BUG: updated after the unlock (say what is wrong, here) */\n";
  static const char FIX[] =
      "  pthread_mutex_lock(&lock);\n"
      "  shared++; /* FIX: updated under the lock (say what the fix is, here) */\n"
      "  pthread_mutex_unlock(&lock);\n";
  return xasprintf("/* Rule: (the rule, in one sentence) update shared data under its lock.\n"
                   " * (%s)\n"
                   " * Twin: %s.c (%s). */\n"
                   "#include <pthread.h>\n"
                   "#include <stdio.h>\n\n"
                   "static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;\n"
                   "static int shared;\n\n"
                   "static void *work(void *unused) {\n"
                   "  (void)unused;\n"
                   "%s"
                   "  return NULL;\n"
                   "}\n\n"
                   "int main(void) {\n"
                   "  pthread_t a, b;\n"
                   "  pthread_create(&a, NULL, work, NULL);\n"
                   "  pthread_create(&b, NULL, work, NULL);\n"
                   "  pthread_join(a, NULL);\n"
                   "  pthread_join(b, NULL);\n"
                   "  printf(\"shared = %%d\\n\", shared);\n"
                   "  return 0;\n"
                   "}\n",
                   broken ? "What the threads do, and what the detector reports."
                          : "What the fix changes, and why the detector is silent now.",
                   twin, broken ? "the fix" : "the bug", broken ? BUG : FIX);
}

/* Appends the lesson's line and its schedule to lessons.txt, unless a lesson names its
 * first case already. */
static int add_lessons_line(const struct options *o, int argc, char **argv) {
  struct lessons l;
  char *error = NULL, *path = xasprintf("%s/lessons.txt", o->cases_dir);
  int ok = lessons_read(o->cases_dir, &l, &error) == 0;
  if (!ok)
    fprintf(stderr, "racecheck: %s\n", error);
  if (ok && !lesson_of(&l, argv[0])) {
    struct buf text = {0};
    read_file(path, &text);
    if (text.len && buf_str(&text)[text.len - 1] != '\n')
      buf_adds(&text, "\n");
    for (int i = 0; i < argc; i++)
      buf_printf(&text, "%s%s", argv[i], i + 1 < argc ? " " : ": data_race\nschedule: A\n");
    ok = write_file(path, buf_str(&text), text.len);
    if (!ok)
      fprintf(stderr, "racecheck: cannot write %s: %s\n", path, strerror(errno));
    else
      printf("added the lesson's line to %s\n", path);
    buf_free(&text);
  }
  if (ok)
    lessons_free(&l);
  free(error), free(path);
  return ok;
}

static int write_skeletons(const struct options *o, int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    char *path = source_of(o, argv[i]), *text = skeleton(argv[i == 0], i == 0);
    int ok = write_new_file(path, text, strlen(text));
    if (ok)
      printf("wrote %s\n", path);
    else
      fprintf(stderr, "racecheck: cannot write %s: %s\n", path, strerror(errno));
    free(path), free(text);
    if (!ok)
      return 0;
  }
  if (!add_lessons_line(o, argc, argv))
    return 0;
  printf("Now write the programs (the lesson's schedule and what it is about are on its line in "
         "%s/lessons.txt), then run: racecheck lesson",
         o->cases_dir);
  for (int i = 0; i < argc; i++)
    printf(" %s", argv[i]);
  putchar('\n');
  return 1;
}

/* Runs ninja on the targets, with its output on ours: an argument vector, never a shell. */
static int run_ninja(const struct strlist *targets) {
  char **argv = xmalloc((targets->len + 2) * sizeof *argv);
  argv[0] = "ninja";
  memcpy(argv + 1, targets->items, targets->len * sizeof *argv);
  argv[targets->len + 1] = NULL;
  fflush(stdout);
  pid_t pid;
  int status = 0, err = posix_spawnp(&pid, "ninja", NULL, NULL, argv, environ);
  free(argv);
  if (err != 0) {
    fprintf(stderr, "racecheck: cannot run ninja: %s\n", strerror(err));
    return 0;
  }
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return 0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fputs("racecheck: ninja failed; the lesson is not added\n", stderr);
    return 0;
  }
  return 1;
}

/* Each case built by each compiler whose TSan the expected files are blessed from. */
static void compiler_targets(int argc, char **argv, struct strlist *targets) {
  for (int i = 0; i < argc; i++)
    for (size_t d = 0; d < N_DETECTORS; d++)
      if (DETECTORS[d].tool == TOOL_TSAN)
        strlist_push(targets, *DETECTORS[d].compiler ? xasprintf("%s/%s/cases/%s", BUILD,
                                                                 DETECTORS[d].compiler, argv[i])
                                                     : xasprintf("%s/cases/%s", BUILD, argv[i]));
}

/* Each case's cell under each detector of the matrix. */
static void cell_targets(int argc, char **argv, struct strlist *targets) {
  for (int i = 0; i < argc; i++)
    for (size_t d = 0; d < N_DETECTORS; d++)
      strlist_push(targets, xasprintf("%s/matrix/cells/%s/%s", BUILD, DETECTORS[d].id, argv[i]));
}

static int build(int argc, char **argv, void (*targets_of)(int, char **, struct strlist *)) {
  struct strlist targets = {0};
  targets_of(argc, argv, &targets);
  int ok = run_ninja(&targets);
  strlist_free(&targets);
  return ok;
}

/* Whether one lesson of lessons.txt names every case; if not, says what to add. */
static int one_lesson_names_them(const struct options *o, int argc, char **argv) {
  struct lessons l;
  char *error = NULL;
  if (lessons_read(o->cases_dir, &l, &error) != 0) {
    fprintf(stderr, "racecheck: %s\n", error);
    free(error);
    return 0;
  }
  const struct lesson *first = lesson_of(&l, argv[0]);
  int ok = first != NULL;
  for (int i = 1; ok && i < argc; i++)
    ok = lesson_of(&l, argv[i]) == first;
  if (!ok) {
    fprintf(stderr, "racecheck: no line of %s/lessons.txt names them all; add one:", o->cases_dir);
    for (int i = 0; i < argc; i++)
      fprintf(stderr, " %s", argv[i]);
    fputs(": KIND... (and a schedule: line if its race must be ordered; the file's header says "
          "how)\n",
          stderr);
  }
  lessons_free(&l);
  return ok;
}

/* The expected files, the matrix rows and the generated sections, from the built cases. */
static int bless_everything(const struct options *given, int argc, char **argv) {
  struct options o = *given;
  o.every_compiler = 1;
  if (cmd_bless(&o, argc, argv) != 0 || !build(argc, argv, cell_targets))
    return 0;
  o.bless = 1;
  if (cmd_matrix(&o, argc, argv) != 0)
    return 0;
  o.bless = 0;
  o.readmes = (struct strlist){0};
  for (size_t i = 0; i < sizeof DOCUMENTS / sizeof *DOCUMENTS; i++)
    strlist_push(&o.readmes, xstrdup(DOCUMENTS[i]));
  int ok = cmd_matrix(&o, 0, NULL) == 0;
  strlist_free(&o.readmes);
  if (ok)
    printf("rewrote the generated sections of %s and %s\nNow run ninja check, and commit the "
           "programs, cases/lessons.txt, their expected files, expected/matrix.txt, "
           "build.ninja, README.md and docs/matrix.md.\n",
           DOCUMENTS[0], DOCUMENTS[1]);
  return ok;
}

int cmd_lesson(const struct options *o, int argc, char **argv) {
  if (argc < 2)
    return usage_error("lesson needs the case that breaks the rule and one that keeps it");
  int present = 0;
  for (int i = 0; i < argc; i++) {
    if (!lesson_case_name(argv[i])) {
      fprintf(stderr, "racecheck: %s is not a case name: letters, digits, _ and -, from a letter\n",
              argv[i]);
      return 2;
    }
    present += source_exists(o, argv[i]);
  }
  if (present == 0)
    return write_skeletons(o, argc, argv) ? 0 : 1;
  if (present < argc) {
    for (int i = 0; i < argc; i++)
      if (!source_exists(o, argv[i]))
        fprintf(stderr,
                "racecheck: %s/%s.c is not there: a lesson's programs are written all "
                "or none (racecheck lesson writes their skeletons when none is there)\n",
                o->cases_dir, argv[i]);
    return 1;
  }
  if (!one_lesson_names_them(o, argc, argv) || !build(argc, argv, compiler_targets) ||
      !bless_everything(o, argc, argv))
    return 1;
  return 0;
}
