/* The shape of src/, read from its #include lines: no two modules include each other, even
 * by way of others (a module is NAME.c with NAME.h), and nothing that models or parses a
 * detector's report reaches up to what renders it, runs a command or reads the command line.
 * The arrows that still go up are listed below, each to be removed; a new one fails, and so
 * does a listed one that is gone (the list is kept true). */
#include "array.h"
#include "testlib.h"

#include <dirent.h>

/* The model and the parsers: what a detector said, as data. */
static const char *const LOWER[] = {"report",      "detector_log", "tsan_parse", "valgrind_parse",
                                    "clang_parse", "ledger_parse", "normalize",  "finding",
                                    "symbols",     "stacks",       "case_info",  "lessons",
                                    "story",       "verdict",      "detectors",  "diagnose"};
/* What renders it, runs a command or reads the command line. */
static const char *const UPPER[] = {"render", "picture", "explain", "svg",      "page",
                                    "json",   "junit",   "options", "commands", "demo_lesson"};
/* Arrows up that are still there: each "LOWER UPPER". */
static const char *const KNOWN_UP[] = {
    "normalize render", /* sorts a race's two sides by their rendered words */
    "finding render",   /* tells duplicates apart by their rendered words */
    "diagnose render",  /* groups alike waiters by their rendered state */
};

struct module {
  char *name;
  struct strlist includes; /* the modules it includes, itself left out */
};

struct modules {
  struct module *items;
  size_t len;
};

static struct module *module_named(struct modules *m, const char *name) {
  for (size_t i = 0; i < m->len; i++)
    if (strcmp(m->items[i].name, name) == 0)
      return &m->items[i];
  struct module *added = ARRAY_PUSH(m->items, m->len);
  added->name = xstrdup(name);
  return added;
}

/* "../vet.h" or "vet.h" -> "vet". */
static char *module_of(const char *path) {
  const char *base = path_basename(path);
  return xstrndup(base, strcspn(base, "."));
}

static void read_includes(struct modules *m, const char *dir, const char *file) {
  char *path = xasprintf("%s/%s", dir, file), *self = module_of(file);
  struct module *mod = module_named(m, self);
  char *text = slurp(path);
  for (const char *line = text; *line;
       line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0)) {
    if (!starts_with(line, "#include \""))
      continue;
    const char *name = line + strlen("#include \"");
    char *header = xstrndup(name, strcspn(name, "\""));
    char *target = module_of(header);
    mod = module_named(m, self); /* the array may have moved */
    int known = strcmp(target, self) == 0;
    for (size_t i = 0; i < mod->includes.len && !known; i++)
      known = strcmp(mod->includes.items[i], target) == 0;
    if (!known)
      strlist_push(&mod->includes, xstrdup(target));
    free(target), free(header);
  }
  free(text), free(path), free(self);
}

static void read_folder(struct modules *m, const char *dir) {
  DIR *d = opendir(dir);
  CHECK(d != NULL);
  for (struct dirent *e; d && (e = readdir(d));)
    if (ends_with(e->d_name, ".c") || ends_with(e->d_name, ".h"))
      read_includes(m, dir, e->d_name);
  if (d)
    closedir(d);
}

/* Depth-first, three colours: a module met again while still open closes a circle. */
static int find_circle(struct modules *m, size_t at, char *colour, struct strlist *path) {
  colour[at] = 1;
  strlist_push(path, xstrdup(m->items[at].name));
  for (size_t k = 0; k < m->items[at].includes.len; k++) {
    struct module *next = NULL;
    for (size_t j = 0; j < m->len && !next; j++)
      if (strcmp(m->items[j].name, m->items[at].includes.items[k]) == 0)
        next = &m->items[j];
    if (!next)
      continue; /* a header of no module of ours */
    size_t j = (size_t)(next - m->items);
    if (colour[j] == 1) {
      strlist_push(path, xstrdup(next->name));
      return 1;
    }
    if (colour[j] == 0 && find_circle(m, j, colour, path))
      return 1;
  }
  colour[at] = 2;
  free(path->items[--path->len]);
  return 0;
}

static void test_no_circles(struct modules *m) {
  char *colour = xmalloc(m->len);
  memset(colour, 0, m->len);
  for (size_t i = 0; i < m->len; i++) {
    struct strlist path = {0};
    if (colour[i] == 0 && !CHECK(!find_circle(m, i, colour, &path))) {
      printf("  a circle of includes:");
      for (size_t k = 0; k < path.len; k++)
        printf(" %s", path.items[k]);
      printf("\n");
      for (size_t j = 0; j < m->len; j++) /* the rest of that walk, closed */
        colour[j] = colour[j] ? 2 : 0;
    }
    strlist_free(&path);
  }
  free(colour);
}

static int listed(const char *const *list, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0)
      return 1;
  return 0;
}

static void test_no_new_arrow_up(struct modules *m) {
  size_t found_known = 0;
  for (size_t i = 0; i < m->len; i++) {
    if (!listed(LOWER, COUNT(LOWER), m->items[i].name))
      continue;
    for (size_t k = 0; k < m->items[i].includes.len; k++) {
      const char *to = m->items[i].includes.items[k];
      if (!listed(UPPER, COUNT(UPPER), to))
        continue;
      char *arrow = xasprintf("%s %s", m->items[i].name, to);
      int known = listed(KNOWN_UP, COUNT(KNOWN_UP), arrow);
      found_known += known;
      if (!CHECK(known))
        printf("  %s includes %s: the model and the parsers must not reach up\n", m->items[i].name,
               to);
      free(arrow);
    }
  }
  if (!CHECK(found_known == COUNT(KNOWN_UP)))
    printf("  a known arrow up is gone: take it off KNOWN_UP in tests/layout.c\n");
}

/* src/ and each folder in it. */
static void read_tree(struct modules *m) {
  read_folder(m, "src");
  DIR *d = opendir("src");
  for (struct dirent *e; d && (e = readdir(d));) {
    char *sub = xasprintf("src/%s", e->d_name);
    DIR *inner = e->d_name[0] != '.' ? opendir(sub) : NULL;
    if (inner) {
      closedir(inner);
      read_folder(m, sub);
    }
    free(sub);
  }
  if (d)
    closedir(d);
}

int main(void) {
  struct modules m = {0};
  read_tree(&m);
  CHECK(m.len > 50);
  test_no_circles(&m);
  test_no_new_arrow_up(&m);
  for (size_t i = 0; i < m.len; i++) {
    free(m.items[i].name);
    strlist_free(&m.items[i].includes);
  }
  free(m.items);
  return test_summary("layout");
}
