#include "vet.h"

#include "array.h"

#include "compile_db.h"
#include "cursor.h"
#include "lock_paths.h"
#include "text.h"

#include <clang-c/Index.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const BUILTIN_LOCKS[] = {"pthread_mutex_t",
                                            "pthread_rwlock_t",
                                            "pthread_spinlock_t",
                                            "pthread_cond_t",
                                            "pthread_barrier_t",
                                            "sem_t",
                                            "mtx_t",
                                            "cnd_t"};
static const char LOCK_MARK[] = "racecheck_lock";
static const char *const DEFAULT_ARGS[] = {"-std=c17", "-D_GNU_SOURCE", "-pthread", "-Icases"};
static const char *const MEMCPY_NAMES[] = {"memcpy", "memmove", "__builtin_memcpy",
                                           "__builtin_memmove"};

static bool in_list(const char *name, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(name, list[i]) == 0)
      return true;
  return false;
}

/* ---- Which types are locks, and where a type holds one ---- */

static enum CXChildVisitResult find_mark(CXCursor c, CXCursor parent, CXClientData found) {
  (void)parent;
  if (clang_getCursorKind(c) != CXCursor_AnnotateAttr)
    return CXChildVisit_Continue;
  CXString text = clang_getCursorSpelling(c);
  *(bool *)found = strcmp(clang_getCString(text), LOCK_MARK) == 0;
  clang_disposeString(text);
  return *(bool *)found ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* Whether the typedef or record decl, of type t, is a lock in itself. A record is spelled
 * by the typedef that names it when it has no tag: pthread_mutex_t, seen through typeof. */
static bool is_lock(const struct vet_options *o, CXCursor decl, CXType t) {
  CXString name = clang_getCursorSpelling(decl), spelled = clang_getTypeSpelling(t);
  bool lock = in_list(clang_getCString(name), o->lock_types, o->n_lock_types) ||
              in_list(clang_getCString(spelled), o->lock_types, o->n_lock_types) ||
              in_list(clang_getCString(name), BUILTIN_LOCKS, COUNT(BUILTIN_LOCKS)) ||
              in_list(clang_getCString(spelled), BUILTIN_LOCKS, COUNT(BUILTIN_LOCKS));
  clang_disposeString(name);
  clang_disposeString(spelled);
  if (!lock)
    clang_visitChildren(decl, find_mark, &lock);
  return lock;
}

/* The way down from a copied value's type to a lock, member by member, as deep as the
 * structs nest. Start it zeroed; free it with lock_search_free. */
struct lock_search {
  const struct vet_options *o;
  CXType *types;
  CXCursor *members; /* members[0] is unused: the copied value itself */
  size_t depth;      /* steps in types[] */
  size_t room;       /* steps types[] and members[] have room for */
  bool found;        /* clang_Type_visitFields does not say whether it stopped */
};

static void make_room(struct lock_search *s) {
  if (s->depth < s->room)
    return;
  s->room = s->room ? 2 * s->room : 8;
  s->types = xrealloc(s->types, s->room * sizeof *s->types);
  s->members = xrealloc(s->members, s->room * sizeof *s->members);
}

static void lock_search_free(struct lock_search *s) {
  free(s->types);
  free(s->members);
  *s = (struct lock_search){0};
}

static bool holds_lock(struct lock_search *s, CXType t);

static enum CXVisitorResult search_field(CXCursor field, CXClientData data) {
  struct lock_search *s = data;
  make_room(s);
  s->types[s->depth] = clang_getCursorType(field);
  s->members[s->depth] = field;
  s->depth++;
  s->found = holds_lock(s, s->types[s->depth - 1]);
  if (s->found)
    return CXVisit_Break;
  s->depth--;
  return CXVisit_Continue;
}

/* Through typedefs and arrays of a known size (a flexible array member is not copied with
 * its struct) down to a lock, or to a record whose members are searched in turn; through
 * any other sugar (typeof, __auto_type, attributes) by way of the canonical type. */
static bool holds_lock(struct lock_search *s, CXType t) {
  for (;;) {
    if (t.kind == CXType_Elaborated) {
      t = clang_Type_getNamedType(t);
    } else if (t.kind == CXType_ConstantArray) {
      t = clang_getArrayElementType(t);
    } else if (t.kind == CXType_Typedef) {
      CXCursor decl = clang_getTypeDeclaration(t);
      if (is_lock(s->o, decl, t))
        return true;
      t = clang_getTypedefDeclUnderlyingType(decl);
    } else if (t.kind == CXType_Record) {
      if (is_lock(s->o, clang_getTypeDeclaration(t), t))
        return true;
      clang_Type_visitFields(t, search_field, s);
      return s->found;
    } else if (!clang_equalTypes(t, clang_getCanonicalType(t))) {
      t = clang_getCanonicalType(t);
    } else {
      return false;
    }
  }
}

/* Whether a value of type t holds a lock. An array is never copied as a whole: as a
 * parameter or an argument it is a pointer. */
static bool find_lock(const struct vet_options *o, CXType t, struct lock_search *s) {
  s->o = o;
  s->depth = 0;
  make_room(s);
  s->types[0] = t;
  s->depth = 1;
  s->found = false;
  CXType canonical = clang_getCanonicalType(t);
  return canonical.kind != CXType_ConstantArray && canonical.kind != CXType_IncompleteArray &&
         canonical.kind != CXType_VariableArray && holds_lock(s, t);
}

static struct vet_step *path_of(const struct lock_search *s) {
  struct vet_step *steps = xmalloc(s->depth * sizeof *steps);
  for (size_t i = 0; i < s->depth; i++) {
    steps[i].type = cursor_take(clang_getTypeSpelling(s->types[i]));
    steps[i].member = i ? cursor_take(clang_getCursorSpelling(s->members[i])) : NULL;
    if (steps[i].member && !steps[i].member[0]) { /* an anonymous struct or union member */
      free(steps[i].member);
      steps[i].member = NULL;
    }
  }
  return steps;
}

/* ---- Findings ---- */

static struct vet_finding *findings_push(struct vet_findings *list) {
  return ARRAY_PUSH(list->items, list->len);
}

static void report(struct vet_findings *out, CXSourceLocation at, enum vet_kind kind, char *name,
                   const struct lock_search *s) {
  CXFile file;
  unsigned line, column;
  clang_getExpansionLocation(at, &file, &line, &column, NULL);
  *findings_push(out) = (struct vet_finding){.file = cursor_take(clang_getFileName(file)),
                                             .line = line,
                                             .column = column,
                                             .kind = kind,
                                             .name = name,
                                             .path = path_of(s),
                                             .path_len = s->depth};
}

/* ---- Expressions ---- */

/* A struct or union on the left of an operator whose token a macro hides means `=`, as
 * only `=` and `,` take one, and a comma does not throw away a lock. */
static bool is_assignment(CXTranslationUnit tu, CXCursor op) {
  struct children k = children_of(op);
  if (k.len != 2)
    return false;
  char *spelling = operator_of(tu, op);
  bool assignment =
      spelling ? strcmp(spelling, "=") == 0
               : clang_getCanonicalType(clang_getCursorType(k.items[0])).kind == CXType_Record;
  free(spelling);
  return assignment;
}

/* The operand of parentheses or of a cast, implicit or written. */
static bool operand_of_cast(CXCursor c, CXCursor *operand) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (kind != CXCursor_ParenExpr && kind != CXCursor_UnexposedExpr &&
      kind != CXCursor_CStyleCastExpr)
    return false;
  struct children k = children_of(c);
  if (k.len == 0 || (kind != CXCursor_CStyleCastExpr && k.len != 1))
    return false;
  *operand = k.last;
  return true;
}

