#include "cursor.h"

#include "text.h"

#include <stdlib.h>

char *cursor_take(CXString s) {
  const char *text = clang_getCString(s);
  char *copy = xstrdup(text ? text : "");
  clang_disposeString(s);
  return copy;
}

static enum CXChildVisitResult collect_child(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  struct children *k = data;
  if (k->len < CURSOR_MAX_CHILDREN)
    k->items[k->len] = c;
  k->last = c;
  k->len++;
  return CXChildVisit_Continue;
}

struct children children_of(CXCursor c) {
  struct children k = {.len = 0};
  clang_visitChildren(c, collect_child, &k);
  return k;
}

CXSourceLocation start_of(CXCursor c) {
  return clang_getRangeStart(clang_getCursorExtent(c));
}

char *text_of(CXTranslationUnit tu, CXCursor c) {
  CXSourceRange extent = clang_getCursorExtent(c);
  CXFile file, end_file;
  unsigned start, end;
  clang_getSpellingLocation(clang_getRangeStart(extent), &file, NULL, NULL, &start);
  clang_getSpellingLocation(clang_getRangeEnd(extent), &end_file, NULL, NULL, &end);
  if (!clang_File_isEqual(file, end_file) || start > end)
    return cursor_take(clang_getCursorSpelling(c));
  CXToken *tokens;
  unsigned n;
  clang_tokenize(tu,
                 clang_getRange(clang_getLocationForOffset(tu, file, start),
                                clang_getLocationForOffset(tu, file, end)),
                 &tokens, &n);
  struct buf text = {0};
  bool after_word = false;
  for (unsigned i = 0; i < n; i++) {
    bool word = clang_getTokenKind(tokens[i]) != CXToken_Punctuation;
    if (word && after_word)
      buf_adds(&text, " ");
    char *spelling = cursor_take(clang_getTokenSpelling(tu, tokens[i]));
    buf_adds(&text, spelling);
    free(spelling);
    after_word = word;
  }
  clang_disposeTokens(tu, tokens, n);
  return text.data ? text.data : xstrdup("");
}

bool in_macro(CXSourceLocation at) {
  CXFile spelled_in, expanded_in;
  unsigned spelled_at, expanded_at;
  clang_getSpellingLocation(at, &spelled_in, NULL, NULL, &spelled_at);
  clang_getExpansionLocation(at, &expanded_in, NULL, NULL, &expanded_at);
  return spelled_at != expanded_at || !clang_File_isEqual(spelled_in, expanded_in);
}

char *operator_of(CXTranslationUnit tu, CXCursor op) {
  struct children k = children_of(op);
  if (k.len != 2)
    return NULL;
  CXSourceLocation left_end = clang_getRangeEnd(clang_getCursorExtent(k.items[0]));
  CXSourceLocation right_start = start_of(k.last);
  unsigned left_ends_at, right_starts_at;
  clang_getExpansionLocation(left_end, NULL, NULL, NULL, &left_ends_at);
  clang_getExpansionLocation(right_start, NULL, NULL, NULL, &right_starts_at);
  if (in_macro(left_end) || in_macro(right_start) || left_ends_at > right_starts_at)
    return NULL;
  CXToken *tokens;
  unsigned n;
  clang_tokenize(tu, clang_getRange(left_end, right_start), &tokens, &n);
  char *found = NULL;
  for (unsigned i = 0; i < n && !found; i++)
    if (clang_getTokenKind(tokens[i]) == CXToken_Punctuation)
      found = cursor_take(clang_getTokenSpelling(tu, tokens[i]));
  clang_disposeTokens(tu, tokens, n);
  return found;
}
