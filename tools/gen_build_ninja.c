/* Writes build.ninja from what is in cases/, src/ and tests/, so that adding a case means
 * adding cases/NAME.c and expected/NAME.txt and nothing else: ninja re-runs this generator
 * whenever one of those folders gains or loses a file. */
#include "../src/case_info.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ninja and the runner both take a case name as one word; keep names to safe characters. */
static int plain_name(const char *name) {
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '_' || *p == '-'))
      return 0;
  return name[0] != '\0' && name[0] != '-';
}

/* The stems of dir/STEM.c, sorted; exits on a name ninja or a reader would trip over. */
static void list_c_files(const char *dir, struct strlist *out) {
  if (list_cases(dir, out) != 0) {
    fprintf(stderr, "gen_build_ninja: cannot open %s/: %s\n", dir, strerror(errno));
    exit(1);
  }
  for (size_t i = 0; i < out->len; i++)
    if (!plain_name(out->items[i])) {
      fprintf(stderr,
              "gen_build_ninja: %s/%s.c: use only letters, digits, '_' and '-' in a file name\n",
              dir, out->items[i]);
      exit(1);
    }
}

static void list(FILE *f, const char *prefix, const struct strlist *n, const char *suffix,
                 const char *skip) {
  for (size_t i = 0; i < n->len; i++)
    if (!skip || strcmp(n->items[i], skip) != 0)
      fprintf(f, " %s%s%s", prefix, n->items[i], suffix);
}

static void read_header(const char *dir, const char *name, struct case_info *info) {
  char *path = xasprintf("%s/%s.c", dir, name);
  if (case_info_read(path, info) != 0) {
    fprintf(stderr, "gen_build_ninja: cannot read %s: %s\n", path, strerror(errno));
    exit(1);
  }
  free(path);
}

/* The programs of one folder, built as cases are: each by the rule its header asks for. */
struct programs {
  const char *dir;
  struct strlist names;
  struct strlist rules; /* names.items[i]'s: plain_case if its header names a valgrind tool */
};

static void read_programs(const char *dir, struct programs *out) {
  *out = (struct programs){.dir = dir};
  list_c_files(dir, &out->names);
  for (size_t i = 0; i < out->names.len; i++) {
    struct case_info info;
    read_header(dir, out->names.items[i], &info);
    strlist_push(&out->rules,
                 xstrdup(case_runs_under_valgrind(&info) ? "plain_case" : "tsan_case"));
    case_info_free(&info);
  }
}

/* The shim and every case, built into DIR/ by the compiler cc (NULL: $cc, clang). */
static void write_case_builds(FILE *f, const char *dir, const char *cc,
                              const struct programs *cases) {
  fprintf(f, "build %s/shim/thread_origins.o: shim_cc shim/thread_origins.c\n", dir);
  if (cc)
    fprintf(f, "  cc = %s\n", cc);
  for (size_t i = 0; i < cases->names.len; i++) {
    const char *c = cases->names.items[i];
    fprintf(f, "build %s/cases/%s: %s %s/%s.c %s/shim/thread_origins.o\n", dir, c,
            cases->rules.items[i], cases->dir, c, dir);
    if (cc)
      fprintf(f, "  cc = %s\n", cc);
  }
}

/* The fuzz targets, on objects built with libFuzzer's coverage; `ninja fuzz` runs each for
 * $fuzz_seconds, its corpus seeded from the folders its header names ("Seeds: ..."). */
static void write_fuzzers(FILE *f, const struct strlist *fuzz, const struct strlist *src) {
  fputs("\n# Fuzzing: not part of the default build.\n", f);
  for (size_t i = 0; fuzz->len && i < src->len; i++)
    if (strcmp(src->items[i], "racecheck") != 0)
      fprintf(f, "build build/fuzzobj/%s.o: fuzz_cc src/%s.c\n", src->items[i], src->items[i]);
  for (size_t i = 0; i < fuzz->len; i++) {
    const char *t = fuzz->items[i];
    struct case_info info;
    read_header("tests/fuzz", t, &info);
    fprintf(f, "build build/fuzzobj/fuzz_%s.o: fuzz_cc tests/fuzz/%s.c\n", t, t);
    fprintf(f, "build build/fuzz/%s: fuzz_link build/fuzzobj/fuzz_%s.o", t, t);
    list(f, "build/fuzzobj/", src, ".o", "racecheck");
    fprintf(f, "\nbuild run_fuzz_%s: fuzz_run build/fuzz/%s\n  name = %s\n  seeds =", t, t, t);
    for (size_t j = 0; j < info.header.len; j++)
      if (strncmp(info.header.items[j], "Seeds:", 6) == 0)
        fprintf(f, "%s", info.header.items[j] + 6);
    fputs("\n", f);
    case_info_free(&info);
  }
  fputs("build fuzz: phony", f);
  list(f, "run_fuzz_", fuzz, "", NULL);
  fputs("\n", f);
}