static CXCursor under_casts(CXCursor c) {
  while (operand_of_cast(c, &c))
    continue;
  return c;
}

static CXCursor under_parentheses(CXCursor c) {
  while (clang_getCursorKind(c) == CXCursor_ParenExpr)
    c = children_of(c).last;
  return c;
}

static bool is_pointer(CXCursor c) {
  return clang_getCanonicalType(clang_getCursorType(c)).kind == CXType_Pointer;
}

/* Whether the value of c is read from an object that already exists: a variable, a member,
 * an element, *p. As in go vet, a call's result is a fresh value, and so is what a call's
 * pointer points to, a compound literal or an initializer list. */
static bool is_copy_source(CXTranslationUnit tu, CXCursor c) {
  c = under_casts(c);
  switch (clang_getCursorKind(c)) {
  case CXCursor_DeclRefExpr:
  case CXCursor_MemberRefExpr:
  case CXCursor_ArraySubscriptExpr:
    return true;
  case CXCursor_UnaryOperator: { /* *p, or __extension__ e */
    CXCursor operand = children_of(c).last;
    if (!is_pointer(operand))
      return is_copy_source(tu, operand);
    return clang_getCursorKind(under_casts(operand)) != CXCursor_CallExpr;
  }
  case CXCursor_ConditionalOperator: {
    struct children k = children_of(c);
    return k.len == 3 && (is_copy_source(tu, k.items[1]) || is_copy_source(tu, k.last));
  }
  case CXCursor_BinaryOperator: /* a = b is the object a; (x, b) is b */
    return is_assignment(tu, c) || is_copy_source(tu, children_of(c).last);
  default:
    return false;
  }
}

