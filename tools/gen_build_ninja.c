/* Writes build.ninja from what is in cases/, src/ and tests/: ninja re-runs this generator
 * whenever one of those folders gains or loses a file, so a new case needs no edit here.
 * Every list is one item a line, in name order, so a new case adds its own lines to
 * build.ninja and changes none. It writes the edges only; the rules they name and the flags
 * are in rules.ninja, which build.ninja includes. */
#include "case_info.h"
#include "detectors.h"
#include "lessons.h"

#include <dirent.h>
#include <unistd.h>

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

/* src/ in folders by stage (docs/internals.md says which): each of racecheck's sources,
 * as FOLDER/NAME; "" is src/ itself. A folder that is not there holds nothing. */
static const char *const SRC_FOLDERS[] = {"",      "base",    "model", "parse",   "run",
                                          "judge", "present", "teach", "commands"};

static void list_sources(struct strlist *out) {
  for (size_t k = 0; k < sizeof SRC_FOLDERS / sizeof *SRC_FOLDERS; k++) {
    char *dir = *SRC_FOLDERS[k] ? xasprintf("src/%s", SRC_FOLDERS[k]) : xstrdup("src");
    struct strlist names = {0};
    if (access(dir, F_OK) == 0)
      list_c_files(dir, &names);
    for (size_t i = 0; i < names.len; i++)
      strlist_push(out, *SRC_FOLDERS[k] ? xasprintf("%s/%s", SRC_FOLDERS[k], names.items[i])
                                        : xstrdup(names.items[i]));
    strlist_free(&names);
    free(dir);
  }
}

/* The source whose name, without its folder, is name. */
static const char *source_named(const struct strlist *src, const char *name) {
  for (size_t i = 0; i < src->len; i++)
    if (strcmp(path_basename(src->items[i]), name) == 0)
      return src->items[i];
  fprintf(stderr, "gen_build_ninja: src/ has no %s.c\n", name);
  exit(1);
}

/* A list of paths or names, one a line (ninja's "$" ends a line that goes on), so that a
 * new case adds lines to build.ninja and changes none. */
static void list(FILE *f, const char *prefix, const struct strlist *n, const char *suffix,
                 const char *skip) {
  fputs(" $\n", f);
  for (size_t i = 0; i < n->len; i++)
    if (!skip || strcmp(path_basename(n->items[i]), skip) != 0)
      fprintf(f, "    %s%s%s $\n", prefix, n->items[i], suffix);
  fputs("   ", f); /* what follows the list goes on a line of its own */
}

