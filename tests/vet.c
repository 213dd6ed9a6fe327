/* Tests of racecheck vet. The programs in tests/data/vet/ carry their expectations, as Go's
 * analysistest reads `// want`: a line vet must flag ends in a comment naming the kinds of
 * its findings, "vet: KIND...", and no other line may be flagged. The cases that copy a
 * lock are flagged at their BUG lines and the others nowhere; racecheck's own code copies
 * no lock. Built with ASan+UBSan. */
#include "vet.h"
#include "array.h"
#include "testlib.h"
#include "vet_cmd.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char DATA[] = "tests/data/vet";
static const char MARKER[] = "/* vet:";
/* Where bootstrap's libclang-dev puts clang-c/Index.h, which src/parse/vet.c includes: the path
 * build.ninja's libclang_cflags names. */
static const char *const OWN_CODE_ARGS[] = {"-isystem", "/usr/lib/llvm-14/include"};
static const char *const OPTION_LOCKS[] = {"ticket_lock", "struct spinner"};

/* Every DIR/NAME.c, sorted. */
static void c_files(const char *dir, struct strlist *out) {
  DIR *d = opendir(dir);
  if (!d) {
    printf("cannot open %s\n", dir);
    exit(1);
  }
  struct strlist found = {0};
  for (struct dirent *e; (e = readdir(d));)
    if (ends_with(e->d_name, ".c"))
      strlist_push(&found, xasprintf("%s/%s", dir, e->d_name));
  closedir(d);
  strlist_sort(&found);
  for (size_t i = 0; i < found.len; i++)
    strlist_push(out, found.items[i]);
  free(found.items);
}

static struct vet_findings vet_these(const struct vet_options *o, const char *const *files,
                                     size_t n) {
  struct vet_findings found = {0};
  char *error = NULL;
  if (!CHECK(vet_files(o, files, n, &found, &error) == 0))
    printf("%s", error);
  free(error);
  return found;
}

static struct vet_findings vet_one(const struct vet_options *o, const char *file) {
  return vet_these(o, &file, 1);
}

/* "LINE KIND" for each finding in file, sorted. */
static void found_lines(const struct vet_findings *found, const char *file, struct strlist *out) {
  for (size_t i = 0; i < found->len; i++)
    if (strcmp(found->items[i].file, file) == 0)
      strlist_push(out,
                   xasprintf("%05u %s", found->items[i].line, vet_kind_name(found->items[i].kind)));
  strlist_sort(out);
}

/* "LINE KIND" for each kind a marker names, sorted. */
static void marked_lines(const char *file, struct strlist *out) {
  char *source = slurp(file);
  struct strlist lines = {0};
  split_lines(source, strlen(source), &lines);
  for (size_t i = 0; i < lines.len; i++) {
    const char *marker = strstr(lines.items[i], MARKER);
    if (!marker)
      continue;
    struct strlist kinds = {0};
    split_words(marker + strlen(MARKER), " */", &kinds);
    for (size_t k = 0; k < kinds.len; k++)
      strlist_push(out, xasprintf("%05zu %s", i + 1, kinds.items[k]));
    strlist_free(&kinds);
  }
  strlist_sort(out);
  strlist_free(&lines);
  free(source);
}

static void check_same(const char *file, const struct strlist *got, const struct strlist *want) {
  struct buf g = {0}, w = {0};
  for (size_t i = 0; i < got->len; i++)
    buf_printf(&g, "\n    %s", got->items[i]);
  for (size_t i = 0; i < want->len; i++)
    buf_printf(&w, "\n    %s", want->items[i]);
  if (!CHECK_STR(buf_str(&g), buf_str(&w)))
    printf("  in %s (LINE KIND)\n", file);
  buf_free(&g);
  buf_free(&w);
}

static void check_marked(const struct vet_options *o, const char *file) {
  struct vet_findings found = vet_one(o, file);
  struct strlist got = {0}, want = {0};
  found_lines(&found, file, &got);
  marked_lines(file, &want);
  check_same(file, &got, &want);
  CHECK(found.len == got.len); /* and nothing in the headers */
  strlist_free(&got);
  strlist_free(&want);
  vet_findings_free(&found);
}

