/* What both of racecheck's walks over libclang's cursors need (vet.c's copies, lock_paths.c's
 * ways out): a string kept, a cursor's children, its text as written, an operator's token. */
#ifndef RACECHECK_CURSOR_H
#define RACECHECK_CURSOR_H

#include <clang-c/Index.h>
#include <stdbool.h>

/* A malloc'd copy of s, which is disposed of. */
char *cursor_take(CXString s);

/* The first few children of a cursor, its last one, and how many it has. */
enum { CURSOR_MAX_CHILDREN = 4 };
struct children {
  CXCursor items[CURSOR_MAX_CHILDREN];
  CXCursor last;
  unsigned len;
};
struct children children_of(CXCursor c);

CXSourceLocation start_of(CXCursor c);

/* The text of c where it is spelled, even when a macro wrote it; when the macro took its
 * parts from two places, the cursor's own name. Tokens are joined, with a space only
 * between two words. malloc'd. */
char *text_of(CXTranslationUnit tu, CXCursor c);

/* Whether a macro wrote what is at `at`. */
bool in_macro(CXSourceLocation at);

/* The operator of a binary operator (LLVM 14's libclang does not say which it is): the first
 * punctuation between its two operands, malloc'd; NULL when a macro wrote them, where the
 * operator is not there to read. */
char *operator_of(CXTranslationUnit tu, CXCursor op);

#endif
