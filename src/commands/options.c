#include "options.h"

#include "case_info.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum option_kind {
  TAKES_NOTHING,
  TAKES_TEXT,
  TAKES_LIST, /* given again, another value */
  TAKES_SECONDS,
  TAKES_COUNT,
  TAKES_NUMBER, /* a whole number from min to max, into an int or a long of its own */
  TAKES_FORMAT
};

struct option_def {
  const char *name;
  enum option_kind kind;
  const char *value; /* the value's name in help: DIR, FILE, N */
  const char *help;  /* what it means, where a command says nothing of its own */
  size_t field;      /* where it goes in struct options: an int set to 1, a string, a list */
  size_t size;       /* TAKES_NUMBER: the field's size, an int's or a long's */
  long min, max;     /* TAKES_NUMBER: the values it takes */
};

#define FIELD(name) .field = offsetof(struct options, name)

/* Every option of every command, once, by enum option_id. */
static const struct option_def OPTIONS[] = {
    [OPT_ALL] = {"--all", TAKES_NOTHING, NULL, "every case in cases/", FIELD(all)},
    [OPT_BLESS] = {"--bless", TAKES_NOTHING, NULL, NULL, FIELD(bless)},
    [OPT_BRIEF] = {"--brief", TAKES_NOTHING, NULL, NULL, FIELD(brief)},
    [OPT_BUDGET] = {"--budget", TAKES_NUMBER, "N",
                    "how many schedules to run, at most (default 100)", FIELD(budget), sizeof(long),
                    1, 1000000},
    [OPT_BUILD] = {"--build", TAKES_TEXT, "DIR",
                   "where their binaries are: DIR/cases/CASE (default build)", FIELD(build_dir)},
    [OPT_CASES] = {"--cases", TAKES_TEXT, "DIR", "where the cases' sources are (default cases)",
                   FIELD(cases_dir)},
    [OPT_CELLS] = {"--cells", TAKES_TEXT, "DIR",
                   "where the cells are kept (default build/matrix/cells)", FIELD(cells_dir)},
    [OPT_CHECK] = {"--check", TAKES_NOTHING, NULL, NULL, FIELD(check)},
    [OPT_COMPILE_DB] = {"-p", TAKES_TEXT, "BUILD_DIR", NULL, FIELD(compile_db)},
    [OPT_DEPFILE] = {"--depfile", TAKES_NOTHING, NULL,
                     "also write a depfile naming what it read, for ninja", FIELD(depfile)},
    [OPT_DETECTOR] = {"--detector", TAKES_TEXT, "ID", NULL, FIELD(detector)},
    [OPT_EVERY_COMPILER] = {"--every-compiler", TAKES_NOTHING, NULL, NULL, FIELD(every_compiler)},
    [OPT_EXERCISE_DATA] = {"--exercise-data", TAKES_TEXT, "DIR",
                           "what each exercise asks (default exercises-data)",
                           FIELD(exercise_data_dir)},
    [OPT_EXERCISES] = {"--exercises", TAKES_TEXT, "DIR",
                       "where your copies are (default exercises)", FIELD(exercises_dir)},
    [OPT_EXPECTED] = {"--expected", TAKES_TEXT, "DIR",
                      "where their expected files are (default expected)", FIELD(expected_dir)},
    [OPT_EXPLORE] = {"--explore", TAKES_NOTHING, NULL, NULL, FIELD(explore)},
    [OPT_FORMAT] = {"--format", TAKES_FORMAT, "FORMAT", NULL, FIELD(format)},
    [OPT_GDB] = {"--gdb", TAKES_TEXT, "PATH",
                 "the debugger that reads a hung program's stacks (default gdb)", FIELD(gdb)},
    [OPT_HELP] = {"--help", TAKES_NOTHING, NULL, NULL, FIELD(help)},
    [OPT_HTML] = {"--html", TAKES_TEXT, "OUT.html", NULL, FIELD(html)},
    [OPT_INDEX] = {"--index", TAKES_NOTHING, NULL, NULL, FIELD(index)},
    [OPT_JOBS] = {"-j", TAKES_NUMBER, "N", NULL, FIELD(jobs), sizeof(int), 1, 64},
    [OPT_JUNIT] = {"--junit", TAKES_TEXT, "FILE", NULL, FIELD(junit)},
    [OPT_EXEC_EACH] = {"--exec-each", TAKES_NOTHING, NULL,
                       "start the program anew for each schedule, not forked from one started",
                       FIELD(exec_each)},
    [OPT_NO_SANDBOX] = {"--no-sandbox", TAKES_NOTHING, NULL, NULL, FIELD(no_sandbox)},
    [OPT_LESSON] = {"--lesson", TAKES_TEXT, "LESSON", NULL, FIELD(lesson)},
    [OPT_OUT] = {"--out", TAKES_TEXT, "PATH", NULL, FIELD(out)},
    [OPT_PCT] = {"--pct", TAKES_NUMBER, "N",
                 "how many of them are PCT's random schedules, at most (default: the rest)",
                 FIELD(pct), sizeof(long), 0, 1000000},
    [OPT_PREEMPTIONS] = {"--preemptions", TAKES_NUMBER, "K",
                         "every schedule with at most K preemptions first (default 2)",
                         FIELD(preemptions), sizeof(int), 0, 8},
    [OPT_PROGRAM] = {"--program", TAKES_TEXT, "BINARY", NULL, FIELD(program)},
    [OPT_README] = {"--readme", TAKES_LIST, "FILE", NULL, FIELD(readmes)},
    [OPT_REPEAT] = {"--repeat", TAKES_COUNT, "N", NULL, FIELD(repeat)},
    [OPT_SANDBOX] = {"--sandbox", TAKES_NOTHING, NULL, NULL, FIELD(sandbox)},
    [OPT_SCHEDULE] = {"--schedule", TAKES_TEXT, "S", "the schedule to follow, as explore prints it",
                      FIELD(schedule)},
    [OPT_SEED] = {"--seed", TAKES_NUMBER, "S", "where PCT's random draws start (default 1)",
                  FIELD(seed), sizeof(long), 0, 2147483647},
    [OPT_SHOTS] = {"--shots", TAKES_NOTHING, NULL, NULL, FIELD(shots)},
    [OPT_SOURCE] = {"--source", TAKES_TEXT, "FILE", NULL, FIELD(source)},
    [OPT_STEP] = {"--step", TAKES_NOTHING, NULL, NULL, FIELD(step)},
    [OPT_TIMEOUT] = {"--timeout", TAKES_SECONDS, "S", "a run's deadline in seconds (default 10)",
                     FIELD(timeout_s)},
    [OPT_VERDICTS] = {"--verdicts", TAKES_TEXT, "DIR",
                      "where the verdicts are kept (default build/verdicts)", FIELD(verdicts_dir)},
    [OPT_WORDS] = {"--words", TAKES_NOTHING, NULL, NULL, FIELD(words)},
};