/* ---- The checks ---- */

struct function_note {
  char *usr;
  bool defined;
  struct vet_findings found; /* what its chosen declaration says */
};

struct function_notes {
  struct function_note *items;
  size_t len;
};

struct walk {
  const struct vet_options *o;
  CXTranslationUnit tu;
  struct vet_findings *found;
  struct function_notes *functions;
  CXCursor function; /* whose body is walked; a null cursor outside one */
};

/* Reports e if it copies an object that holds a lock; name NULL stands for e's own text.
 * The type is the copied object's: the value read from a pthread_spinlock_t, a volatile
 * int, is a plain int. */
static void check_copy(struct walk *w, CXCursor e, enum vet_kind kind, const char *name) {
  CXCursor value = under_casts(e);
  struct lock_search s = {0};
  if (find_lock(w->o, clang_getCursorType(value), &s) && is_copy_source(w->tu, value))
    report(w->found, start_of(e), kind, name ? xstrdup(name) : text_of(w->tu, value), &s);
  lock_search_free(&s);
}

struct element_check {
  struct walk *w;
  enum vet_kind kind;
  const char *name;
};

static void check_elements(struct walk *w, CXCursor list, enum vet_kind kind, const char *name);

static enum CXChildVisitResult check_element(CXCursor e, CXCursor parent, CXClientData data) {
  (void)parent;
  const struct element_check *c = data;
  struct children k = children_of(e);
  if (clang_getCursorKind(e) == CXCursor_UnexposedExpr && k.len > 1)
    e = k.last; /* .member = value, [index] = value: the designators come first */
  if (clang_getCursorKind(e) == CXCursor_InitListExpr)
    check_elements(c->w, e, c->kind, c->name);
  else
    check_copy(c->w, e, c->kind, c->name);
  return CXChildVisit_Continue;
}

/* Each element of an initializer list, at any depth. */
static void check_elements(struct walk *w, CXCursor list, enum vet_kind kind, const char *name) {
  struct element_check c = {w, kind, name};
  clang_visitChildren(list, check_element, &c);
}

/* memcpy(dst, src, n) copies a lock when what either pointer points to holds one, seen
 * through the conversions to void *. */
static bool points_to_lock(const struct vet_options *o, CXCursor arg, struct lock_search *s) {
  do {
    CXType t = clang_getCursorType(arg);
    while (t.kind == CXType_Typedef || t.kind == CXType_Elaborated)
      t = t.kind == CXType_Typedef ? clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t))
                                   : clang_Type_getNamedType(t);
    CXType target = t.kind == CXType_Pointer ? clang_getPointeeType(t) : t;
    while (clang_getArrayElementType(target).kind != CXType_Invalid)
      target = clang_getArrayElementType(target);
    if (!clang_equalTypes(target, t) && find_lock(o, target, s))
      return true;
  } while (operand_of_cast(arg, &arg));
  return false;
}

