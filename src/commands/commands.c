/* Every command of racecheck: its name, what it takes and says, and the function that runs it.
 * `racecheck help` and `racecheck help CMD` print from this table alone. */
#include "commands.h"

#include "bless.h"
#include "cc_cmd.h"
#include "cell_cmd.h"
#include "check_cmd.h"
#include "demo.h"
#include "exercise_try.h"
#include "explore.h"
#include "grade.h"
#include "lesson_cmd.h"
#include "matrix_cmd.h"
#include "report_cmd.h"
#include "show.h"
#include "step.h"
#include "vet_cmd.h"

#include <string.h>

#define END                                                                                        \
  { OPT_END, NULL }
/* The options of a command that runs cases: where they are, how long, which debugger. */
#define RUNS_CASES                                                                                 \
  {OPT_TIMEOUT, NULL}, {OPT_CASES, NULL}, {OPT_BUILD, NULL}, {OPT_EXPECTED, NULL}, {               \
    OPT_GDB, NULL                                                                                  \
  }

static const struct command_option CHECK_OPTIONS[] = {
    {OPT_ALL, NULL},
    {OPT_REPEAT, "run each case N times; a verdict that changes between runs is FLAKY"},
    {OPT_TIMEOUT, NULL},
    {OPT_FORMAT, "the verdicts and findings as text or JSON (docs/racecheck.schema.json)"},
    {OPT_JUNIT, "also write the verdicts as JUnit XML, for CI systems"},
    {OPT_CASES, NULL},
    {OPT_BUILD, NULL},
    {OPT_EXPECTED, NULL},
    {OPT_GDB, NULL},
    END};

static const struct command_option VERDICT_OPTIONS[] = {
    {OPT_ALL, NULL},
    {OPT_TIMEOUT, NULL},
    {OPT_VERDICTS, NULL},
    {OPT_DEPFILE, "also write DIR/CASE.d, naming the files the verdict read, for ninja"},
    {OPT_CASES, NULL},
    {OPT_BUILD, NULL},
    {OPT_EXPECTED, NULL},
    {OPT_GDB, NULL},
    END};

static const struct command_option SUMMARY_OPTIONS[] = {
    {OPT_ALL, NULL},
    {OPT_VERDICTS, NULL},
    {OPT_CASES, "where the cases' sources are, for --all (default cases)"},
    {OPT_BUILD, "the build folder, which holds verdicts/ (default build)"},
    END};

static const struct command_option BLESS_OPTIONS[] = {
    {OPT_ALL, NULL},
    {OPT_EVERY_COMPILER, "run each compiler's build (clang 14, clang 19, GCC) twice and merge "
                         "their wordings: a word they print differently becomes {{a|b}}"},
    {OPT_TIMEOUT, NULL},
    {OPT_CASES, NULL},
    {OPT_BUILD, NULL},
    {OPT_EXPECTED, "where the expected files are written (default expected)"},
    {OPT_GDB, NULL},
    END};

static const struct command_option SHOW_OPTIONS[] = {
    {OPT_COMPILE_DB, "take each file's -I, -D, -U, -std= and -include from the build's "
                     "BUILD_DIR/compile_commands.json"},
    {OPT_BRIEF, "the findings alone, without pictures and explanations"},
    {OPT_FORMAT, "the findings as text or as JSON"},
    {OPT_HTML, "also write the report's page for your program here (needs its .c files)"},
    {OPT_TIMEOUT, NULL},
    {OPT_BUILD, "the build folder; your program is kept in DIR/show/ (default build)"},
    {OPT_GDB, NULL},
    {OPT_EXPLORE, "run it under many schedules (as explore), and show each finding found"},
    {OPT_PREEMPTIONS, NULL},
    {OPT_BUDGET, NULL},
    {OPT_SEED, NULL},
    END};