static void test_marked_programs(void) {
  struct strlist files = {0};
  c_files(DATA, &files);
  struct vet_options plain = {0};
  for (size_t i = 0; i < files.len; i++)
    if (!ends_with(files.items[i], "/broken.c") && !ends_with(files.items[i], "_option.c"))
      check_marked(&plain, files.items[i]);
  strlist_free(&files);
}

static void test_lock_type_option(void) {
  static const char file[] = "tests/data/vet/lock_type_option.c";
  struct vet_options named = {.lock_types = OPTION_LOCKS, .n_lock_types = 2};
  check_marked(&named, file);
  struct vet_options plain = {0};
  struct vet_findings found = vet_one(&plain, file);
  CHECK(found.len == 0);
  vet_findings_free(&found);
}

/* A function declared in one file and defined in another is flagged once, at its body. */
static void test_across_files(void) {
  const char *const files[] = {"tests/data/vet/by_value_parameter.c",
                               "tests/data/vet/defines_audit.c"};
  struct vet_options plain = {0};
  struct vet_findings found = vet_these(&plain, files, 2);
  size_t audits = 0;
  for (size_t i = 0; i < found.len; i++)
    if (found.items[i].kind == VET_PASS_BY_VALUE_DECL && strcmp(found.items[i].name, "audit") == 0)
      audits += CHECK(strcmp(found.items[i].file, files[1]) == 0 && found.items[i].line == 5);
  CHECK(audits == 1);
  vet_findings_free(&found);
}

/* What is seen twice, as a header's code is by every file that includes it, is said once. */
static void test_said_once(void) {
  const char *const files[] = {"tests/data/vet/assign.c", "tests/data/vet/assign.c"};
  struct vet_options plain = {0};
  struct vet_findings once = vet_these(&plain, files, 1), twice = vet_these(&plain, files, 2);
  CHECK(once.len == 12);
  CHECK(twice.len == once.len);
  vet_findings_free(&once);
  vet_findings_free(&twice);
}

static void check_rendered(const struct vet_finding *f, const char *want) {
  char *line = vet_render(f);
  CHECK_STR(line, want);
  free(line);
}

static void test_rendering(void) {
  struct vet_options plain = {0};
  struct vet_findings found = vet_one(&plain, "cases/copied_mutex_racy.c");
  if (CHECK(found.len == 2)) {
    check_rendered(&found.items[0], "cases/copied_mutex_racy.c:12:21: deposit passes lock by "
                                    "value: pthread_mutex_t");
    check_rendered(&found.items[1], "cases/copied_mutex_racy.c:20:11: call of deposit copies "
                                    "lock value: pthread_mutex_t");
  }
  vet_findings_free(&found);
  found = vet_one(&plain, "tests/data/vet/assign.c");
  const struct vet_finding *outer = &found.items[3];
  check_rendered(outer, "tests/data/vet/assign.c:13:11: assignment copies lock value to first: "
                        "struct outer contains struct account inner contains pthread_mutex_t mu");
  CHECK(outer->kind == VET_ASSIGN_COPIES && outer->path_len == 3 && !outer->path[0].member);
  CHECK_STR(outer->name, "first");
  CHECK_STR(outer->path[1].type, "struct account");
  CHECK_STR(outer->path[1].member, "inner");
  CHECK_STR(outer->path[2].type, "pthread_mutex_t");
  vet_findings_free(&found);
  found = vet_one(&plain, "tests/data/vet/by_value_parameter.c");
  CHECK_STR(found.items[found.len - 1].name, "pick(2)"); /* the callee, when it has no name */
  vet_findings_free(&found);
}

static bool copies_a_lock(const char *path) {
  return starts_with(path, "cases/copied_") &&
         (ends_with(path, "_racy.c") || ends_with(path, "_buggy.c"));
}

/* The cases whose bug is a way out of a function that keeps a lock, where the walk sees it.
 * Not forgotten_unlock_loop_buggy (a loop's turn keeps it: no way out of the function) nor
 * cleanup_longjmp_buggy (longjmp leaves, which the walk does not follow). */
static bool keeps_a_lock(const char *path) {
  return strcmp(path, "cases/forgotten_unlock_buggy.c") == 0;
}

/* A case that copies a lock, or keeps one on a way out, is flagged on the lines its comments
 * call BUG, and only there; every other case, its fixed twin among them, nowhere. */