/* The same cases built by other compilers, each checked against the same expected files:
 * `ninja check-all` runs the matrix. The default compiler's builds are build/cases/. */
static const struct {
  const char *name, *cc;
} VARIANTS[] = {{"clang19", "clang-19"}, {"gcc", "gcc"}};

static void write_variants(FILE *f, const struct programs *cases) {
  fputs("\n# The compiler matrix: not part of the default build.\n", f);
  for (size_t v = 0; v < sizeof VARIANTS / sizeof VARIANTS[0]; v++) {
    const char *name = VARIANTS[v].name, *cc = VARIANTS[v].cc;
    char *dir = xasprintf("build/%s", name), *prefix = xasprintf("build/%s/cases/", name);
    write_case_builds(f, dir, cc, cases);
    fprintf(f, "build check-%s: check_variant | build/racecheck", name);
    list(f, prefix, &cases->names, "", NULL);
    fprintf(f, "\n  build_dir = %s\n  cc = %s\n", dir, cc);
    free(dir), free(prefix);
  }
  fputs("build check-all: phony check test", f);
  for (size_t v = 0; v < sizeof VARIANTS / sizeof VARIANTS[0]; v++)
    fprintf(f, " check-%s", VARIANTS[v].name);
  fputs("\n", f);
}

/* The benchmark (bench/cost.c) and every case built three ways, none with the shim, so that
 * each row measures the detector alone: plain (also what valgrind's tools run), clang's TSan
 * and GCC's TSan. */
static void write_bench(FILE *f, const struct strlist *cases, const struct strlist *src) {
  static const struct {
    const char *dir, *cc, *flags;
  } BUILDS[] = {{"plain", "clang", ""},
                {"tsan", "clang", "-fsanitize=thread"},
                {"gcc", "gcc", "-fsanitize=thread"}};
  fputs("\n# `ninja bench`: what checking costs. Not part of the default build.\n", f);
  fputs("build build/bench/cost.o: cc bench/cost.c\nbuild build/bench/cost: link "
        "build/bench/cost.o",
        f);
  list(f, "build/obj/", src, ".o", "racecheck");
  fputs("\n", f);
  for (size_t b = 0; b < sizeof BUILDS / sizeof BUILDS[0]; b++)
    for (size_t i = 0; i < cases->len; i++)
      fprintf(f, "build build/bench/%s/%s: bench_case cases/%s.c\n  cc = %s\n  flags = %s\n",
              BUILDS[b].dir, cases->items[i], cases->items[i], BUILDS[b].cc, BUILDS[b].flags);
  fputs("build bench-builds: phony build/bench/cost", f);
  for (size_t b = 0; b < sizeof BUILDS / sizeof BUILDS[0]; b++) {
    char *prefix = xasprintf("build/bench/%s/", BUILDS[b].dir);
    list(f, prefix, cases, "", NULL);
    free(prefix);
  }
  fputs("\nbuild bench: bench | bench-builds\n", f);
}

/* One verdict per case, then the summary that prints them all, cached or new. The runner's
 * depfile adds the case's source and expected file to each verdict's inputs. `ninja recheck`
 * makes every verdict again, in parallel: its edges name outputs that never exist. */
static void write_verdicts(FILE *f, const struct strlist *cases) {
  fputs("\n# `ninja check`: a verdict per case, run only when its inputs changed.\n", f);
  for (size_t i = 0; i < cases->len; i++) {
    const char *c = cases->items[i];
    fprintf(f, "build build/verdicts/%s: verdict build/cases/%s | build/racecheck\n  name = %s\n",
            c, c, c);
  }
  fputs("build check: summary | build/racecheck", f);
  list(f, "build/verdicts/", cases, "", NULL);
  fputs("\n  cases =", f);
  list(f, "", cases, "", NULL);
  fputs("\n", f);
  for (size_t i = 0; i < cases->len; i++)
    fprintf(f, "build recheck-%s: recheck_one build/cases/%s | build/racecheck\n  name = %s\n",
            cases->items[i], cases->items[i], cases->items[i]);
  fputs("build recheck: summary | build/racecheck", f);
  list(f, "recheck-", cases, "", NULL);
  fputs("\n  cases =", f);
  list(f, "", cases, "", NULL);
  fputs("\n", f);
}