#define OPTION_COUNT (sizeof OPTIONS / sizeof OPTIONS[0])

/* The command being parsed, for the usage a later usage error prints. */
static const struct command_spec *current;

void options_init(struct options *o) {
  *o = (struct options){
      .cases_dir = "cases",
      .build_dir = "build",
      .expected_dir = "expected",
      .timeout_s = 10,
      .repeat = 1,
      .gdb = "gdb",
      .exercises_dir = "exercises",
      .exercise_data_dir = "exercises-data",
      .preemptions = 2,
      .budget = 100,
      .pct = -1,
      .seed = 1,
  };
}

void options_free(struct options *o) {
  strlist_free(&o->compile_flags);
  strlist_free(&o->link_flags);
  strlist_free(&o->readmes);
}

int usage_error(const char *what) {
  fprintf(stderr, "racecheck: %s\n", what);
  if (current)
    fprintf(stderr, "usage: %s\n(racecheck help %s says more)\n", current->usage, current->name);
  else
    fputs("(racecheck help lists the commands)\n", stderr);
  return 2;
}

static int option_error(const char *fmt, const char *word) {
  fprintf(stderr, "racecheck %s: ", current->name);
  fprintf(stderr, fmt, word);
  fprintf(stderr, "\nusage: %s\n(racecheck help %s says more)\n", current->usage, current->name);
  return 2;
}

static const struct command_option *declared(const struct command_spec *c, const char *name) {
  for (const struct command_option *opt = c->options; opt->id != OPT_END; opt++)
    if (strcmp(OPTIONS[opt->id].name, name) == 0)
      return opt;
  return NULL;
}

static int known_option(const char *name) {
  for (size_t i = 0; i < OPTION_COUNT; i++)
    if (strcmp(OPTIONS[i].name, name) == 0)
      return 1;
  return 0;
}

