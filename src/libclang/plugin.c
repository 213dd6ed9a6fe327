/* The table racecheck-c.so offers: see c_parser.h. */
#include "c_parser.h"
#include "compile_db.h"

extern const struct c_parser racecheck_c_parser;
const struct c_parser racecheck_c_parser = {vet_files, bug_scope_find, compile_db_args,
                                            compile_db_flags, compile_db_files};
