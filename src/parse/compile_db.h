/* A build's compile_commands.json (CMake's CMAKE_EXPORT_COMPILE_COMMANDS, bear, ninja -t
 * compdb, meson), read through libclang as clang-tidy's -p reads it: each file's own
 * arguments, for a tool that parses the file as its build compiles it. */
#ifndef RACECHECK_COMPILE_DB_H
#define RACECHECK_COMPILE_DB_H

#include "text.h"

/* The arguments that parse file as the build in build_dir compiles it, for libclang: the
 * compiler's name, the file itself, -c and the outputs (-o, -MF...) left out, and the
 * command's folder as -working-directory. Returns 0, or -1 with *error naming the file. */
int compile_db_args(const char *build_dir, const char *file, struct strlist *args, char **error);
/* Of the file's arguments, those that say how its code reads (-I -isystem -iquote -D -U
 * -std= -include), each folder made absolute, appended to flags for racecheck's own build of
 * it. Returns 0, or -1 with *error naming the file. */
int compile_db_flags(const char *build_dir, const char *file, struct strlist *flags, char **error);
/* Every file the build compiles, as its database names them. */
int compile_db_files(const char *build_dir, struct strlist *files, char **error);

#endif