static void read_header(const char *dir, const char *name, struct case_info *info) {
  char *path = xasprintf("%s/%s.c", dir, name);
  if (case_info_read(path, info) != 0) {
    fprintf(stderr, "gen_build_ninja: cannot read %s: %s\n", path,
            errno == EINVAL ? "its Options: line is not --timeout SECONDS" : strerror(errno));
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

/* The shim linked into every program: where each thread was created, the lock ledger, and
 * the scheduler that imposes a lesson's schedule with its points. */
static const char *const SHIM[] = {"thread_origins", "lock_ledger", "scheduler", "sched_points",
                                   "fork_server"};
enum { NSHIM = sizeof SHIM / sizeof SHIM[0] };

/* Writes the edges that build dir's shim objects; returns their paths, space-separated. */
static char *write_shim(FILE *f, const char *dir, const char *rule_suffix) {
  struct buf objects = {0};
  for (size_t i = 0; i < NSHIM; i++) {
    fprintf(f,
            "build %s/shim/%s.o: shim_cc%s shim/%s.c | shim/lock_ledger.h shim/scheduler.h "
            "shim/fork_server.h shim/watch_filter.h\n",
            dir, SHIM[i], rule_suffix, SHIM[i]);
    buf_printf(&objects, "%s%s/shim/%s.o", i ? " " : "", dir, SHIM[i]);
  }
  return objects.data;
}

/* Every program, built into dir/cases/ with the shim object by the rules whose names end in
 * rule_suffix: "" for the default compiler, "_VARIANT" for the compiler matrix. */
static void write_programs(FILE *f, const char *dir, const char *rule_suffix, const char *shim,
                           const struct programs *p) {
  for (size_t i = 0; i < p->names.len; i++) {
    const char *name = p->names.items[i];
    fprintf(f, "build %s/cases/%s: %s%s %s/%s.c %s\n", dir, name, p->rules.items[i], rule_suffix,
            p->dir, name, shim);
  }
}

static void write_generator(FILE *f, const struct programs *cases, const struct programs *data,
                            const struct strlist *fuzz, const struct strlist *src) {
  fputs("# Generated by tools/gen_build_ninja.c from the files in cases/, src/, src/libclang/,\n"
        "# tests/, tests/data/ and tests/fuzz/; the rules are in rules.ninja.\n"
        "# Do not edit: ninja runs the generator again when those folders change.\n"
        "ninja_required_version = 1.10\n"
        "include rules.ninja\n\n"
        "build build/gen_build_ninja: tool tools/gen_build_ninja.c",
        f);
  static const char *const TOOL_SOURCES[] = {"case_info", "text", "detectors", "lessons", "report"};
  for (size_t i = 0; i < sizeof TOOL_SOURCES / sizeof *TOOL_SOURCES; i++)
    fprintf(f, " src/%s.c", source_named(src, TOOL_SOURCES[i]));
  fputs("\n", f);
  /* again when a folder gains or loses a file, or a header it reads changes: a case's
   * detector or options, a fuzz target's seeds; or a lesson is added (a page of the report) */
  fputs("build build.ninja: gen | build/gen_build_ninja cases src src/libclang tests tests/data "
        "tests/fuzz cases/lessons.txt",
        f);
  for (size_t k = 1; k < sizeof SRC_FOLDERS / sizeof *SRC_FOLDERS; k++) {
    char *folder = xasprintf("src/%s", SRC_FOLDERS[k]);
    if (access(folder, F_OK) == 0)
      fprintf(f, " %s", folder);
    free(folder);
  }
  list(f, "cases/", &cases->names, ".c", NULL);
  list(f, "tests/data/", &data->names, ".c", NULL);
  list(f, "tests/fuzz/", fuzz, ".c", NULL);
  fputs("\n", f);
}

/* What racecheck-c.so takes from src/ besides src/libclang/. */
static const char *const PARSER_SHARES[] = {"text", "vet_text", "bug_scope_text"};

/* src/libclang/NAME.c: the code that calls libclang. */
static void write_parser(FILE *f, const char *dir, const char *so_dir, const char *rule,
                         const char *link, const struct strlist *parser,
                         const struct strlist *src) {
  for (size_t i = 0; i < parser->len; i++)
    fprintf(f, "build %s/libclang/%s.o: %s src/libclang/%s.c\n", dir, parser->items[i], rule,
            parser->items[i]);
  fprintf(f, "build %s/racecheck-c.so: %s", so_dir, link);
  for (size_t i = 0; i < parser->len; i++)
    fprintf(f, " %s/libclang/%s.o", dir, parser->items[i]);
  for (size_t i = 0; i < sizeof PARSER_SHARES / sizeof *PARSER_SHARES; i++)
    fprintf(f, " %s/%s.o", dir, source_named(src, PARSER_SHARES[i]));
  fputs("\n", f);
}

static void write_runner(FILE *f, const struct strlist *src, const struct strlist *parser) {
  fputs("\n# The runner, and the same code under ASan+UBSan for the tests; each with the\n"
        "# library it loads to parse C (c_parser.h).\n",
        f);
  for (size_t i = 0; i < src->len; i++) {
    fprintf(f, "build build/obj/%s.o: cc src/%s.c\n", src->items[i], src->items[i]);
    fprintf(f, "build build/asan/%s.o: asan_cc src/%s.c\n", src->items[i], src->items[i]);
  }
  write_parser(f, "build/obj", "build", "cc", "parser_link", parser, src);
  write_parser(f, "build/asan", "build/asan", "asan_cc", "asan_parser_link", parser, src);
  fputs("build build/racecheck: link", f);
  list(f, "build/obj/", src, ".o", NULL);
  /* racecheck is linked again when the library changes, so what it kept is made again */
  fputs(" | build/racecheck-c.so\n", f);
  fputs("build build/asan/racecheck: asan_link", f);
  list(f, "build/asan/", src, ".o", NULL);
  fputs(" | build/asan/racecheck-c.so\n", f);
}

/* The objects of a program that links libclang's callers in, not the loader. */
static void list_linked_in(FILE *f, const char *dir, const struct strlist *src,
                           const struct strlist *parser) {
  for (size_t i = 0; i < src->len; i++)
    if (strcmp(path_basename(src->items[i]), "racecheck") != 0 &&
        strcmp(path_basename(src->items[i]), "c_parser") != 0)
      fprintf(f, " %s/%s.o", dir, src->items[i]);
  for (size_t i = 0; i < parser->len; i++)
    if (strcmp(parser->items[i], "plugin") != 0)
      fprintf(f, " %s/libclang/%s.o", dir, parser->items[i]);
}

static void write_test_programs(FILE *f, const struct strlist *tests, const struct strlist *src,
                                const struct strlist *parser) {
  fputs("\n# Each test program links every stage but the runner's main(), with libclang's\n"
        "# callers linked in.\n",
        f);
  for (size_t i = 0; i < tests->len; i++) {
    const char *t = tests->items[i];
    fprintf(f, "build build/asan/tests/%s.o: asan_cc tests/%s.c\n", t, t);
    fprintf(f, "build build/tests/%s: test_link build/asan/tests/%s.o", t, t);
    list_linked_in(f, "build/asan", src, parser);
    fputs("\n", f);
  }
}

static void write_test_runs(FILE *f, const struct strlist *tests, const struct programs *cases,
                            const struct programs *data) {
  fputs("\n# `ninja test`: the runner's own tests, against the ASan+UBSan runner, once every\n"
        "# case and test program is built.\n",
        f);
  fputs("build test-programs: phony", f);
  list(f, "build/cases/", &cases->names, "", NULL);
  list(f, "build/data/cases/", &data->names, "", NULL);
  fputs("\n", f);
  for (size_t i = 0; i < tests->len; i++)
    fprintf(f, "build run_test_%s: run_test build/tests/%s | build/asan/racecheck test-programs\n",
            tests->items[i], tests->items[i]);
  fputs("build test: phony", f);
  list(f, "run_test_", tests, "", NULL);
  fputs("\n", f);
}

/* The fuzz targets, on objects built with libFuzzer's coverage; `ninja fuzz` runs each for
 * $fuzz_seconds, its corpus seeded from the folders its header names ("Seeds: ..."). */
static void write_fuzzers(FILE *f, const struct strlist *fuzz, const struct strlist *src) {
  fputs("\n# Fuzzing: not part of the default build.\n", f);
  for (size_t i = 0; fuzz->len && i < src->len; i++)
    if (strcmp(path_basename(src->items[i]), "racecheck") != 0)
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

/* The same cases built by other compilers into build/VARIANT/, each checked against the
 * same expected files: `ninja check-all` runs the matrix. rules.ninja has each variant's
 * rules: shim_cc_VARIANT, tsan_case_VARIANT, plain_case_VARIANT and check_VARIANT. */
static const char *const VARIANTS[] = {"clang19", "gcc"};
enum { NVARIANTS = sizeof VARIANTS / sizeof VARIANTS[0] };

static void write_variants(FILE *f, const struct programs *cases) {
  fputs("\n# The compiler matrix: not part of the default build.\n", f);
  for (size_t v = 0; v < NVARIANTS; v++) {
    char *dir = xasprintf("build/%s", VARIANTS[v]), *suffix = xasprintf("_%s", VARIANTS[v]);
    char *binaries = xasprintf("%s/cases/", dir);
    char *shim = write_shim(f, dir, suffix);
    write_programs(f, dir, suffix, shim, cases);
    fprintf(f, "build check-%s: check%s | build/racecheck", VARIANTS[v], suffix);
    list(f, binaries, &cases->names, "", NULL);
    fputs("\n", f);
    free(dir), free(suffix), free(binaries), free(shim);
  }
  fputs("build check-all: phony check test matrix-check", f);
  for (size_t v = 0; v < NVARIANTS; v++)
    fprintf(f, " check-%s", VARIANTS[v]);
  fputs("\n", f);
}

/* The benchmark (bench/cost.c) and every case built by each rule bench_BUILD into
 * build/bench/BUILD/. */
static void write_bench(FILE *f, const struct strlist *cases, const struct strlist *src) {
  static const char *const BUILDS[] = {"plain", "tsan", "clang19", "gcc"};
  enum { NBUILDS = sizeof BUILDS / sizeof BUILDS[0] };
  fputs("\n# `ninja bench`: what checking costs. Not part of the default build.\n", f);
  fputs("build build/bench/cost.o: cc bench/cost.c\nbuild build/bench/cost: link "
        "build/bench/cost.o",
        f);
  list(f, "build/obj/", src, ".o", "racecheck");
  fputs("\n", f);
  for (size_t b = 0; b < NBUILDS; b++)
    for (size_t i = 0; i < cases->len; i++)
      fprintf(f, "build build/bench/%s/%s: bench_%s cases/%s.c\n", BUILDS[b], cases->items[i],
              BUILDS[b], cases->items[i]);
  fputs("build build/bench/spawn: tool bench/spawn.c\n", f);
  fputs("build bench-builds: phony build/bench/cost build/bench/spawn", f);
  for (size_t b = 0; b < NBUILDS; b++) {
    char *prefix = xasprintf("build/bench/%s/", BUILDS[b]);
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

/* The headers in dir, which an analysis of any case there may read. */
static void list_headers(const char *dir, struct strlist *out) {
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));)
    if (e->d_name[0] != '.' && ends_with(e->d_name, ".h"))
      strlist_push(out, xasprintf("%s/%s", dir, e->d_name));
  if (d)
    closedir(d);
  strlist_sort(out);
}

/* The binary a detector of the matrix runs for a case: the case's own build by that
 * compiler when it is built the way the detector needs (with TSan, or plain for valgrind),
 * else one built for the matrix alone, into build/matrix/BUILD/, once. */
static char *matrix_binary(FILE *f, const struct detector *d, const struct programs *cases,
                           size_t i, struct strlist *built) {
  const char *rule = d->tool == TOOL_TSAN ? "tsan_case" : "plain_case";
  const char *name = cases->names.items[i];
  char *dir = d->compiler[0] ? xasprintf("build/%s", d->compiler) : xstrdup("build");
  char *suffix = d->compiler[0] ? xasprintf("_%s", d->compiler) : xstrdup("");
  char *path = strcmp(cases->rules.items[i], rule) == 0
                   ? xasprintf("%s/cases/%s", dir, name)
                   : xasprintf("build/matrix/%s%s/%s", rule, suffix, name);
  int seen = 0;
  for (size_t k = 0; k < built->len && !seen; k++)
    seen = strcmp(built->items[k], path) == 0;
  if (!seen && starts_with(path, "build/matrix/")) {
    fprintf(f, "build %s: %s%s cases/%s.c", path, rule, suffix, name);
    for (size_t k = 0; k < NSHIM; k++)
      fprintf(f, " %s/shim/%s.o", dir, SHIM[k]);
    fputc('\n', f);
    strlist_push(built, xstrdup(path));
  }
  free(dir), free(suffix);
  return path;
}

/* A cell per case and detector, then the table of them all and its check. */
static void write_matrix(FILE *f, const struct programs *cases) {
  fputs("\n# `ninja matrix`: every case under every detector. Not part of the default build.\n", f);
  struct strlist built = {0}, cells = {0}, headers = {0};
  list_headers(cases->dir, &headers);
  fputs("build case-headers: phony", f); /* what an analyser reads besides the case */
  list(f, "", &headers, "", NULL);
  fputs("\n", f);
  for (size_t j = 0; j < N_DETECTORS; j++)
    for (size_t i = 0; i < cases->names.len; i++) {
      const struct detector *d = &DETECTORS[j];
      const char *name = cases->names.items[i];
      char *cell = xasprintf("build/matrix/cells/%s/%s", d->id, name);
      if (detector_runs_program(d)) {
        char *binary = matrix_binary(f, d, cases, i, &built);
        fprintf(f, "build %s: cell_run %s | build/racecheck\n", cell, binary);
        free(binary);
      } else {
        fprintf(f, "build %s: cell_analysis cases/%s.c | build/racecheck case-headers\n", cell,
                name);
      }
      fprintf(f, "  name = %s\n  detector = %s\n", name, d->id);
      strlist_push(&cells, cell);
    }
  fputs("build matrix-cells: phony", f);
  list(f, "", &cells, "", NULL);
  fputs("\nbuild matrix: matrix | build/racecheck matrix-cells\n"
        "build matrix-check: matrix_check | build/racecheck matrix-cells\n",
        f);
  strlist_free(&built), strlist_free(&cells), strlist_free(&headers);
}

/* The report's pages: one per lesson, named after the case that breaks its rule, then one
 * per case no lesson names; each runs its cases once, so it waits for their binaries. The
 * runner's depfile adds their sources, expected files and cases/lessons.txt. The index
 * reads the kept verdicts. */
static void write_report(FILE *f, const struct strlist *cases) {
  struct lessons l;
  char *error = NULL;
  if (lessons_read("cases", &l, &error) != 0) {
    fprintf(stderr, "gen_build_ninja: %s\n", error);
    exit(1);
  }
  fputs("\n# `ninja report`: the HTML report, a page per lesson, and its index.\n", f);
  struct strlist pages = {0};
  for (size_t i = 0; i < l.len; i++) {
    const struct strlist *c = &l.items[i].cases;
    fprintf(f, "build build/report/%s.html: report_page", c->items[0]);
    list(f, "build/cases/", c, "", NULL);
    fprintf(f, " | build/racecheck\n  name = %s\n", c->items[0]);
    strlist_push(&pages, xstrdup(c->items[0]));
  }
  for (size_t i = 0; i < cases->len; i++)
    if (!lesson_of(&l, cases->items[i])) {
      fprintf(f,
              "build build/report/%s.html: report_page build/cases/%s | build/racecheck\n"
              "  name = %s\n",
              cases->items[i], cases->items[i], cases->items[i]);
      strlist_push(&pages, xstrdup(cases->items[i]));
    }
  fputs("build build/report/index.html: report_index | build/racecheck cases/lessons.txt", f);
  list(f, "cases/", cases, ".c", NULL); /* the rules, in their headers */
  list(f, "build/verdicts/", cases, "", NULL);
  fputs("\nbuild report: phony build/report/index.html", f);
  list(f, "build/report/", &pages, ".html", NULL);
  fputs("\nbuild report-shots: report_shots | report\n", f);
  strlist_free(&pages);
  lessons_free(&l);
}

static void write_defaults(FILE *f, const struct strlist *cases, const struct strlist *tests) {
  fputs("build demo: demo_cases | build/racecheck", f); /* after every case is built */
  list(f, "build/cases/", cases, "", NULL);
  /* every exercise the learner has a copy of, in exercises/: never up to date */
  fputs("\nbuild try: try_exercises | build/racecheck", f);
  fputs("\nbuild vet: vet_cases", f);
  list(f, "cases/", cases, ".c", NULL);
  fputs(" | build/racecheck", f);
  fputs("\n\ndefault build/racecheck build/asan/racecheck", f);
  list(f, "build/cases/", cases, "", NULL);
  list(f, "build/tests/", tests, "", NULL);
  fputs("\n", f);
}

int main(void) {
  struct programs cases, data;
  struct strlist src = {0}, parser = {0}, tests = {0}, fuzz = {0};
  read_programs("cases", &cases);
  read_programs("tests/data", &data);
  list_sources(&src);
  list_c_files("src/libclang", &parser);
  list_c_files("tests", &tests);
  list_c_files("tests/fuzz", &fuzz);
  FILE *f = stdout;
  write_generator(f, &cases, &data, &fuzz, &src);
  write_runner(f, &src, &parser);
  write_test_programs(f, &tests, &src, &parser);
  fputs("\n# The cases, one binary each, and the end-to-end tests' programs, built alike.\n", f);
  char *shim = write_shim(f, "build", "");
  write_programs(f, "build", "", shim, &cases);
  write_programs(f, "build/data", "", shim, &data);
  free(shim);
  write_test_runs(f, &tests, &cases, &data);
  write_fuzzers(f, &fuzz, &src);
  write_variants(f, &cases);
  write_verdicts(f, &cases.names);
  write_bench(f, &cases.names, &src);
  write_matrix(f, &cases);
  write_report(f, &cases.names);
  write_defaults(f, &cases.names, &tests);
  return fflush(f) != 0 || ferror(f) ? 1 : 0;
}