/* Named as go vet names it, by the callee as written: deposit, ops->deposit, pick(2). */
static void check_call(struct walk *w, CXCursor call) {
  char *function = cursor_take(clang_getCursorSpelling(call));
  bool is_memcpy = in_list(function, MEMCPY_NAMES, COUNT(MEMCPY_NAMES));
  free(function);
  char *callee = text_of(w->tu, children_of(call).items[0]);
  unsigned n = (unsigned)clang_Cursor_getNumArguments(call);
  for (unsigned i = 0; i < n && !is_memcpy; i++)
    check_copy(w, clang_Cursor_getArgument(call, i), VET_CALL_COPIES, callee);
  for (unsigned i = 0; i < n && i < 2 && is_memcpy; i++) {
    CXCursor arg = clang_Cursor_getArgument(call, i);
    struct lock_search s = {0};
    bool copies = points_to_lock(w->o, arg, &s);
    if (copies)
      report(w->found, start_of(arg), VET_MEMCPY_COPIES, xstrdup(callee), &s);
    lock_search_free(&s);
    if (copies)
      break;
  }
  free(callee);
}

static void check_assignment(struct walk *w, CXCursor op) {
  struct children k = children_of(op);
  struct lock_search s = {0};
  bool copies_lock = k.len == 2 && find_lock(w->o, clang_getCursorType(k.items[0]), &s) &&
                     is_assignment(w->tu, op);
  lock_search_free(&s);
  if (!copies_lock)
    return;
  char *target = text_of(w->tu, under_parentheses(k.items[0]));
  check_copy(w, k.last, VET_ASSIGN_COPIES, target);
  free(target);
}

static void check_return(struct walk *w, CXCursor ret) {
  struct children k = children_of(ret);
  if (k.len == 0 || clang_Cursor_isNull(w->function))
    return;
  char *function = cursor_take(clang_getCursorSpelling(w->function));
  check_copy(w, k.last, VET_RETURN_COPIES, function);
  free(function);
}

static void walk(struct walk *w, CXCursor c);

static void check_variable(struct walk *w, CXCursor var) {
  CXCursor init = clang_Cursor_getVarDeclInitializer(var);
  if (clang_Cursor_isNull(init))
    return;
  char *name = cursor_take(clang_getCursorSpelling(var));
  if (clang_getCursorKind(init) == CXCursor_InitListExpr)
    check_elements(w, init, VET_INIT_COPIES, name);
  else
    check_copy(w, init, VET_INIT_COPIES, name);
  free(name);
  walk(w, init);
}

static struct function_note *note_of(struct function_notes *notes, const char *usr) {
  for (size_t i = 0; i < notes->len; i++)
    if (strcmp(notes->items[i].usr, usr) == 0)
      return &notes->items[i];
  return NULL;
}

/* Keeps what one declaration of the function says: the first one seen, until its
 * definition comes, whose word is final. */
static void keep_note(struct function_notes *notes, CXCursor fn, bool defined,
                      struct vet_findings *found) {
  char *usr = cursor_take(clang_getCursorUSR(fn));
  struct function_note *note = note_of(notes, usr);
  if (!note) {
    *ARRAY_PUSH(notes->items, notes->len) = (struct function_note){usr, defined, *found};
    return;
  }
  free(usr);
  if (note->defined || !defined) {
    vet_findings_free(found);
    return;
  }
  vet_findings_free(&note->found);
  note->found = *found;
  note->defined = true;
}

/* go vet's "passes lock by value", once per function whatever the number of its
 * declarations; and a function that returns a lock, when no body shows what it returns. */
