#include "compile_db.h"

#include <clang-c/CXCompilationDatabase.h>

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

static char *take(CXString s) {
  char *copy = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");
  clang_disposeString(s);
  return copy;
}

/* libclang is given the folder by its absolute path (a relative one it does not find), and
 * only once the file is known to be there: it would print its own error otherwise. */
static CXCompilationDatabase open_db(const char *build_dir, char **error) {
  char *folder = realpath(build_dir, NULL);
  char *json = folder ? xasprintf("%s/compile_commands.json", folder) : NULL;
  struct stat st;
  CXCompilationDatabase_Error status = CXCompilationDatabase_CanNotLoadDatabase;
  CXCompilationDatabase db = NULL;
  if (json && stat(json, &st) == 0 && S_ISREG(st.st_mode))
    db = clang_CompilationDatabase_fromDirectory(folder, &status);
  free(folder), free(json);
  if (status != CXCompilationDatabase_NoError) {
    *error = xasprintf("cannot read %s/compile_commands.json (CMake writes it with "
                       "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, bear -- make writes it too)",
                       build_dir);
    return NULL;
  }
  return db;
}

/* Whether the word at argv[i] is one the parse must not see, and how many words it spans. */
static unsigned left_out(const char *word, const char *file) {
  static const char *const WITH_VALUE[] = {"-o", "-MF", "-MT", "-MQ"};
  static const char *const ALONE[] = {"-c", "-MD", "-MMD", "-MP"};
  for (size_t k = 0; k < sizeof WITH_VALUE / sizeof *WITH_VALUE; k++)
    if (strcmp(word, WITH_VALUE[k]) == 0)
      return 2;
  for (size_t k = 0; k < sizeof ALONE / sizeof *ALONE; k++)
    if (strcmp(word, ALONE[k]) == 0)
      return 1;
  return strcmp(word, file) == 0 || strcmp(path_basename(word), path_basename(file)) == 0 ? 1 : 0;
}

static void command_args(CXCompileCommand command, struct strlist *args) {
  char *dir = take(clang_CompileCommand_getDirectory(command));
  char *file = take(clang_CompileCommand_getFilename(command));
  strlist_push(args, xasprintf("-working-directory=%s", dir));
  unsigned n = clang_CompileCommand_getNumArgs(command);
  unsigned first = 1; /* after the compiler's own name, and racecheck's "cc" */
  char *compiler = take(clang_CompileCommand_getArg(command, 0));
  char *second = n > 1 ? take(clang_CompileCommand_getArg(command, 1)) : NULL;
  if (strcmp(path_basename(compiler), "racecheck") == 0 && second && strcmp(second, "cc") == 0)
    first = 2;
  free(compiler), free(second);
  for (unsigned i = first; i < n;) {
    char *word = take(clang_CompileCommand_getArg(command, i));
    unsigned skip = left_out(word, file);
    if (skip == 0)
      strlist_push(args, word);
    else
      free(word);
    i += skip ? skip : 1;
  }
  free(dir), free(file);
}

/* Whether the command compiles that file. */
static int names_file(CXCompileCommand command, const char *absolute) {
  char *dir = take(clang_CompileCommand_getDirectory(command));
  char *file = take(clang_CompileCommand_getFilename(command));
  char *path = file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", dir, file);
  char *real = realpath(path, NULL);
  int same = absolute && real && strcmp(real, absolute) == 0;
  free(dir), free(file), free(path), free(real);
  return same;
}

/* The build's own command for the file, not the one libclang would guess for a file the
 * build does not compile. */
int compile_db_args(const char *build_dir, const char *file, struct strlist *args, char **error) {
  CXCompilationDatabase db = open_db(build_dir, error);
  if (!db)
    return -1;
  char *absolute = realpath(file, NULL);
  CXCompileCommands commands = clang_CompilationDatabase_getAllCompileCommands(db);
  unsigned n = commands ? clang_CompileCommands_getSize(commands) : 0, i = 0;
  while (i < n && !names_file(clang_CompileCommands_getCommand(commands, i), absolute))
    i++;
  if (i < n)
    command_args(clang_CompileCommands_getCommand(commands, i), args);
  else
    *error = xasprintf("%s is not in %s/compile_commands.json: the build does not compile it", file,
                       build_dir);
  clang_CompileCommands_dispose(commands);
  clang_CompilationDatabase_dispose(db);
  free(absolute);
  return i < n ? 0 : -1;
}

int compile_db_files(const char *build_dir, struct strlist *files, char **error) {
  CXCompilationDatabase db = open_db(build_dir, error);
  if (!db)
    return -1;
  CXCompileCommands commands = clang_CompilationDatabase_getAllCompileCommands(db);
  unsigned n = commands ? clang_CompileCommands_getSize(commands) : 0;
  for (unsigned i = 0; i < n; i++) {
    CXCompileCommand command = clang_CompileCommands_getCommand(commands, i);
    char *dir = take(clang_CompileCommand_getDirectory(command));
    char *file = take(clang_CompileCommand_getFilename(command));
    strlist_push(files, file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", dir, file));
    free(dir), free(file);
  }
  clang_CompileCommands_dispose(commands);
  clang_CompilationDatabase_dispose(db);
  return 0;
}

/* A flag of a compile command that racecheck's build of the file keeps, with a folder for
 * value (made absolute from the command's folder) or not. */
static const struct {
  const char *flag;
  int folder;
} KEPT[] = {{"-I", 1}, {"-isystem", 1}, {"-iquote", 1}, {"-include", 1},
            {"-D", 0}, {"-U", 0},       {"-std=", 0}};

static char *absolute_in(const char *dir, const char *path) {
  return path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", dir, path);
}

int compile_db_flags(const char *build_dir, const char *file, struct strlist *flags, char **error) {
  struct strlist args = {0};
  if (compile_db_args(build_dir, file, &args, error) != 0)
    return -1;
  const char *dir = args.items[0] + strlen("-working-directory=");
  for (size_t i = 1; i < args.len; i++)
    for (size_t k = 0; k < sizeof KEPT / sizeof *KEPT; k++) {
      const char *flag = KEPT[k].flag;
      size_t n = strlen(flag);
      if (strncmp(args.items[i], flag, n) != 0)
        continue;
      const char *value = args.items[i] + n;
      if (!*value && i + 1 < args.len && strcmp(flag, "-std=") != 0)
        value = args.items[++i];
      char *kept = KEPT[k].folder ? absolute_in(dir, value) : xstrdup(value);
      if (n > 2 && strcmp(flag, "-std=") != 0) { /* -isystem DIR: two words */
        strlist_push(flags, xstrdup(flag));
        strlist_push(flags, kept);
      } else {
        strlist_push(flags, xasprintf("%s%s", flag, kept));
        free(kept);
      }
      break;
    }
  strlist_free(&args);
  return 0;
}