static const char HEADER[] =
    "# Generated by tools/gen_build_ninja.c from the files in cases/, src/, tests/ and\n"
    "# tests/fuzz/.\n"
    "# Do not edit: ninja runs the generator again when those folders change.\n"
    "ninja_required_version = 1.10\n"
    "\n"
    "cc = clang\n"
    "cflags = -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O2\n"
    "asan_cflags = -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O1 $\n"
    "    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer\n"
    "# Each case is built for its detector: ThreadSanitizer from clang's compiler-rt, with the\n"
    "# shim that records where each thread was created (see shim/thread_origins.c).\n"
    "tsan_cflags = -std=c17 -Wall -Wextra -Werror -g -O1 -pthread -fsanitize=thread\n"
    "# A case whose header names a valgrind tool is built plain; valgrind 3.19 reads DWARF 4.\n"
    "plain_cflags = -std=c17 -Wall -Wextra -Werror -gdwarf-4 -O1 -pthread\n"
    "shim_ldflags = -Wl,--wrap=pthread_create\n"
    "\n"
    "rule gen\n"
    "  command = build/gen_build_ninja > build.ninja.new && mv build.ninja.new build.ninja\n"
    "  description = GEN build.ninja\n"
    "  generator = 1\n"
    "rule tool\n"
    "  command = $cc -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -O1 $in -o $out\n"
    "  description = CC $out\n"
    "rule cc\n"
    "  command = $cc $cflags -MMD -MF $out.d -c $in -o $out\n"
    "  depfile = $out.d\n"
    "  deps = gcc\n"
    "  description = CC $out\n"
    "rule asan_cc\n"
    "  command = $cc $asan_cflags -MMD -MF $out.d -c $in -o $out\n"
    "  depfile = $out.d\n"
    "  deps = gcc\n"
    "  description = CC $out (ASan+UBSan)\n"
    "rule link\n"
    "  command = $cc $ldflags $in -o $out\n"
    "  description = LINK $out\n"
    "rule shim_cc\n"
    "  command = $cc -std=c17 -Wall -Wextra -Werror -gdwarf-4 -O1 -c $in -o $out\n"
    "  description = CC $out\n"
    "rule plain_case\n"
    "  command = $cc $plain_cflags -MMD -MF $out.d $in $shim_ldflags -o $out\n"
    "  depfile = $out.d\n"
    "  deps = gcc\n"
    "  description = CC $out (for valgrind)\n"
    "rule tsan_case\n"
    "  command = $cc $tsan_cflags -MMD -MF $out.d $in $shim_ldflags -o $out\n"
    "  depfile = $out.d\n"
    "  deps = gcc\n"
    "  description = CC $out (TSan)\n"
    "fuzz_flags = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all\n"
    "fuzz_seconds = 60\n"
    "rule fuzz_cc\n"
    "  command = $cc $asan_cflags -fsanitize=fuzzer-no-link -MMD -MF $out.d -c $in -o $out\n"
    "  depfile = $out.d\n"
    "  deps = gcc\n"
    "  description = CC $out (libFuzzer)\n"
    "rule fuzz_link\n"
    "  command = $cc -fsanitize=fuzzer,address,undefined $in -o $out\n"
    "  description = LINK $out\n"
    "rule fuzz_run\n"
    "  command = mkdir -p build/fuzz/corpus/$name && $in -max_total_time=$fuzz_seconds "
    "-print_final_stats=1 build/fuzz/corpus/$name $seeds\n"
    "  description = FUZZ $name for $fuzz_seconds s\n"
    "  pool = console\n"
    "rule bench_case\n"
    "  command = $cc -std=c17 -g -gdwarf-4 -O1 -pthread $flags -MMD -MF $out.d $in -o $out\n"
    "  depfile = $out.d\n"
    "  deps = gcc\n"
    "  description = CC $out (benchmark)\n"
    "rule bench\n"
    "  command = TSAN_OPTIONS= build/bench/cost all\n"
    "  description = BENCH check time, detector cost, runner cost\n"
    "  pool = console\n"
    "rule check_variant\n"
    "  command = build/racecheck check --build $build_dir --all\n"
    "  description = CHECK every case built by $cc\n"
    "  pool = console\n"
    "rule run_test\n"
    "  command = $in\n"
    "  description = TEST $in\n"
    "  pool = console\n"
    "rule demo_cases\n"
    "  command = build/racecheck demo --all\n"
    "  description = DEMO every case\n"
    "  pool = console\n"
    "# A case's verdict is a file, kept until the case's binary, source or expected file, or the\n"
    "# runner, changes. The runner's TSan options are its own; the caller's TSAN_OPTIONS, which\n"
    "# ninja cannot see, are left out so that a kept verdict means the same in every shell.\n"
    "rule verdict\n"
    "  command = TSAN_OPTIONS= build/racecheck verdict --depfile $name\n"
    "  description = CHECK $name\n"
    "  depfile = $out.d\n"
    "  deps = gcc\n"
    "rule recheck_one\n"
    "  command = TSAN_OPTIONS= build/racecheck verdict $name\n"
    "  description = CHECK $name (again)\n"
    "rule summary\n"
    "  command = build/racecheck summary $cases\n"
    "  description = SUMMARY of every case's verdict\n"
    "  pool = console\n"
    "\n"
    "build build/gen_build_ninja: tool tools/gen_build_ninja.c src/case_info.c src/text.c\n";

