#include "detectors.h"

#include <string.h>

static const char *const NONE[] = {NULL};
static const char *const HELGRIND[] = {"valgrind", "--tool=helgrind", NULL};
/* DRD stops at 500 threads unless told; the counters start a thousand. */
static const char *const DRD[] = {"valgrind", "--tool=drd", "--max-threads=1100", NULL};
static const char *const THREAD_SAFETY[] = {"clang-19", "-fsyntax-only", "-fno-caret-diagnostics",
                                            "-Wthread-safety", NULL};
static const char *const ANALYZER_14[] = {"clang-14",
                                          "--analyze",
                                          "-Xclang",
                                          "-analyzer-checker=alpha.unix.PthreadLock",
                                          "-Xclang",
                                          "-analyzer-output=text",
                                          "-fno-caret-diagnostics",
                                          "-o",
                                          "/dev/null",
                                          NULL};
static const char *const ANALYZER_19[] = {"clang-19",
                                          "--analyze",
                                          "-Xclang",
                                          "-analyzer-checker=alpha.unix.PthreadLock",
                                          "-Xclang",
                                          "-analyzer-output=text",
                                          "-fno-caret-diagnostics",
                                          "-o",
                                          "/dev/null",
                                          NULL};
static const char *const TIDY[] = {"clang-tidy-14", "--quiet",
                                   "--checks=-*,misc-non-copyable-objects", NULL};

const struct detector DETECTORS[] = {
    {"tsan-clang14", "T14", "TSan, clang 14", TOOL_TSAN, "", NONE, 0},
    {"tsan-clang19", "T19", "TSan, clang 19", TOOL_TSAN, "clang19", NONE, 0},
    {"tsan-gcc", "Tgcc", "TSan, GCC 12", TOOL_TSAN, "gcc", NONE, 0},
    {"helgrind", "Hgr", "Helgrind", TOOL_VALGRIND, "", HELGRIND, 0},
    {"drd", "DRD", "DRD", TOOL_VALGRIND, "", DRD, 0},
    {"thread-safety", "TSA", "-Wthread-safety, clang 19", TOOL_CLANG, NULL, THREAD_SAFETY, 1},
    {"analyzer-clang14", "SA14", "Static Analyzer, clang 14", TOOL_CLANG, NULL, ANALYZER_14, 0},
    {"analyzer-clang19", "SA19", "Static Analyzer, clang 19", TOOL_CLANG, NULL, ANALYZER_19, 0},
    {"clang-tidy", "tidy", "clang-tidy 14", TOOL_CLANG_TIDY, NULL, TIDY, 0},
    {"vet", "vet", "racecheck vet", TOOL_VET, NULL, NONE, 0},
};
const size_t N_DETECTORS = sizeof DETECTORS / sizeof DETECTORS[0];

const struct detector *detector_named(const char *id) {
  for (size_t i = 0; i < N_DETECTORS; i++)
    if (strcmp(DETECTORS[i].id, id) == 0)
      return &DETECTORS[i];
  return NULL;
}

int tool_runs_program(enum detector_tool tool) {
  return tool == TOOL_TSAN || tool == TOOL_VALGRIND;
}

int detector_runs_program(const struct detector *d) {
  return tool_runs_program(d->tool);
}

void detector_source_flags(const char *cases_dir, struct strlist *argv) {
  strlist_push(argv, xstrdup("-std=c17"));
  strlist_push(argv, xstrdup("-D_GNU_SOURCE"));
  strlist_push(argv, xstrdup("-pthread"));
  strlist_push(argv, xasprintf("-I%s", cases_dir));
}