static void note_function(struct walk *w, CXCursor fn) {
  struct vet_findings found = {0};
  char *name = cursor_take(clang_getCursorSpelling(fn));
  int n = clang_Cursor_getNumArguments(fn);
  struct lock_search s = {0};
  for (int i = 0; i < n; i++) {
    CXCursor parameter = clang_Cursor_getArgument(fn, (unsigned)i);
    if (find_lock(w->o, clang_getCursorType(parameter), &s))
      report(&found, start_of(parameter), VET_PASS_BY_VALUE_DECL, xstrdup(name), &s);
  }
  bool defined = clang_isCursorDefinition(fn);
  bool returns_lock = find_lock(w->o, clang_getResultType(clang_getCursorType(fn)), &s);
  if (returns_lock && !defined)
    report(&found, clang_getCursorLocation(fn), VET_RETURNS_BY_VALUE_DECL, xstrdup(name), &s);
  lock_search_free(&s);
  free(name);
  if (found.len > 0 || returns_lock)
    keep_note(w->functions, fn, defined, &found);
}

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData body) {
  (void)parent;
  if (clang_getCursorKind(c) != CXCursor_CompoundStmt)
    return CXChildVisit_Continue;
  *(CXCursor *)body = c;
  return CXChildVisit_Break;
}

static void check_function(struct walk *w, CXCursor fn) {
  note_function(w, fn);
  CXCursor body = clang_getNullCursor();
  clang_visitChildren(fn, find_body, &body);
  if (clang_Cursor_isNull(body))
    return;
  struct walk inside = *w;
  inside.function = fn;
  walk(&inside, body);
}

/* Checks c; says whether what runs inside it is still to be walked. */
static bool check(struct walk *w, CXCursor c) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  switch (kind) {
  case CXCursor_UnaryExpr: /* sizeof, _Alignof: their operand is not evaluated */
    return false;
  case CXCursor_FunctionDecl:
    check_function(w, c);
    return false;
  case CXCursor_VarDecl: /* only its initializer runs, not a typeof in its type */
    check_variable(w, c);
    return false;
  case CXCursor_CStyleCastExpr: /* the operand, last, and not a typeof in the type */
    walk(w, children_of(c).last);
    return false;
  case CXCursor_CallExpr:
    check_call(w, c);
    return true;
  case CXCursor_BinaryOperator:
    check_assignment(w, c);
    return true;
  case CXCursor_ReturnStmt:
    check_return(w, c);
    return true;
  case CXCursor_CompoundLiteralExpr:
    check_elements(w, children_of(c).last, VET_COMPOUND_LITERAL_COPIES, NULL);
    return true;
  default: /* the other declarations, types and members, hold no code that runs */
    return !clang_isDeclaration(kind);
  }
}

static enum CXChildVisitResult walk_child(CXCursor c, CXCursor parent, CXClientData w) {
  (void)parent;
  walk(w, c);
  return CXChildVisit_Continue;
}

static void walk(struct walk *w, CXCursor c) {
  if (check(w, c))
    clang_visitChildren(c, walk_child, w);
}

static enum CXChildVisitResult walk_top(CXCursor c, CXCursor parent, CXClientData w) {
  (void)parent;
  if (!clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
    walk(w, c);
  return CXChildVisit_Continue;
}

/* ---- Files ---- */

static char *include_folder_of(const char *file) {
  const char *slash = strrchr(file, '/');
  if (!slash)
    return xstrdup("-I.");
  return xasprintf("-I%.*s", (int)(slash - file), file);
}

/* Appends the error diagnostics; says whether there was one. */
static bool keep_errors(CXTranslationUnit tu, struct buf *errors) {
  bool any = false;
  for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      any = true;
      char *text = cursor_take(clang_formatDiagnostic(d, clang_defaultDiagnosticDisplayOptions()));
      buf_printf(errors, "%s\n", text);
      free(text);
    }
    clang_disposeDiagnostic(d);
  }
  return any;
}