int main(void) {
  struct programs cases;
  struct strlist src = {0}, tests = {0}, fuzz = {0};
  read_programs("cases", &cases);
  list_c_files("src", &src);
  list_c_files("tests", &tests);
  list_c_files("tests/fuzz", &fuzz);
  FILE *f = stdout;
  fputs(HEADER, f);
  /* again when a folder gains or loses a file, or a case's header changes its detector */
  fputs("build build.ninja: gen | build/gen_build_ninja cases src tests tests/fuzz", f);
  list(f, "cases/", &cases.names, ".c", NULL);
  fputs("\n\n", f);

  fputs("# The runner, and the same code under ASan+UBSan for the tests.\n", f);
  for (size_t i = 0; i < src.len; i++) {
    fprintf(f, "build build/obj/%s.o: cc src/%s.c\n", src.items[i], src.items[i]);
    fprintf(f, "build build/asan/%s.o: asan_cc src/%s.c\n", src.items[i], src.items[i]);
  }
  fputs("build build/racecheck: link", f);
  list(f, "build/obj/", &src, ".o", NULL);
  fputs("\nbuild build/asan/racecheck: link", f);
  list(f, "build/asan/", &src, ".o", NULL);
  fputs("\n  ldflags = -fsanitize=address,undefined\n", f);
  fputs("\n# Each test program links every stage but the runner's main().\n", f);
  for (size_t i = 0; i < tests.len; i++) {
    const char *t = tests.items[i];
    fprintf(f, "build build/asan/tests/%s.o: asan_cc tests/%s.c\n", t, t);
    fprintf(f, "build build/tests/%s: link build/asan/tests/%s.o", t, t);
    list(f, "build/asan/", &src, ".o", "racecheck");
    fputs("\n  ldflags = -fsanitize=address,undefined\n", f);
  }

  fputs("\n# The cases, one binary each.\n", f);
  write_case_builds(f, "build", NULL, &cases);

  fputs("\n# `ninja test`: the runner's own tests, against the ASan+UBSan runner.\n", f);
  for (size_t i = 0; i < tests.len; i++) {
    fprintf(f, "build run_test_%s: run_test build/tests/%s | build/asan/racecheck", tests.items[i],
            tests.items[i]);
    list(f, "build/cases/", &cases.names, "", NULL);
    fputs("\n", f);
  }
  fputs("build test: phony", f);
  list(f, "run_test_", &tests, "", NULL);
  fputs("\n", f);
  write_fuzzers(f, &fuzz, &src);
  write_variants(f, &cases);
  write_verdicts(f, &cases.names);
  write_bench(f, &cases.names, &src);
  fputs("build demo: demo_cases | build/racecheck", f); /* after every case is built */
  list(f, "build/cases/", &cases.names, "", NULL);
  fputs("\n\ndefault build/racecheck build/asan/racecheck", f);
  list(f, "build/cases/", &cases.names, "", NULL);
  list(f, "build/tests/", &tests, "", NULL);
  fputs("\n", f);
  return ferror(f) ? 1 : 0;
}
