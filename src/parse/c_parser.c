/* The calls into libclang, each forwarded to racecheck-c.so, loaded the first time one is
 * made (see c_parser.h). */
#include "c_parser.h"

#include "compile_db.h"

#include <dlfcn.h>
#include <stdlib.h>

/* The table, or NULL with *error saying why it could not be loaded. */
static const struct c_parser *parser(char **error) {
  static const struct c_parser *loaded;
  if (loaded)
    return loaded;
  char *exe = realpath("/proc/self/exe", NULL);
  char *path = exe ? xasprintf("%.*sracecheck-c.so", (int)(path_basename(exe) - exe), exe)
                   : xstrdup("racecheck-c.so");
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  loaded = library ? dlsym(library, C_PARSER_SYMBOL) : NULL;
  const char *why = loaded ? NULL : dlerror();
  if (!loaded)
    *error = xasprintf("cannot load %s, racecheck's part that parses C with libclang: %s "
                       "(ninja builds it; ./bootstrap installs libclang)\n",
                       path, why ? why : "it has no " C_PARSER_SYMBOL);
  free(exe), free(path);
  return loaded;
}

int vet_files(const struct vet_options *o, const char *const *files, size_t n,
              struct vet_findings *out, char **error) {
  const struct c_parser *p = parser(error);
  return p ? p->vet_files(o, files, n, out, error) : -1;
}

int bug_scope_find(const char *source, const int *bug_lines, size_t n_bug_lines,
                   struct bug_scope *out, char **error) {
  const struct c_parser *p = parser(error);
  return p ? p->bug_scope_find(source, bug_lines, n_bug_lines, out, error) : -1;
}

int compile_db_args(const char *build_dir, const char *file, struct strlist *args, char **error) {
  const struct c_parser *p = parser(error);
  return p ? p->compile_db_args(build_dir, file, args, error) : -1;
}

int compile_db_flags(const char *build_dir, const char *file, struct strlist *flags, char **error) {
  const struct c_parser *p = parser(error);
  return p ? p->compile_db_flags(build_dir, file, flags, error) : -1;
}

int compile_db_files(const char *build_dir, struct strlist *files, char **error) {
  const struct c_parser *p = parser(error);
  return p ? p->compile_db_files(build_dir, files, error) : -1;
}
