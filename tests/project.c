/* A learner's project, not only a file (tests/project/: include/, src/, a Makefile and a
 * CMakeLists.txt): shown with -I, built by make and by CMake through `racecheck cc`, shown
 * as built, vetted with -p from CMake's compile_commands.json; and a build that fails gives
 * the compiler's words, escaped. */
#include "runlib.h"

#include <limits.h>

static const char RACECHECK[] = "build/asan/racecheck";

static char *racecheck_path(void) {
  char *path = realpath(RACECHECK, NULL);
  if (!path) {
    printf("cannot find %s\n", RACECHECK);
    exit(1);
  }
  return path;
}

/* A copy of tests/project in a folder of the test's own, which make and CMake write into. */
static char *copy_project(void) {
  char *dir = test_folder_make("project");
  char *from = realpath("tests/project", NULL), *into = xasprintf("%s/p", dir);
  char *cp[] = {"cp", "-R", from, into, NULL};
  struct result r = run(cp);
  CHECK(r.code == 0);
  result_free(&r);
  free(from), free(into);
  return dir;
}

static struct result racecheck(char **words) {
  return run_with(RACECHECK, words);
}

static void test_show_with_include_flags(const char *p) {
  char *main_c = xasprintf("%s/src/main.c", p), *acct_c = xasprintf("%s/src/acct.c", p);
  char *include = xasprintf("%s/include", p);
  struct result r = racecheck((char *[]){"show", "--brief", main_c, acct_c, NULL});
  CHECK(r.code == 2 && says(r.err, "'acct.h' file not found"));
  result_free(&r);
  r = racecheck((char *[]){"show", "--brief", "-I", include, main_c, acct_c, NULL});
  CHECK(r.code == 1 && says(r.out, "data race on global 'shared'") &&
        says(r.out, "(thread created at main.c:16)"));
  result_free(&r);
  r = racecheck((char *[]){"show", "-O2", main_c, NULL});
  CHECK(r.code == 2 && says(r.err, "-O2 is not a compiler flag racecheck passes on"));
  result_free(&r);
  free(main_c), free(acct_c), free(include);
}

static void test_make_with_racecheck_cc(const char *p, const char *cc) {
  char *make_cc = xasprintf("CC=%s cc", cc);
  struct result r = run((char *[]){"make", "-s", "-C", (char *)p, make_cc, NULL});
  CHECK(r.code == 0 || says(r.err, "make failed"));
  result_free(&r);
  char *bank = xasprintf("%s/bank", p), *overdraw = xasprintf("%s/overdraw", p);
  r = racecheck((char *[]){"show", "--brief", bank, NULL});
  CHECK(r.code == 1 && says(r.out, "(thread created at main.c:16)"));
  CHECK(strstr(r.err, "without racecheck's shim") == NULL);
  result_free(&r);
  /* A worker returns holding the lock; main then waits for it: the ledger names where the
   * owner took it, and the line that created the owner. */
  r = racecheck((char *[]){"show", "--brief", overdraw, NULL});
  CHECK(r.code == 1 && says(r.out, "thread created at overdraw.c:15") &&
        says(r.out, "in withdraw at acct.c:8"));
  result_free(&r);
  free(make_cc), free(bank), free(overdraw);
}

/* The same program built without the shim: show says what that costs. */
static void test_show_says_when_the_shim_is_missing(const char *dir, const char *p) {
  char *src = xasprintf("%s/src/overdraw.c", p), *acct = xasprintf("%s/src/acct.c", p);
  char *include = xasprintf("-I%s/include", p), *out = xasprintf("%s/plain", dir);
  struct result r = run((char *[]){"clang", "-fsanitize=thread", "-g", "-pthread", include, src,
                                   acct, "-o", out, NULL});
  CHECK(r.code == 0);
  result_free(&r);
  r = racecheck((char *[]){"show", "--brief", out, NULL});
  CHECK(r.code == 1 && says(r.err, "built without racecheck's shim") &&
        says(r.err, "racecheck cc"));
  result_free(&r);
  free(src), free(acct), free(include), free(out);
}

