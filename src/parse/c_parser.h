/* What racecheck asks of libclang, in one table: libclang (about 60 MiB to map) is loaded
 * only by a command that parses C, from build/racecheck-c.so beside the racecheck binary, so
 * that every other command starts in a few milliseconds. src/libclang/ holds the code that
 * calls it; src/parse/c_parser.c loads it and forwards each call. */
#ifndef RACECHECK_C_PARSER_H
#define RACECHECK_C_PARSER_H

#include "bug_scope.h"
#include "text.h"
#include "vet.h"

struct c_parser {
  int (*vet_files)(const struct vet_options *o, const char *const *files, size_t n,
                   struct vet_findings *out, char **error);
  int (*bug_scope_find)(const char *source, const int *bug_lines, size_t n_bug_lines,
                        struct bug_scope *out, char **error);
  int (*compile_db_args)(const char *build_dir, const char *file, struct strlist *args,
                         char **error);
  int (*compile_db_flags)(const char *build_dir, const char *file, struct strlist *flags,
                          char **error);
  int (*compile_db_files)(const char *build_dir, struct strlist *files, char **error);
};

/* The name of the table in racecheck-c.so. */
#define C_PARSER_SYMBOL "racecheck_c_parser"

#endif
