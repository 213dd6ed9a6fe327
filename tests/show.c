/* `racecheck show FILE.c`: a learner's own program is built, run, drawn and explained, in
 * 80 columns, and built once for the same sources. */
#include "runlib.h"

#include <sys/stat.h>

static const char RACECHECK[] = "build/asan/racecheck";
static char *tmp;

static int widest_line(const char *text) {
  int widest = 0;
  for (const char *p = text; *p;) {
    int len = (int)strcspn(p, "\n");
    widest = len > widest ? len : widest;
    p += len + (p[len] == '\n');
  }
  return widest;
}

static void test_own_program_is_drawn_and_explained(void) {
  char *build = xasprintf("%s/build", tmp);
  char *show[] = {(char *)RACECHECK, "show", "--build", build, "tests/data/show_list_push.c", NULL};
  struct result r = run(show);
  CHECK(r.code == 1);
  CHECK(says(r.out, "data race on global 'head' of size 8\n"));
  CHECK(says(r.out, "(thread created at show_list_push.c:29)"));
  CHECK(says(r.out, "  thread created at show_list_push.c:29 | thread created at "
                    "show_list_push.c:30\n"));
  CHECK(says(r.out, "show_list_push.c:18: head = n;"));
  CHECK(says(r.out, "Nothing orders these two accesses"));
  CHECK(says(r.out, "What it means: "));
  const char *picture = strstr(r.out, "\n\n");
  CHECK(picture && widest_line(picture) <= 80);
  result_free(&r);

  char *cache = xasprintf("%s/show", build);
  char *ls[] = {"find", cache, "-type", "f", "-name", "show_list_push", NULL};
  r = run(ls);
  CHECK(says(r.out, "/show_list_push\n"));
  struct stat before, after;
  char *program = xstrndup(r.out, strcspn(r.out, "\n"));
  CHECK(stat(program, &before) == 0);
  result_free(&r);
  r = run(show); /* the same sources again: the program is not built again */
  CHECK(r.code == 1 && stat(program, &after) == 0 && before.st_mtime == after.st_mtime &&
        before.st_ino == after.st_ino);
  result_free(&r);
  free(build), free(cache), free(program);
}

static void test_clean_and_broken_programs(void) {
  char *clean = xasprintf("%s/clean.c", tmp), *broken = xasprintf("%s/broken.c", tmp);
  char *build = xasprintf("%s/build", tmp);
  if (!write_file(clean, "int main(void) { return 0; }\n", 29) ||
      !write_file(broken, "int main(void) { return nope; }\n", 32))
    exit(1);
  char *show[] = {(char *)RACECHECK, "show", "--build", build, clean, NULL};
  struct result r = run(show);
  CHECK(r.code == 0 && says(r.out, "exit 0\n") && says(r.out, "A clean run: "));
  CHECK(says(r.out, "TSan sees only\n    the interleavings that happened"));
  result_free(&r);
  show[4] = broken;
  r = run(show);
  CHECK(r.code == 2 && says(r.err, "clang could not build it") && says(r.err, "nope"));
  result_free(&r);
  char *brief[] = {(char *)RACECHECK, "show", "--brief", "--build", build, clean, NULL};
  r = run(brief);
  CHECK(r.code == 0 && strcmp(r.out, "exit 0\n") == 0);
  result_free(&r);
  free(clean), free(broken), free(build);
}

/* A deadlock in a condition wait is explained from the ledger's signals, not as a lock
 * kept: a lost wakeup where the signal came before the wait, "never signalled" where none
 * came, both ways it can be where neither is known, and the wrong kind of waiter woken
 * where two kinds sleep on one condition; a
 * race read in a loop's test, as a spin on a flag; and
 * every line of a crowd's deadlock fits 80 columns, alike threads on one line. */
static void test_deadlocks_explained_in_80_columns(void) {
  char *build = xasprintf("%s/build", tmp);
  char *show[] = {(char *)RACECHECK, "show", "--build", build, "tests/data/lost_wakeup.c", NULL};
  struct result r = run(show);
  CHECK(r.code == 1 && says(r.out, "deadlock: "));
  CHECK(says(r.out, "a lost wakeup: the condition variable was signalled before") &&
        says(r.out, "signalled before the wait in worker at lost_wakeup.c:12") &&
        !says(r.out, "a forgotten"));
  result_free(&r);
  show[4] = "tests/data/forgot_signal.c"; /* put an item, and forgot to signal */
  r = run(show);
  CHECK(says(r.out, "; never signalled") && says(r.out, "no thread signalled") &&
        !says(r.out, "lost wakeup"));
  result_free(&r);
  show[4] = "tests/data/one_signal_two_waiters.c"; /* the signal woke the other waiter */
  r = run(show);
  CHECK(says(r.out, "Either the signal it needed was never sent") &&
        !says(r.out, "never signalled") && !says(r.out, "signalled before the wait"));
  result_free(&r);
  show[4] = "tests/data/lost_wakeup.c";
  char *slow[] = {(char *)RACECHECK,           "show", "--timeout", "1", "--build", build,
                  "tests/data/spin_forever.c", NULL}; /* a deadline says how to give more time */
  r = run(slow);
  CHECK(says(r.out, "timeout after 1 s: racecheck's deadline") && says(r.out, "--timeout SECONDS"));
  result_free(&r);
  show[4] = "tests/data/pc_one_cond.c"; /* a consumer and the producer asleep on one cond */
  r = run(show);
  CHECK(says(r.out, "What it means: threads of two kinds") && !says(r.out, "never sent"));
  result_free(&r);
  show[4] = "tests/data/spin_flag.c"; /* the racy read is a loop's test */
  r = run(show);
  CHECK(says(r.out, "(a spin)") && says(r.out, "memory_order_acquire"));
  CHECK(says(r.out, "    exit 66: the status the detector gives") &&
        says(r.out, "    read 4: a read of 4 bytes of memory\n"));
  result_free(&r);
  show[4] = "tests/data/crowd_waits.c";
  r = run(show);
  CHECK(r.code == 1 && widest_line(r.out) <= 80);
  CHECK(says(r.out, "  200 threads created at crowd_waits.c:30, each blocked in\n"));
  CHECK(says(r.out, "  200 threads created at crowd_waits.c:30, each waits for &gate, held by"));
  result_free(&r);
  free(build);
}

/* Locks as the program named them, and a read lock for what it is: the race's picture says
 * the two threads shared the lock only for reading, not that they shared no lock. */
static void test_locks_by_name_and_read_locks(void) {
  char *build = xasprintf("%s/build", tmp);
  char *show[] = {
      (char *)RACECHECK, "show", "--build", build, "tests/data/read_lock_write.c", NULL};
  struct result r = run(show);
  CHECK(r.code == 1);
  CHECK(says(r.out, "holding a read lock on table_lock\n"));
  CHECK(says(r.out, "Both threads held the same lock, but only for reading"));
  CHECK(strstr(r.out, "no mutex in common") == NULL);
  result_free(&r);
  show[4] = "tests/data/two_mutexes_race.c";
  r = run(show);
  CHECK(says(r.out, "holding accounts_lock and audit_lock\n"));
  CHECK(says(r.out, "Each thread held a mutex, but not the same one"));
  result_free(&r);
  free(build);
}

int main(void) {
  tmp = test_folder_make("show");
  test_locks_by_name_and_read_locks();
  test_own_program_is_drawn_and_explained();
  test_clean_and_broken_programs();
  test_deadlocks_explained_in_80_columns();
  test_folder_remove(tmp);
  return test_summary("show");
}