static void test_cases(void) {
  struct strlist cases = {0};
  c_files("cases", &cases);
  struct vet_options plain = {0};
  for (size_t i = 0; i < cases.len; i++) {
    const char *file = cases.items[i];
    struct vet_findings found = vet_one(&plain, file);
    struct strlist got = {0}, want = {0};
    for (size_t j = 0; j < found.len; j++)
      if (j == 0 || found.items[j].line != found.items[j - 1].line)
        strlist_push(&got, xasprintf("%s:%u", found.items[j].file, found.items[j].line));
    char *source = slurp(file);
    struct strlist lines = {0};
    split_lines(source, strlen(source), &lines);
    bool flagged = copies_a_lock(file) || keeps_a_lock(file);
    for (size_t j = 0; j < lines.len && flagged; j++)
      if (strstr(lines.items[j], "/* BUG"))
        strlist_push(&want, xasprintf("%s:%zu", file, j + 1));
    CHECK(!flagged || want.len > 0);
    check_same(file, &got, &want);
    strlist_free(&lines);
    free(source);
    strlist_free(&got);
    strlist_free(&want);
    vet_findings_free(&found);
  }
  strlist_free(&cases);
}

/* The folders in src/: their files, and -I for each, since a header is included by its
 * name alone. */
static void src_folders(struct strlist *files, struct strlist *args) {
  DIR *d = opendir("src");
  for (struct dirent *e; d && (e = readdir(d));) {
    char *sub = xasprintf("src/%s", e->d_name);
    DIR *inner = e->d_name[0] != '.' ? opendir(sub) : NULL;
    if (inner) {
      closedir(inner);
      c_files(sub, files);
      strlist_push(args, xasprintf("-I%s", sub));
    }
    free(sub);
  }
  if (d)
    closedir(d);
}

/* Every lock racecheck's own code takes is given back on every way out, and none is copied;
 * tests/data's programs keep locks on purpose, for the detectors to see, and copy none. */
static void test_own_code_is_clean(void) {
  static const char *const DIRS[] = {"src", "tests", "tests/fuzz", "bench", "tools", "shim"};
  struct strlist files = {0}, args = {0};
  for (size_t i = 0; i < sizeof OWN_CODE_ARGS / sizeof *OWN_CODE_ARGS; i++)
    strlist_push(&args, xstrdup(OWN_CODE_ARGS[i]));
  for (size_t i = 0; i < sizeof DIRS / sizeof DIRS[0]; i++)
    c_files(DIRS[i], &files);
  src_folders(&files, &args);
  struct vet_options o = {.clang_args = (const char *const *)args.items, .n_clang_args = args.len};
  struct vet_findings found = vet_these(&o, (const char *const *)files.items, files.len);
  struct strlist data = {0};
  c_files("tests/data", &data);
  o.check = VET_COPYLOCKS;
  struct vet_findings copies = vet_these(&o, (const char *const *)data.items, data.len);
  for (size_t i = 0; i < copies.len; i++)
    *ARRAY_PUSH(found.items, found.len) = copies.items[i];
  free(copies.items);
  strlist_free(&data);
  CHECK(files.len > 30); /* the folders were read */
  for (size_t i = 0; i < found.len; i++) {
    char *line = vet_render(&found.items[i]);
    printf("unexpected: %s\n", line);
    free(line);
  }
  CHECK(found.len == 0);
  vet_findings_free(&found);
  strlist_free(&files), strlist_free(&args);
}

/* A file that does not parse is an error that says where, and the other files are still
 * vetted. */
static void test_parse_errors(void) {
  const char *const files[] = {"tests/data/vet/broken.c", "cases/copied_struct_racy.c",
                               "tests/data/vet/no_such_file.c"};
  struct vet_options plain = {0};
  struct vet_findings found = {0};
  char *error = NULL;
  CHECK(vet_files(&plain, files, 3, &found, &error) == -1);
  CHECK(error && strstr(error, "tests/data/vet/broken.c:2:23: error: expected expression\n"));
  CHECK(error && strstr(error, "tests/data/vet/no_such_file.c: No such file or directory\n"));
  CHECK(found.len == 1);
  free(error);
  vet_findings_free(&found);
}

struct command_result {
  int code;
  char *out; /* what it printed on stdout */
};

