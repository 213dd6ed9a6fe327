/* The shape of src/, read from its folders and #include lines. src/ is in folders by stage,
 * in the order of STAGES: each stage builds on the ones before it. No two modules include
 * each other, even by way of others (a module is NAME.c with NAME.h); nothing in the first
 * stages (what a detector said, as data, and the parsers that make it) includes anything of
 * a later stage; and a later stage's arrow to a stage after it is one listed below, with
 * why (a new one fails, and so does a listed one that is gone: the list is kept true). */
#include "array.h"
#include "testlib.h"

#include <dirent.h>

/* src/'s folders, first to last. */
static const char *const STAGES[] = {"base",  "model",   "parse", "run",
                                     "judge", "present", "teach", "commands"};
/* src/libclang/ is the parser that libclang needs, loaded only by the commands that parse
 * C: its code belongs to the parse stage, beside its headers. */
static const char *const PLUGIN = "libclang";
/* The stages that must not reach past themselves at all. */
static const char *const GROUND[] = {"base", "model", "parse"};
/* Later arrows still there: each "MODULE INCLUDED". */
static const char *const KNOWN_LATER[] = {
    "pipeline render",    /* a finding's text is rendered once, as the finding is made */
    "static_run render",  /* the same, for an analyser's warnings */
    "check case_options", /* the check takes the command line's run options */
    "demo options",       /* the teaching commands take the command line's values */
    "exercise options",   /* (struct options: 21.4 left them in their feature files) */
    "exercise_try case_options",
    "explore case_options",
    "step options",
};

struct module {
  char *name;
  int stage;               /* its index in STAGES */
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

static void read_includes(struct modules *m, int stage, const char *dir, const char *file) {
  char *path = xasprintf("%s/%s", dir, file), *self = module_of(file);
  struct module *mod = module_named(m, self);
  mod->stage = stage;
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

static void read_folder(struct modules *m, int stage, const char *dir) {
  DIR *d = opendir(dir);
  CHECK(d != NULL);
  for (struct dirent *e; d && (e = readdir(d));)
    if (ends_with(e->d_name, ".c") || ends_with(e->d_name, ".h"))
      read_includes(m, stage, dir, e->d_name);
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

static struct module *module_found(struct modules *m, const char *name) {
  for (size_t j = 0; j < m->len; j++)
    if (strcmp(m->items[j].name, name) == 0)
      return &m->items[j];
  return NULL;
}

static void test_stages_build_on_earlier_ones(struct modules *m) {
  size_t found_known = 0;
  for (size_t i = 0; i < m->len; i++) {
    const struct module *from = &m->items[i];
    for (size_t k = 0; k < from->includes.len; k++) {
      const struct module *to = module_found(m, from->includes.items[k]);
      if (!to || to->stage <= from->stage)
        continue;
      char *arrow = xasprintf("%s %s", from->name, to->name);
      int ground = listed(GROUND, COUNT(GROUND), STAGES[from->stage]);
      int known = !ground && listed(KNOWN_LATER, COUNT(KNOWN_LATER), arrow);
      found_known += known;
      if (!CHECK(known))
        printf("  %s/%s includes %s/%s, of a later stage%s\n", STAGES[from->stage], from->name,
               STAGES[to->stage], to->name,
               ground ? ": the model and the parsers must not reach past themselves" : "");
      free(arrow);
    }
  }
  if (!CHECK(found_known == COUNT(KNOWN_LATER)))
    printf("  a known later arrow is gone: take it off KNOWN_LATER in tests/layout.c\n");
}

/* Each stage's folder, in order; a source file outside them is not where a reader looks. */
static void read_tree(struct modules *m) {
  for (size_t k = 0; k < COUNT(STAGES); k++) {
    char *dir = xasprintf("src/%s", STAGES[k]);
    read_folder(m, (int)k, dir);
    free(dir);
    if (strcmp(STAGES[k], "parse") == 0)
      read_folder(m, (int)k, "src/libclang");
  }
  DIR *d = opendir("src");
  for (struct dirent *e; d && (e = readdir(d));)
    if (e->d_name[0] != '.' && strcmp(e->d_name, PLUGIN) != 0 &&
        !CHECK(listed(STAGES, COUNT(STAGES), e->d_name)))
      printf("  src/%s is in no stage: put it in one of src/'s folders\n", e->d_name);
  if (d)
    closedir(d);
}

int main(void) {
  struct modules m = {0};
  read_tree(&m);
  CHECK(m.len > 50);
  test_no_circles(&m);
  test_stages_build_on_earlier_ones(&m);
  for (size_t i = 0; i < m.len; i++) {
    free(m.items[i].name);
    strlist_free(&m.items[i].includes);
  }
  free(m.items);
  return test_summary("layout");
}
