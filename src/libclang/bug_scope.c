#include "bug_scope.h"

#include "array.h"
#include "text.h"

#include <clang-c/Index.h>
#include <stdlib.h>
#include <string.h>

struct search {
  const int *bug_lines;
  size_t n_bug_lines;
  struct bug_scope *out;
};

static int holds_a_bug(const struct search *s, int first, int last) {
  for (size_t i = 0; i < s->n_bug_lines; i++)
    if (s->bug_lines[i] >= first && s->bug_lines[i] <= last)
      return 1;
  return 0;
}

/* Each function defined in the case's own file whose lines hold a bug line. */
static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  struct search *s = data;
  if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
      !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
    return CXChildVisit_Continue;
  CXSourceRange extent = clang_getCursorExtent(c);
  unsigned first, last;
  clang_getExpansionLocation(clang_getRangeStart(extent), NULL, &first, NULL, NULL);
  clang_getExpansionLocation(clang_getRangeEnd(extent), NULL, &last, NULL, NULL);
  if (holds_a_bug(s, (int)first, (int)last))
    *ARRAY_PUSH(s->out->ranges, s->out->len) = (struct line_range){(int)first, (int)last};
  return CXChildVisit_Continue;
}

/* A bug line that no function holds (a declaration, a global) stands for itself. */
static void add_lone_lines(const int *bug_lines, size_t n, struct bug_scope *out) {
  for (size_t i = 0; i < n; i++)
    if (!bug_scope_holds(out, bug_lines[i]))
      *ARRAY_PUSH(out->ranges, out->len) = (struct line_range){bug_lines[i], bug_lines[i]};
}

int bug_scope_find(const char *source, const int *bug_lines, size_t n_bug_lines,
                   struct bug_scope *out, char **error) {
  *out = (struct bug_scope){0};
  const char *slash = strrchr(source, '/');
  char *folder = slash ? xasprintf("-I%.*s", (int)(slash - source), source) : xstrdup("-I.");
  const char *args[] = {"-std=c17", "-D_GNU_SOURCE", "-pthread", folder};
  CXIndex index = clang_createIndex(0, 0);
  CXTranslationUnit tu = NULL;
  enum CXErrorCode rc = clang_parseTranslationUnit2(index, source, args, sizeof args / sizeof *args,
                                                    NULL, 0, CXTranslationUnit_None, &tu);
  free(folder);
  if (rc == CXError_Success) {
    struct search s = {bug_lines, n_bug_lines, out};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit, &s);
    clang_disposeTranslationUnit(tu);
    add_lone_lines(bug_lines, n_bug_lines, out);
  } else {
    *error = xasprintf("%s: libclang could not parse it (error %d)", source, (int)rc);
  }
  clang_disposeIndex(index);
  return rc == CXError_Success ? 0 : -1;
}