/* The file's translation unit, or NULL after saying why in errors. */
static CXTranslationUnit parse(CXIndex index, const struct vet_options *o, const char *file,
                               struct buf *errors) {
  if (access(file, R_OK) != 0) { /* libclang would only say that it failed */
    buf_printf(errors, "%s: %s\n", file, strerror(errno));
    return NULL;
  }
  struct strlist args = {0};
  if (o->compile_db) {
    char *why = NULL;
    if (compile_db_args(o->compile_db, file, &args, &why) != 0) {
      buf_printf(errors, "%s\n", why);
      free(why);
      return NULL;
    }
  } else {
    for (size_t i = 0; i < COUNT(DEFAULT_ARGS); i++)
      strlist_push(&args, xstrdup(DEFAULT_ARGS[i]));
    strlist_push(&args, include_folder_of(file));
  }
  for (size_t i = 0; i < o->n_clang_args; i++)
    strlist_push(&args, xstrdup(o->clang_args[i]));
  CXTranslationUnit tu = NULL;
  int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);     /* -working-directory moves it */
  char *absolute = o->compile_db ? realpath(file, NULL) : NULL; /* from any folder */
  enum CXErrorCode rc = clang_parseTranslationUnit2(index, absolute ? absolute : file,
                                                    (const char *const *)args.items, (int)args.len,
                                                    NULL, 0, CXTranslationUnit_None, &tu);
  free(absolute);
  if (here >= 0 && fchdir(here) != 0)
    buf_printf(errors, "cannot go back to the working folder: %s\n", strerror(errno));
  if (here >= 0)
    close(here);
  strlist_free(&args);
  if (rc != CXError_Success) {
    buf_printf(errors, "%s: libclang could not parse it (error %d)\n", file, (int)rc);
    return NULL;
  }
  if (keep_errors(tu, errors)) {
    clang_disposeTranslationUnit(tu);
    return NULL;
  }
  return tu;
}

/* What each function's chosen declaration said, into out. */
static void move_notes(struct function_notes *notes, struct vet_findings *out) {
  for (size_t i = 0; i < notes->len; i++) {
    struct function_note *note = &notes->items[i];
    for (size_t j = 0; j < note->found.len; j++)
      *findings_push(out) = note->found.items[j];
    free(note->found.items);
    free(note->usr);
  }
  free(notes->items);
}

static int compare_findings(const void *pa, const void *pb) {
  const struct vet_finding *a = pa, *b = pb;
  int by_file = strcmp(a->file, b->file);
  if (by_file)
    return by_file;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  return strcmp(a->name, b->name);
}

/* Sorted, and each once: a header's code is seen by every file that includes it. */
static void sort_unique(struct vet_findings *list) {
  if (list->len == 0)
    return;
  qsort(list->items, list->len, sizeof *list->items, compare_findings);
  size_t kept = 1;
  for (size_t i = 1; i < list->len; i++) {
    if (compare_findings(&list->items[kept - 1], &list->items[i]) == 0)
      vet_finding_free(&list->items[i]);
    else
      list->items[kept++] = list->items[i];
  }
  list->len = kept;
}

/* The ways out that keep a lock, as findings. */
static void move_kept_locks(struct lock_paths *paths, struct vet_findings *out) {
  struct kept_locks kept = {0};
  lock_paths_finish(paths, &kept);
  for (size_t i = 0; i < kept.len; i++) {
    struct kept_lock *k = &kept.items[i];
    *findings_push(out) =
        (struct vet_finding){.file = k->file,
                             .line = k->line,
                             .column = k->column,
                             .kind = k->at_end ? VET_END_HOLDS_LOCK : VET_RETURN_HOLDS_LOCK,
                             .name = k->function,
                             .lock = k->lock,
                             .lock_line = k->lock_line};
  }
  free(kept.items);
}

int vet_files(const struct vet_options *o, const char *const *files, size_t n,
              struct vet_findings *out, char **error) {
  CXIndex index = clang_createIndex(0, 0);
  struct buf errors = {0};
  struct function_notes functions = {0};
  struct lock_paths *paths = lock_paths_new();
  for (size_t i = 0; i < n; i++) {
    CXTranslationUnit tu = parse(index, o, files[i], &errors);
    if (!tu)
      continue;
    struct walk w = {o, tu, out, &functions, clang_getNullCursor()};
    if (o->check != VET_UNLOCKPATHS)
      clang_visitChildren(clang_getTranslationUnitCursor(tu), walk_top, &w);
    if (o->check != VET_COPYLOCKS)
      lock_paths_walk(paths, tu);
    clang_disposeTranslationUnit(tu);
  }
  move_kept_locks(paths, out);
  clang_disposeIndex(index);
  move_notes(&functions, out);
  sort_unique(out);
  *error = errors.data;
  return errors.len ? -1 : 0;
}