static const struct command_option DEMO_OPTIONS[] = {
    {OPT_ALL, "every lesson, then the recap (what ninja demo runs)"},
    {OPT_STEP, "wait for Enter between the parts of a lesson (on a terminal only)"},
    {OPT_EXERCISE_DATA, NULL},
    RUNS_CASES,
    END};

static const struct command_option CELL_OPTIONS[] = {
    {OPT_DETECTOR, "the matrix's detector, by its id (required)"},
    {OPT_PROGRAM, "the binary the detector runs (for the detectors that run one)"},
    {OPT_DEPFILE, "also write the cell's depfile, for ninja"},
    {OPT_CELLS, NULL},
    {OPT_TIMEOUT, NULL},
    {OPT_CASES, NULL},
    {OPT_BUILD, "the build folder (default build)"},
    {OPT_GDB, NULL},
    END};

static const struct command_option MATRIX_OPTIONS[] = {
    {OPT_FORMAT, "the table as text, Markdown or JSON"},
    {OPT_WORDS, "each cell's findings under the table"},
    {OPT_CHECK, "compare the kept cells with expected/matrix.txt"},
    {OPT_BLESS, "write expected/matrix.txt from the kept cells; with case names, only "
                "their rows"},
    {OPT_README, "rewrite the sections racecheck writes in FILE (the matrix, the lessons "
                 "table) from expected/matrix.txt and cases/lessons.txt; again for another"},
    {OPT_CELLS, NULL},
    {OPT_CASES, NULL},
    {OPT_BUILD, "the build folder (default build)"},
    {OPT_EXPECTED, "where matrix.txt is (default expected)"},
    END};

static const struct command_option REPORT_OPTIONS[] = {
    {OPT_ALL, "a page for every lesson"},
    {OPT_INDEX, "the rules table, index.html, from the verdicts ninja check keeps"},
    {OPT_SHOTS, "screenshots of the pages named (index for the index), with headless Chromium"},
    {OPT_OUT, "the pages' folder (default build/report)"},
    {OPT_DEPFILE, "also write each page's depfile, for ninja"},
    RUNS_CASES,
    END};

static const struct command_option EXERCISE_OPTIONS[] = {
    {OPT_EXERCISES, NULL},
    {OPT_EXERCISE_DATA, NULL},
    {OPT_CASES, "where the lessons' cases are (default cases)"},
    {OPT_EXPECTED, NULL},
    END};

static const struct command_option TRY_OPTIONS[] = {
    {OPT_ALL, "try every copy you have"},
    {OPT_SANDBOX, "build and run it inside bubblewrap, as grade does: an unprivileged user, no "
                  "network, racecheck's folders hidden, nothing of it alive after"},
    {OPT_SOURCE, "the file to try, instead of your copy in exercises/"},
    {OPT_REPEAT, "how many unscheduled runs follow the scheduled ones (default 10)"},
    {OPT_BUDGET, "how many schedules are explored after the lesson's (default 20)"},
    {OPT_PREEMPTIONS, NULL},
    {OPT_FORMAT, "the verdict as text, or as JSON (docs/racecheck.schema.json), which grade "
                 "reads"},
    {OPT_EXERCISES, NULL},
    {OPT_EXERCISE_DATA, NULL},
    RUNS_CASES,
    END};

static const struct command_option GRADE_OPTIONS[] = {
    {OPT_NO_SANDBOX, "run the submissions without bubblewrap, as you: your files, your "
                     "network, the other submissions, the expected files and racecheck itself "
                     "are then within their reach (for a platform's own container, or where "
                     "bubblewrap cannot run)"},
    {OPT_LESSON, "the lesson of every submission, when each student hands in one file"},
    {OPT_JOBS, "how many submissions to grade at once, each in its own sandbox (default: "
               "the cores); the table is the same whatever N is"},
    {OPT_OUT, "PREFIX of the tables written, PREFIX.csv and PREFIX.json (default grades)"},
    {OPT_FORMAT, "also print the table as text or JSON, or print what a course platform "
                 "reads of one submission: Gradescope's results.json, PrairieLearn's results"},
    {OPT_REPEAT, "how many unscheduled runs each try makes (default 10)"},
    {OPT_BUDGET, "how many schedules each try explores (default 20)"},
    {OPT_EXERCISE_DATA, NULL},
    RUNS_CASES,
    END};