/* Whether the comma- or bar-separated list names word. */
static int listed(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
    if ((p == list || p[-1] == '|') && (p[n] == '\0' || p[n] == '|'))
      return 1;
  return 0;
}

static int set_format(const struct command_spec *c, const char *value, enum output_format *format) {
  if (!listed(c->formats, value)) {
    fprintf(stderr, "racecheck %s: --format takes %s, not %s\n", c->name, c->formats, value);
    return 2;
  }
  static const char *const NAMES[] = {
      [FORMAT_TEXT] = "text",
      [FORMAT_JSON] = "json",
      [FORMAT_MARKDOWN] = "markdown",
      [FORMAT_GRADESCOPE] = "gradescope",
      [FORMAT_PRAIRIELEARN] = "prairielearn",
  };
  for (size_t f = 0; f < sizeof NAMES / sizeof *NAMES; f++)
    if (strcmp(value, NAMES[f]) == 0)
      *format = (enum output_format)f;
  return 0;
}

static int set_value(const struct command_spec *c, enum option_id id, const char *value,
                     struct options *o) {
  char *end = NULL, *field = (char *)o + OPTIONS[id].field;
  switch (OPTIONS[id].kind) {
  case TAKES_FORMAT:
    return set_format(c, value, (enum output_format *)field);
  case TAKES_SECONDS: {
    double *seconds = (double *)field;
    *seconds = strtod(value, &end);
    if (*end || end == value || !(*seconds > 0 && isfinite(*seconds)))
      return option_error("%s takes a number of seconds above 0", OPTIONS[id].name);
    return 0;
  }
  case TAKES_COUNT: {
    long *count = (long *)field;
    *count = strtol(value, &end, 10);
    o->repeat_given = 1;
    if (*end || end == value || *count < 1 || *count > 100000)
      return option_error("%s takes a whole number from 1 to 100000", OPTIONS[id].name);
    return 0;
  }
  case TAKES_NUMBER: {
    long n = strtol(value, &end, 10);
    char *range =
        xasprintf("%%s takes a whole number from %ld to %ld", OPTIONS[id].min, OPTIONS[id].max);
    int bad = *end || end == value || n < OPTIONS[id].min || n > OPTIONS[id].max;
    int rc = bad ? option_error(range, OPTIONS[id].name) : 0;
    free(range);
    o->budget_given |= id == OPT_BUDGET;
    if (!bad && OPTIONS[id].size == sizeof(int))
      *(int *)field = (int)n;
    else if (!bad && OPTIONS[id].size == sizeof(long))
      *(long *)field = n;
    return rc;
  }
  case TAKES_TEXT:
    *(const char **)field = value;
    return 0;
  case TAKES_LIST:
    strlist_push((struct strlist *)field, xstrdup(value));
    return 0;
  case TAKES_NOTHING:
    break;
  }
  *(int *)field = 1;
  return 0;
}

/* The compiler flags a command that builds a program takes: what a course's Makefile passes
 * to say where its headers are, what it defines and which libraries it links. */
static const struct {
  const char *flag;
  int link; /* the linker's, after the sources */
} COMPILER_FLAGS[] = {{"-I", 0}, {"-D", 0}, {"-U", 0}, {"-include", 0}, {"-l", 1}, {"-L", 1}};

static int valid_standard(const char *name) {
  if (!*name)
    return 0;
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '+'))
      return 0;
  return 1;
}

/* Parses the compiler flag at argv[*i] (and its value, as the next word or joined to it)
 * into one word, in o->compile_flags or o->link_flags. */
static int parse_compiler_flag(int argc, char **argv, int *i, struct options *o) {
  const char *word = argv[*i];
  if (starts_with(word, "-std=")) {
    if (!valid_standard(word + 5))
      return option_error("%s: -std= takes a standard's name, as c17 or gnu11", word);
    strlist_push(&o->compile_flags, xstrdup(word));
    return 0;
  }
  for (size_t k = 0; k < sizeof COMPILER_FLAGS / sizeof *COMPILER_FLAGS; k++) {
    const char *flag = COMPILER_FLAGS[k].flag;
    size_t n = strlen(flag);
    if (strncmp(word, flag, n) != 0 || (n > 2 && word[n] != '\0'))
      continue;
    const char *value = word + n;
    if (!*value && *i + 1 < argc)
      value = argv[++*i];
    if (!*value || value[0] == '-')
      return option_error("%s needs a value", flag);
    struct strlist *to = COMPILER_FLAGS[k].link ? &o->link_flags : &o->compile_flags;
    if (n > 2) /* -include FILE: two words, as the compiler takes it */
      strlist_push(to, xstrdup(flag));
    strlist_push(to, n > 2 ? xstrdup(value) : xasprintf("%s%s", flag, value));
    return 0;
  }
  return option_error("%s is not a compiler flag racecheck passes on: it takes -I, -D, -U, "
                      "-std=, -include, -l and -L",
                      word);
}