static char *with_env(const char *name, const char *value, char ***envp) {
  size_t n = 0;
  while (environ[n])
    n++;
  *envp = xmalloc((n + 2) * sizeof **envp);
  char *entry = xasprintf("%s=%s", name, value);
  (*envp)[0] = entry;
  memcpy(*envp + 1, environ, (n + 1) * sizeof **envp);
  return entry;
}

static void test_cmake_and_vet_p(const char *p, const char *cc) {
  char *out = xasprintf("%s/out", p), *compiler = xasprintf("%s cc", cc), **envp;
  char *entry = with_env("CC", compiler, &envp);
  struct result r = run_in(
      (char *[]){"cmake", "-S", (char *)p, "-B", out, "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", NULL},
      envp);
  CHECK(r.code == 0 || says(r.err, "cmake configured"));
  result_free(&r);
  r = run((char *[]){"cmake", "--build", out, NULL});
  CHECK(r.code == 0 || says(r.err, "cmake built"));
  result_free(&r);
  r = racecheck((char *[]){"vet", "-p", out, NULL});
  CHECK(r.code == 1 && says(r.out, "acct.c:23:") && says(r.out, "peek passes lock by value") &&
        says(r.out, "overdraw.c:17:"));
  result_free(&r);
  char *stray = xasprintf("%s/include/acct.h", p);
  r = racecheck((char *[]){"vet", "-p", out, stray, NULL});
  CHECK(r.code == 2 && says(r.err, "acct.h is not in") && says(r.err, "compile_commands.json"));
  result_free(&r);
  char *main_c = xasprintf("%s/src/main.c", p), *acct_c = xasprintf("%s/src/acct.c", p);
  r = racecheck((char *[]){"show", "--brief", "-p", out, main_c, acct_c, NULL});
  CHECK(r.code == 1 && says(r.out, "data race on global 'shared'"));
  result_free(&r);
  char *bank = xasprintf("%s/bank", out);
  r = racecheck((char *[]){"show", "--brief", bank, NULL});
  CHECK(r.code == 1 && says(r.out, "(thread created at main.c:16)"));
  result_free(&r);
  free(out), free(compiler), free(entry), free(envp), free(stray), free(main_c), free(acct_c);
  free(bank);
}

/* As CMake's compiler launcher: the compiler it is handed is left out. */
static void test_cc_as_a_launcher(const char *dir, const char *p) {
  char *src = xasprintf("%s/src/main.c", p), *acct = xasprintf("%s/src/acct.c", p);
  char *include = xasprintf("-I%s/include", p), *out = xasprintf("%s/launched", dir);
  struct result r = racecheck((char *[]){"cc", "/usr/bin/cc", include, src, acct, "-o", out, NULL});
  CHECK(r.code == 0);
  result_free(&r);
  r = racecheck((char *[]){"show", "--brief", out, NULL});
  CHECK(r.code == 1 && says(r.out, "(thread created at main.c:16)"));
  CHECK(strstr(r.err, "without racecheck's shim") == NULL);
  result_free(&r);
  free(src), free(acct), free(include), free(out);
}

/* A file that does not compile, with an escape sequence in the line the compiler quotes. */
static void test_a_failed_build_is_escaped(const char *dir) {
  char *broken = xasprintf("%s/broken.c", dir);
  const char text[] = "int main(void) { return \x1b[2J; }\n";
  CHECK(write_file(broken, text, sizeof text - 1));
  struct result r = racecheck((char *[]){"show", broken, NULL});
  CHECK(r.code == 2 && says(r.err, "clang could not build it") && says(r.err, "[2J; }"));
  CHECK(strchr(r.err, '\x1b') == NULL);
  result_free(&r);
  free(broken);
}

int main(void) {
  char *dir = copy_project(), *p = xasprintf("%s/p", dir), *cc = racecheck_path();
  test_show_with_include_flags(p);
  test_make_with_racecheck_cc(p, cc);
  test_show_says_when_the_shim_is_missing(dir, p);
  test_cmake_and_vet_p(p, cc);
  test_a_failed_build_is_escaped(dir);
  test_cc_as_a_launcher(dir, p);
  free(p), free(cc);
  test_folder_remove(dir);
  return test_summary("project");
}