static const struct command_option EXPLORE_OPTIONS[] = {{OPT_PREEMPTIONS, NULL},
                                                        {OPT_BUDGET, NULL},
                                                        {OPT_PCT, NULL},
                                                        {OPT_SEED, NULL},
                                                        {OPT_EXEC_EACH, NULL},
                                                        RUNS_CASES,
                                                        END};

static const struct command_option STEP_OPTIONS[] = {
    {OPT_SCHEDULE, "the schedule to follow: picks: A*2 B ... as explore prints it, or a "
                   "lesson's steps (a lesson's case has its own)"},
    RUNS_CASES,
    END};

static const struct command_option LESSON_OPTIONS[] = {
    {OPT_TIMEOUT, NULL},
    {OPT_CASES, "where the programs and lessons.txt are (default cases; build.ninja builds "
                "cases/)"},
    {OPT_GDB, NULL},
    END};

static const struct command_option NO_OPTIONS[] = {END};

static const struct command COMMANDS[] = {
    {{"check", "check cases against their expected files: N passed, N failed",
      "racecheck check [options] (--all | CASE...)",
      "Runs each case (build/cases/CASE) under the detector its source names, turns what the\n"
      "detector said into findings and compares them with expected/CASE.txt.",
      "  racecheck check counter_racy bank_mutex\n  racecheck check --repeat 20 --all\n",
      "text|json", OPTIONS_ANYWHERE, 0, CHECK_OPTIONS},
     cmd_check,
     NULL,
     1,
     1},
    {{"verdict", "check a case and keep its verdict, for ninja",
      "racecheck verdict [options] (--all | CASE...)",
      "Checks like check and prints nothing: what check would have printed is kept in\n"
      "DIR/CASE (default build/verdicts), until the case's binary, source, expected file or\n"
      "the runner changes.",
      "  racecheck verdict --depfile counter_racy\n", NULL, OPTIONS_ANYWHERE, 0, VERDICT_OPTIONS},
     cmd_verdict,
     NULL,
     1,
     1},
    {{"summary", "print the kept verdicts and the totals",
      "racecheck summary [options] (--all | CASE...)",
      "Prints each kept verdict and the totals, N passed, N failed, and removes each verdict\n"
      "that did not pass, so that its case runs again next time.",
      "  racecheck summary --all\n", NULL, OPTIONS_ANYWHERE, 0, SUMMARY_OPTIONS},
     cmd_summary,
     NULL,
     1,
     1},
    {{"bless", "write a case's expected file from a run",
      "racecheck bless [options] (--all | CASE...)",
      "Runs each case twice and writes expected/CASE.txt from its findings; a program whose\n"
      "findings change between the two runs is refused.",
      "  racecheck bless counter_racy\n  ninja check-all && racecheck bless --every-compiler "
      "counter_racy\n",
      NULL, OPTIONS_ANYWHERE, 0, BLESS_OPTIONS},
     cmd_bless,
     NULL,
     1,
     1},
    {{"show", "build and run your own program, and explain what the detector says",
      "racecheck show [options] [-I DIR -D NAME ...] FILE.c... [-- ARGS...]\n"
      "       racecheck show [options] PROGRAM [ARGS...]",
      "Builds your files the way the cases are built (TSan, -O0 -g, the shim; kept in\n"
      "build/show/), runs the program, and under each finding draws the interleaving and says\n"
      "what it means. A program already built is run as it is. Before the files, the\n"
      "compiler flags -I DIR, -D NAME[=VALUE], -U NAME, -std=STD, -include FILE, -l LIB and\n"
      "-L DIR are passed on, as a Makefile would pass them.",
      "  racecheck show my_counter.c\n  racecheck show -I include src/main.c src/acct.c\n"
      "  racecheck show -p build src/main.c src/acct.c\n"
      "  racecheck show --brief ./a.out 4 1000\n  racecheck show --explore my_queue.c\n",
      "text|json", OPTIONS_FIRST, 1, SHOW_OPTIONS},
     cmd_show,
     NULL,
     0,
     0},
    {{"normalize", "turn a saved detector log into findings", "racecheck normalize LOG...",
      "Prints the findings racecheck makes of each saved log, as an expected file holds them.",
      "  racecheck normalize tests/fixtures/clang14/race_write_write.log\n", NULL, OPTIONS_FIRST, 0,
      NO_OPTIONS},
     cmd_normalize,
     NULL,
     0,
     0},
    {{"demo", "the lessons: each rule, broken and kept, run and explained",
      "racecheck demo [options] [--all | N... | CASE...]",
      "Without a lesson, lists the lessons, numbered. With one (its number, or one of its\n"
      "cases), shows it whole: the rule, the case that breaks it run, why, the case that keeps\n"
      "it run, and the fix as a diff. --all shows every lesson, then the recap.",
      "  racecheck demo 1\n  racecheck demo --step refcount_racy\n", NULL, OPTIONS_ANYWHERE, 0,
      DEMO_OPTIONS},
     cmd_demo,
     NULL,
     0,
     1},
    {{"vet", "find copied locks, and ways out that keep one, before anything runs",
      "racecheck vet [--check copylocks|unlockpaths] [--lock-type NAME]...\n"
      "                     [--format text|json] [--exit-zero] [--sandbox]\n"
      "                     [-p BUILD_DIR] [-- CLANG_ARGS...] [FILE.c...]",
      "Prints every place where a lock, or a struct, union or array holding one, is copied,\n"
      "as Go's vet copylocks does; and every way out of a function (a return, or its end)\n"
      "that still holds a lock the function took, with the lock's line (unlockpaths). Where\n"
      "it cannot tell (a lock taken in a loop, one unlocked by a caller or a helper, a\n"
      "cleanup handler), it says nothing: docs/internals.md says when. --check runs only one of\n"
      "the two. --lock-type names one more lock type: a typedef, a tag, or \"struct TAG\".\n"
      "--format json prints the findings as docs/racecheck.schema.json describes them. It\n"
      "exits 1 when it found something, 0 when not (always 0 with --exit-zero), 2 on\n"
      "error. After --, the words ending in .c are files, the others go to clang after the\n"
      "defaults -std=c17 -D_GNU_SOURCE -pthread -Icases -I<the file's folder>. With -p\n"
      "BUILD_DIR, each file is parsed with its own arguments from\n"
      "BUILD_DIR/compile_commands.json instead of the defaults, as clang-tidy -p does, and\n"
      "without files every file the build compiles is vetted. With --sandbox, each file is\n"
      "parsed inside bubblewrap, as grade builds a submission: a copy of it and the headers\n"
      "beside it, racecheck's folders hidden, no network, 60 s and 4 GiB.",
      "  racecheck vet cases/copied_mutex_racy.c\n  racecheck vet -p build\n", NULL, OPTIONS_FIRST,
      0, NO_OPTIONS},
     NULL,
     cmd_vet,
     0,
     0},
    {{"cc", "a C compiler for your own build: make CC=\"racecheck cc\"",
      "racecheck cc CLANG_ARGS...",
      "Runs clang with your arguments and what racecheck needs: -fsanitize=thread, -g and frame\n"
      "pointers on every compile, and on a link racecheck's shim, which records where each\n"
      "thread was created and which locks it took. A program built this way gets the full\n"
      "diagnosis from racecheck show ./PROGRAM. Use it as the compiler of your own build:\n"
      "make CC=\"racecheck cc\", CC=\"racecheck cc\" cmake, or cc = racecheck cc in ninja. As\n"
      "CMake's -DCMAKE_C_COMPILER_LAUNCHER, the compiler it is handed is left out for clang.",
      "  make CC=\"$PWD/build/racecheck cc\" && build/racecheck show ./prog\n"
      "  CC=\"$PWD/build/racecheck cc\" cmake -B out -DCMAKE_EXPORT_COMPILE_COMMANDS=ON\n",
      NULL, OPTIONS_FIRST, 0, NO_OPTIONS},
     NULL,
     cmd_cc,
     0,
     0},
    {{"explore", "run a program under many schedules: the shortest that shows a bug",
      "racecheck explore [options] [-I DIR ...] (CASE | FILE.c...) [-- ARGS...]",
      "Runs the program under many schedules, each under TSan with the lock ledger: every\n"
      "schedule with at most K preemptions first, then PCT's random ones from a seed, up to the\n"
      "budget. For each distinct finding (a race, a deadlock, a failed assert, an exit status\n"
      "that is not 0) it prints the shortest schedule that shows it, as a step command that\n"
      "replays it, and how many schedules ran and how many were clean. The same seed gives\n"
      "the same result.",
      "  racecheck explore bank_racy\n  racecheck explore --budget 500 my_queue.c\n", NULL,
      OPTIONS_FIRST, 1, EXPLORE_OPTIONS},
     cmd_explore,
     NULL,
     0,
     1},
    {{"step", "be the scheduler, or run one schedule and tell its story",
      "racecheck step [--schedule S] [options] (CASE | FILE.c...) [-- ARGS...]",
      "Runs the program under one schedule and tells the story: which thread went on at each\n"
      "lock, unlock, signal, wait or atomic access, with its line; then the program's output,\n"
      "the findings, and the command that replays it. On a terminal and without --schedule,\n"
      "you choose: at each choice, each thread's line, and a key per thread (m main, a A...)\n"
      "picks who goes on; Backspace takes the last pick back; q quits with the command that\n"
      "replays your picks. A lesson's variables are points too. NO_COLOR is respected.",
      "  racecheck step bank_racy\n  racecheck step --schedule 'picks: A*2 B' my_queue.c\n", NULL,
      OPTIONS_FIRST, 1, STEP_OPTIONS},
     cmd_step,
     NULL,
     0,
     1},
    {{"exercise", "copy a lesson's broken program for you to fix",
      "racecheck exercise [options] [LESSON]",
      "Without a lesson, lists the exercises. With one (its number or its case's name), copies\n"
      "its broken program into exercises/LESSON/ (never over a copy that is there) and says the\n"
      "rule and the task.",
      "  racecheck exercise 2\n", NULL, OPTIONS_ANYWHERE, 0, EXERCISE_OPTIONS},
     cmd_exercise,
     NULL,
     0,
     1},
    {{"hint", "one more hint for an exercise", "racecheck hint [options] LESSON",
      "Says the next hint of the exercise, one more each time.", "  racecheck hint counter_racy\n",
      NULL, OPTIONS_ANYWHERE, 0, EXERCISE_OPTIONS},
     cmd_hint,
     NULL,
     0,
     1},
    {{"try", "is my fix right? PASS or FAIL, and why",
      "racecheck try [options] [-I DIR -D NAME ...] (--all | LESSON)",
      "Builds your copy with TSan, runs it under the lesson's schedule, then under the first\n"
      "schedules explore would run (at most K preemptions first, up to the budget), then N\n"
      "times unscheduled, and ends with PASS or FAIL and why: the detector must be silent, the\n"
      "output the fixed program's, and the work still done by the threads. A failure under an\n"
      "explored schedule names the shortest one, as a step command that replays it.",
      "  racecheck try counter_racy\n  racecheck try --source my_fix.c 2\n", "text|json",
      OPTIONS_ANYWHERE, 1, TRY_OPTIONS},
     cmd_try,
     NULL,
     0,
     1},
    {{"grade", "try every submission of a class, into a table", "racecheck grade [options] DIR",
      "Tries every submission in DIR (a folder per student holding LESSON.c files, LESSON.c\n"
      "files in DIR itself for one student, or with --lesson one STUDENT.c per student) and\n"
      "writes the table, student x lesson -> verdict and\n"
      "reason, to PREFIX.csv and PREFIX.json; exits 0 when every submission passed, 1 when one\n"
      "failed.",
      "  racecheck grade submissions/\n  racecheck grade --lesson 2 submissions/\n"
      "  racecheck grade --format gradescope /autograder/submission\n",
      "text|json|gradescope|prairielearn", OPTIONS_ANYWHERE, 0, GRADE_OPTIONS},
     cmd_grade,
     NULL,
     0,
     1},
    {{"report", "the lessons as web pages",
      "racecheck report [options] (--all | --index | LESSON...)\n"
      "       racecheck report --shots [--out DIR] PAGE...",
      "Writes the HTML report into DIR (default build/report): LESSON.html for each lesson of\n"
      "cases/lessons.txt named by its first case, running its cases once, and with --index the\n"
      "rules table. --shots photographs the pages named with headless Chromium, as a projector\n"
      "(1280x720) and a phone (412x900) show them, and 2400 pixels down, into DIR/shots/.",
      "  racecheck report --all --index\n", NULL, OPTIONS_ANYWHERE, 0, REPORT_OPTIONS},
     cmd_report,
     NULL,
     0,
     1},
    {{"lesson", "add a lesson: its programs' skeletons, then all it needs to pass",
      "racecheck lesson [options] BROKEN FIXED...",
      "Without the programs, writes their skeletons into cases/ (a header naming the rule and\n"
      "the twin, the bug or the fix marked) and the lesson's line into cases/lessons.txt.\n"
      "With them, builds them with every TSan compiler, writes their expected files from those\n"
      "runs (bless --every-compiler), makes and writes their rows of the detector matrix\n"
      "(matrix --bless) and the sections racecheck writes in README.md and docs/matrix.md.",
      "  racecheck lesson loop_index_racy loop_index_fixed\n", NULL, OPTIONS_ANYWHERE, 0,
      LESSON_OPTIONS},
     cmd_lesson,
     NULL,
     0,
     1},
    {{"cell", "run one detector of the matrix on one case",
      "racecheck cell --detector ID [options] CASE",
      "Runs one detector on one case and keeps what it made of it in DIR/ID/CASE (default\n"
      "build/matrix/cells), as verdict keeps a verdict.",
      "  racecheck cell --detector helgrind \\\n      --program build/plain/counter_racy "
      "counter_racy\n",
      NULL, OPTIONS_ANYWHERE, 0, CELL_OPTIONS},
     cmd_cell,
     NULL,
     0,
     1},
    {{"matrix", "every detector on every case, as a table",
      "racecheck matrix [options] [CASE...]\n"
      "       racecheck matrix --check | --bless [CASE...] | --readme FILE...",
      "Prints the kept cells as a table; --check compares them with\n"
      "expected/matrix.txt, --bless writes that file from them (with case names, only\n"
      "those cases' rows), --readme FILE rewrites what racecheck writes in FILE (the\n"
      "matrix, the lessons table; --readme again for another file).",
      "  racecheck matrix --words counter_racy\n", "text|markdown|json", OPTIONS_ANYWHERE, 0,
      MATRIX_OPTIONS},
     cmd_matrix,
     NULL,
     0,
     1},
};

#define COMMAND_COUNT (sizeof COMMANDS / sizeof COMMANDS[0])

const struct command *command_named(const char *name) {
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    if (strcmp(COMMANDS[i].spec.name, name) == 0)
      return &COMMANDS[i];
  return NULL;
}

void print_commands(FILE *out) {
  fputs("usage: racecheck COMMAND [options] [operands]\n\ncommands:\n", out);
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    fprintf(out, "  %-10s %s\n", COMMANDS[i].spec.name, COMMANDS[i].spec.summary);
  fputs("\n`racecheck help COMMAND` or `racecheck COMMAND --help` says more about one.\n", out);
}