/* Parses one option at argv[*i], moving *i past its value. */
static int parse_one(const struct command_spec *c, int argc, char **argv, int *i,
                     struct options *o) {
  const char *word = argv[*i];
  const struct command_option *opt = declared(c, word);
  if (!opt && strcmp(word, "--help") == 0) /* every command has its help */
    return set_value(c, OPT_HELP, word, o);
  if (!opt && known_option(word))
    return option_error("%s is not an option of this command", word);
  if (!opt)
    return option_error("unknown option %s", word);
  if (OPTIONS[opt->id].kind == TAKES_NOTHING)
    return set_value(c, opt->id, word, o);
  if (*i + 1 >= argc)
    return option_error("%s needs a value", word);
  *i += 1;
  return set_value(c, opt->id, argv[*i], o);
}

int parse_options(const struct command_spec *c, int argc, char **argv, int first, struct options *o,
                  struct strlist *operands) {
  current = c;
  int i = first;
  for (; i < argc; i++) {
    const char *word = argv[i];
    if (strcmp(word, "--") == 0) {
      i++;
      break;
    }
    if (c->compiler_flags && word[0] == '-' && word[1] != '-' && word[1] != '\0' &&
        !declared(c, word)) {
      if (parse_compiler_flag(argc, argv, &i, o) != 0)
        return 2;
      continue;
    }
    if (word[0] != '-' || word[1] == '\0') { /* an operand; "-" is one too */
      if (c->order == OPTIONS_FIRST)
        break;
      strlist_push(operands, xstrdup(word));
      continue;
    }
    if (parse_one(c, argc, argv, &i, o) != 0)
      return 2;
  }
  for (; i < argc; i++)
    strlist_push(operands, xstrdup(argv[i]));
  strlist_push(operands, NULL); /* a program's argv ends with NULL: show runs it */
  operands->len--;
  return 0;
}

/* Prints words from column `indent` on, folded before column 80. */
static void print_folded(FILE *out, const char *words, int column, int indent) {
  struct strlist list = {0};
  split_words(words, " \n", &list);
  for (size_t i = 0; i < list.len; i++) {
    int width = (int)strlen(list.items[i]);
    if (i > 0 && column + 1 + width > 80) {
      fprintf(out, "\n%*s", indent, "");
      column = indent;
    } else if (i > 0) {
      fputc(' ', out);
      column++;
    }
    fputs(list.items[i], out);
    column += width;
  }
  fputc('\n', out);
  strlist_free(&list);
}

void print_command_help(const struct command_spec *c, FILE *out) {
  fprintf(out, "usage: %s\n\n", c->usage);
  print_folded(out, c->about, 0, 0);
  if (c->options[0].id != OPT_END)
    fputs("\noptions:\n", out);
  for (const struct command_option *opt = c->options; opt->id != OPT_END; opt++) {
    const struct option_def *d = &OPTIONS[opt->id];
    const char *value = d->kind == TAKES_FORMAT ? c->formats : d->value;
    char head[64];
    snprintf(head, sizeof head, "%s%s%s", d->name, value ? " " : "", value ? value : "");
    int column = fprintf(out, "  %-20s", head);
    if (column > 22)
      column += fprintf(out, "\n%22s", "") - 1 - column;
    print_folded(out, opt->help ? opt->help : d->help, column, 22);
  }
  fprintf(out, "\nexample:\n%s", c->example);
}

/* The case names to work on: the operands, or with --all every cases/NAME.c. */
int case_names(const struct options *o, int argc, char **argv, struct strlist *out) {
  for (int i = 0; i < argc; i++)
    strlist_push(out, xstrdup(argv[i]));
  if (!o->all)
    return 0;
  if (list_cases(o->cases_dir, out) != 0) {
    fprintf(stderr, "racecheck: --all: cannot open %s: %s\n", o->cases_dir, strerror(errno));
    return -1;
  }
  return 0;
}

int valid_case_name(const char *name) {
  return name[0] != '\0' && name[0] != '.' && !strchr(name, '/');
}