/* Runs `racecheck vet ARGS` in a child, its stdout in a file and its stderr thrown away. */
static struct command_result run_vet(char **argv, int argc) {
  char path[] = "/tmp/racecheck-vet-test.XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    printf("cannot make a temporary file\n");
    exit(1);
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fd, STDOUT_FILENO);
    if (!freopen("/dev/null", "w", stderr))
      _exit(99);
    int code = cmd_vet(argc, argv);
    fflush(stdout);
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(fd);
  struct command_result r = {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(path)};
  unlink(path);
  return r;
}

static void check_command(char **argv, int argc, int code, const char *out) {
  struct command_result r = run_vet(argv, argc);
  CHECK(r.code == code);
  if (out)
    CHECK_STR(r.out, out);
  free(r.out);
}

static void test_command(void) {
  char *racy[] = {"cases/copied_struct_racy.c", "cases/copied_locked_mutex_buggy.c"};
  check_command(racy, 2, 1, /* sorted by file, whatever the order of the operands */
                "cases/copied_locked_mutex_buggy.c:19:14: assignment copies lock value to "
                "snapshot: struct account contains pthread_mutex_t mu\n"
                "cases/copied_struct_racy.c:18:10: return copies lock value: struct account "
                "contains pthread_mutex_t mu\n");
  char *fixed[] = {"cases/copied_struct_fixed.c"};
  check_command(fixed, 1, 0, "");
  char *option[] = {"--lock-type", "ticket_lock", "--", "-DUNUSED=1",
                    "tests/data/vet/lock_type_option.c"};
  check_command(option, 5, 1,
                "tests/data/vet/lock_type_option.c:17:9: assignment copies lock value to *to: "
                "ticket_lock\n"
                "tests/data/vet/lock_type_option.c:18:8: assignment copies lock value to *q: "
                "struct queue contains ticket_lock[2] tickets\n");
  char *broken[] = {"tests/data/vet/broken.c"};
  check_command(broken, 1, 2, "");
  char *no_file[] = {"--lock-type", "ticket_lock"};
  check_command(no_file, 2, 2, "");
  char *unknown[] = {"--locks", "cases/copied_struct_racy.c"};
  check_command(unknown, 2, 2, "");
}

/* A way out that keeps a lock names the function, the lock as its call spells it and the
 * lock's line; --check picks one of the two checks. */
static void test_lock_paths(void) {
  struct vet_options plain = {0};
  struct vet_findings found = vet_one(&plain, "tests/data/vet/unlock_paths_leaks.c");
  const struct vet_finding *deposit = found.len > 2 ? &found.items[2] : NULL;
  if (CHECK(deposit != NULL)) {
    check_rendered(deposit, "tests/data/vet/unlock_paths_leaks.c:38:5: this return leaves "
                            "deposit holding &a->mu, locked on line 36");
    CHECK(deposit->kind == VET_RETURN_HOLDS_LOCK && deposit->lock_line == 36);
    CHECK_STR(deposit->lock, "&a->mu");
    CHECK_STR(vet_checker_name(deposit->kind), "unlockpaths");
  }
  vet_findings_free(&found);
  plain.check = VET_COPYLOCKS;
  found = vet_one(&plain, "tests/data/vet/unlock_paths_leaks.c");
  CHECK(found.len == 0);
  vet_findings_free(&found);
  char *leaks[] = {"--check", "unlockpaths", "cases/forgotten_unlock_buggy.c",
                   "cases/copied_mutex_racy.c"};
  check_command(leaks, 4, 1,
                "cases/forgotten_unlock_buggy.c:16:5: this return leaves withdraw holding "
                "&balance_mu, locked on line 14\n");
  char *copies[] = {"--check", "copylocks", "cases/forgotten_unlock_buggy.c"};
  check_command(copies, 3, 0, "");
  char *unknown[] = {"--check", "everything", "cases/forgotten_unlock_buggy.c"};
  check_command(unknown, 3, 2, "");
}

int main(void) {
  test_marked_programs();
  test_lock_type_option();
  test_across_files();
  test_said_once();
  test_rendering();
  test_cases();
  test_own_code_is_clean();
  test_parse_errors();
  test_command();
  test_lock_paths();
  return test_summary("vet");
}
