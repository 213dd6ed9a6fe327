/* The unlockpaths walk. Each function is followed statement by statement (sequence, if/else,
 * switch, the loops, break, continue, return, a forward goto) with the locks it holds, each
 * by the lock's expression as written ("&b->lock"): held for sure, or maybe. A way out where
 * a lock this function took is held for sure is a finding. Where the walk cannot tell, it
 * says nothing: two paths that disagree make a lock "maybe"; so do a lock or trylock whose
 * result is kept or not tested where it is called, a lock taken in one turn of a loop and
 * not the next, a variable of the lock's expression assigned, an unlock of a lock it does
 * not see held (an alias), and a call that may unlock it (a helper given the lock, a
 * function it cannot see). A function with a cleanup attribute, a backward or computed goto,
 * a statement expression, or a lock it cannot name is not judged. A lock held at a way out
 * is left alone when another function unlocks a lock of that name without taking it (the
 * caller that unlocks for it), or when the function holds it at every way out, never
 * unlocking it (a function that locks for its caller). */
#include "lock_paths.h"

#include "array.h"
#include "cursor.h"
#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum lock_call { NOT_LOCKING, LOCKS, TRIES, UNLOCKS };

static const struct {
  const char *function;
  enum lock_call call;
} LOCK_CALLS[] = {
    {"pthread_mutex_lock", LOCKS},
    {"pthread_mutex_trylock", TRIES},
    {"pthread_mutex_timedlock", TRIES},
    {"pthread_mutex_clocklock", TRIES},
    {"pthread_mutex_unlock", UNLOCKS},
    {"pthread_rwlock_rdlock", LOCKS},
    {"pthread_rwlock_wrlock", LOCKS},
    {"pthread_rwlock_tryrdlock", TRIES},
    {"pthread_rwlock_trywrlock", TRIES},
    {"pthread_rwlock_timedrdlock", TRIES},
    {"pthread_rwlock_timedwrlock", TRIES},
    {"pthread_rwlock_unlock", UNLOCKS},
    {"pthread_spin_lock", LOCKS},
    {"pthread_spin_trylock", TRIES},
    {"pthread_spin_unlock", UNLOCKS},
    {"mtx_lock", LOCKS},
    {"mtx_trylock", TRIES},
    {"mtx_timedlock", TRIES},
    {"mtx_unlock", UNLOCKS},
};

/* Calls after which the path goes on nowhere: no way out of the function is taken. */
static const char *const NO_RETURN[] = {"exit",
                                        "_exit",
                                        "_Exit",
                                        "quick_exit",
                                        "abort",
                                        "err",
                                        "errx",
                                        "pthread_exit",
                                        "thrd_exit",
                                        "longjmp",
                                        "siglongjmp",
                                        "__assert_fail",
                                        "__builtin_unreachable"};

/* ---- Names ---- */

static bool is_word_char(char c) {
  return isalnum((unsigned char)c) || c == '_';
}

/* The first identifier of a lock's expression, the object it hangs from: "b" in "&b->lock". */
static char *root_of(const char *name) {
  while (*name && !(isalpha((unsigned char)*name) || *name == '_'))
    name++;
  size_t n = 0;
  while (is_word_char(name[n]))
    n++;
  return xstrndup(name, n);
}

/* The last identifier outside brackets, the lock's own name: "lock" in "&b->lock",
 * "locks" in "&locks[i]"; how a lock is matched across functions. */
static char *key_of(const char *name) {
  const char *last = name;
  size_t last_len = 0;
  int depth = 0;
  for (const char *c = name; *c;) {
    depth += (*c == '[') - (*c == ']');
    if (depth == 0 && (isalpha((unsigned char)*c) || *c == '_')) {
      size_t n = 0;
      while (is_word_char(c[n]))
        n++;
      last = c, last_len = n;
      c += n;
    } else {
      c++;
    }
  }
  return xstrndup(last, last_len);
}

/* Whether `word` is in `text` between two characters that are no part of a name. */
static bool has_word(const char *text, const char *word) {
  size_t n = strlen(word);
  for (const char *at = n ? strstr(text, word) : NULL; at; at = strstr(at + 1, word))
    if ((at == text || !is_word_char(at[-1])) && !is_word_char(at[n]))
      return true;
  return false;
}

static CXCursor under_casts(CXCursor c) {
  for (;;) {
    enum CXCursorKind kind = clang_getCursorKind(c);
    struct children k = children_of(c);
    if ((kind == CXCursor_ParenExpr || kind == CXCursor_UnexposedExpr) && k.len == 1)
      c = k.last;
    else if (kind == CXCursor_CStyleCastExpr && k.len > 0)
      c = k.last;
    else
      return c;
  }
}

/* Whether the walk can name what e computes: a variable, a member, an element at a
 * variable or constant index, & or * of one; not a call's result, nor a choice. */
static bool nameable(CXTranslationUnit tu, CXCursor e) {
  e = under_casts(e);
  struct children k = children_of(e);
  switch (clang_getCursorKind(e)) {
  case CXCursor_DeclRefExpr:
  case CXCursor_IntegerLiteral:
    return true;
  case CXCursor_MemberRefExpr:
    return k.len == 1 && nameable(tu, k.last);
  case CXCursor_ArraySubscriptExpr:
    return k.len == 2 && nameable(tu, k.items[0]) && nameable(tu, k.last);
  case CXCursor_UnaryOperator: {
    char *text = text_of(tu, e);
    bool address_or_load = (text[0] == '&' || text[0] == '*') && text[1] != text[0];
    free(text);
    return address_or_load && k.len == 1 && nameable(tu, k.last);
  }
  default:
    return false;
  }
}

static enum lock_call lock_call_of(CXCursor call) {
  if (clang_getCursorKind(call) != CXCursor_CallExpr)
    return NOT_LOCKING;
  char *name = cursor_take(clang_getCursorSpelling(call));
  enum lock_call found = NOT_LOCKING;
  for (size_t i = 0; i < COUNT(LOCK_CALLS) && found == NOT_LOCKING; i++)
    if (strcmp(name, LOCK_CALLS[i].function) == 0)
      found = LOCK_CALLS[i].call;
  free(name);
  return found;
}

static bool never_returns(CXCursor call) {
  char *name = cursor_take(clang_getCursorSpelling(call));
  bool found = false;
  for (size_t i = 0; i < COUNT(NO_RETURN) && !found; i++)
    found = strcmp(name, NO_RETURN[i]) == 0;
  free(name);
  return found;
}

static unsigned line_of(CXSourceLocation at, unsigned *column) {
  unsigned line = 0, col = 0;
  clang_getExpansionLocation(at, NULL, &line, &col, NULL);
  if (column)
    *column = col;
  return line;
}

/* In the system's headers, or nowhere: a builtin. */
static bool is_system(CXSourceLocation at) {
  CXFile file;
  clang_getExpansionLocation(at, &file, NULL, NULL, NULL);
  return !file || clang_Location_isInSystemHeader(at);
}

/* ---- The locks held on a path ---- */

struct held {
  char *name;
  unsigned line; /* of the call that took it */
  bool sure;     /* held on every path here, not only on some */
};

struct state {
  struct held *items;
  size_t len;
  bool dead; /* no path reaches here */
};

static void state_free(struct state *s) {
  for (size_t i = 0; i < s->len; i++)
    free(s->items[i].name);
  free(s->items);
  *s = (struct state){.dead = true};
}

static struct held *state_find(const struct state *s, const char *name) {
  for (size_t i = 0; i < s->len; i++)
    if (strcmp(s->items[i].name, name) == 0)
      return &s->items[i];
  return NULL;
}

static void state_add(struct state *s, const char *name, unsigned line, bool sure) {
  *ARRAY_PUSH(s->items, s->len) = (struct held){xstrdup(name), line, sure};
}

static struct state state_copy(const struct state *s) {
  struct state copy = {.dead = s->dead};
  for (size_t i = 0; i < s->len; i++)
    state_add(&copy, s->items[i].name, s->items[i].line, s->items[i].sure);
  return copy;
}

static void state_drop(struct state *s, struct held *h) {
  free(h->name);
  *h = s->items[--s->len];
}

/* Where two paths meet: a lock is held for sure only if both hold it for sure. */
static void state_join(struct state *into, const struct state *from) {
  if (from->dead)
    return;
  if (into->dead) {
    state_free(into);
    *into = state_copy(from);
    return;
  }
  for (size_t i = 0; i < into->len; i++) {
    const struct held *other = state_find(from, into->items[i].name);
    into->items[i].sure = into->items[i].sure && other && other->sure;
  }
  for (size_t i = 0; i < from->len; i++)
    if (!state_find(into, from->items[i].name))
      state_add(into, from->items[i].name, from->items[i].line, false);
}

static bool state_same(const struct state *a, const struct state *b) {
  if (a->dead || b->dead)
    return a->dead == b->dead;
  if (a->len != b->len)
    return false;
  for (size_t i = 0; i < a->len; i++) {
    const struct held *other = state_find(b, a->items[i].name);
    if (!other || other->sure != a->items[i].sure)
      return false;
  }
  return true;
}

static void state_all_maybe(struct state *s) {
  for (size_t i = 0; i < s->len; i++)
    s->items[i].sure = false;
}

/* ---- What the walks gather ---- */

static void kept_lock_free(struct kept_lock *k) {
  free(k->file), free(k->function), free(k->lock);
}

/* What a function does with locks, seen before any function is walked. */
struct summary {
  char *usr;
  bool quiet;   /* it takes and gives back no lock, and calls only the system's functions */
  int releases; /* the parameter whose lock it unlocks without taking it, or -1 */
  char *key;    /* that lock's name */
};

struct candidate {
  struct kept_lock found;
  char *usr, *key; /* the function's, and the lock's name (key_of) */
};

/* A lock unlocked by a function that did not take it: another's, handed over. */
struct orphan {
  char *usr, *key;
};

struct lock_paths {
  struct summary *summaries;
  size_t nsummaries;
  struct candidate *candidates;
  size_t ncandidates;
  struct orphan *orphans;
  size_t norphans;
};

struct lock_paths *lock_paths_new(void) {
  struct lock_paths *p = xmalloc(sizeof *p);
  *p = (struct lock_paths){0};
  return p;
}

static const struct summary *summary_of(const struct lock_paths *p, CXCursor fn) {
  char *usr = cursor_take(clang_getCursorUSR(fn));
  const struct summary *found = NULL;
  for (size_t i = 0; i < p->nsummaries && !found; i++)
    if (strcmp(p->summaries[i].usr, usr) == 0)
      found = &p->summaries[i];
  free(usr);
  return found;
}

static void add_orphan(struct lock_paths *p, const char *usr, const char *name) {
  *ARRAY_PUSH(p->orphans, p->norphans) = (struct orphan){xstrdup(usr), key_of(name)};
}

/* ---- The walk of one function ---- */

struct label {
  char *name;
  struct state state; /* of the gotos seen so far */
  bool seen;          /* the label itself was passed: a goto to it now goes back */
};

struct walker {
  struct lock_paths *p;
  CXTranslationUnit tu;
  char *function, *usr, *file;
  struct strlist parameters;
  struct state now;
  struct state *breaks, *continues; /* of the innermost loop or switch; NULL outside one */
  const struct state *switch_entry;
  bool *switch_has_default;
  struct label *labels;
  size_t nlabels;
  struct strlist unlocked; /* every lock the function unlocks */
  size_t exits;            /* the ways out that were reached */
  bool unsure;             /* the function is not judged */
};

static void walk(struct walker *w, CXCursor s);
static void eval(struct walker *w, CXCursor e, bool maybe);

static char *lock_name(struct walker *w, CXCursor call) {
  if (clang_Cursor_getNumArguments(call) < 1)
    return NULL;
  CXCursor lock = clang_Cursor_getArgument(call, 0);
  if (!nameable(w->tu, lock))
    return NULL;
  return text_of(w->tu, under_casts(lock));
}

static void take_lock(struct walker *w, const char *name, unsigned line, bool sure) {
  struct held *h = state_find(&w->now, name);
  if (!h)
    state_add(&w->now, name, line, sure);
  else if (sure)
    *h = (struct held){h->name, line, true};
}

/* An unlock of a lock the path does not hold may be an alias of one it holds. */
static void give_back(struct walker *w, const char *name, bool maybe) {
  strlist_push(&w->unlocked, xstrdup(name));
  struct held *h = state_find(&w->now, name);
  if (h && maybe)
    h->sure = false;
  else if (h)
    state_drop(&w->now, h);
  if (h)
    return;
  add_orphan(w->p, w->usr, name);
  state_all_maybe(&w->now);
}

/* A call that is not a lock's own: what it may do to the locks held. */
static void call_elsewhere(struct walker *w, CXCursor call, bool maybe) {
  CXCursor callee = clang_getCursorReferenced(call);
  if (clang_getCursorKind(callee) != CXCursor_FunctionDecl) { /* through a pointer */
    state_all_maybe(&w->now);
    return;
  }
  const struct summary *s = summary_of(w->p, callee);
  if (s && s->releases >= 0 && s->releases < clang_Cursor_getNumArguments(call)) {
    char *given = text_of(w->tu, clang_Cursor_getArgument(call, (unsigned)s->releases));
    char *root = root_of(given), *match = NULL;
    for (size_t i = 0; i < w->now.len && !match; i++) {
      char *held_root = root_of(w->now.items[i].name);
      if (strcmp(held_root, root) == 0)
        match = xstrdup(w->now.items[i].name);
      free(held_root);
    }
    if (match) {
      give_back(w, match, maybe);
    } else {
      add_orphan(w->p, w->usr, given);
      add_orphan(w->p, w->usr, s->key);
    }
    free(match);
    free(root), free(given);
    return;
  }
  if ((s && s->quiet) || is_system(clang_getCursorLocation(callee)))
    return;
  if (!s) { /* no body in sight: it may unlock anything */
    state_all_maybe(&w->now);
    return;
  }
  for (unsigned i = 0, n = (unsigned)clang_Cursor_getNumArguments(call); i < n; i++) {
    char *given = text_of(w->tu, clang_Cursor_getArgument(call, i));
    for (size_t j = 0; j < w->now.len; j++) {
      char *root = root_of(w->now.items[j].name);
      if (has_word(given, root))
        w->now.items[j].sure = false;
      free(root);
    }
    free(given);
  }
}

/* A call on the path; `ignored`: its result is thrown away, as a statement of its own. A
 * lock whose result is kept (`int e = lock(m); if (e) return e;`) may have failed: whether
 * it is held is only known where its result is tested, which the walk does not follow. */
static void call(struct walker *w, CXCursor c, bool maybe, bool ignored) {
  enum lock_call kind = lock_call_of(c);
  if (kind == NOT_LOCKING) {
    call_elsewhere(w, c, maybe);
    return;
  }
  char *name = lock_name(w, c);
  if (!name) {
    w->unsure = true;
    return;
  }
  unsigned line = line_of(start_of(c), NULL);
  if (kind == UNLOCKS)
    give_back(w, name, maybe);
  else
    take_lock(w, name, line, kind == LOCKS && !maybe && ignored);
  free(name);
}

/* A variable of a held lock's expression changed: the expression names another lock now. */
static void assigned(struct walker *w, CXCursor target) {
  char *text = text_of(w->tu, under_casts(target));
  for (size_t i = 0; i < w->now.len; i++)
    if (has_word(w->now.items[i].name, text))
      w->now.items[i].sure = false;
  free(text);
}

struct eval_each {
  struct walker *w;
  bool maybe;
};

static enum CXChildVisitResult eval_child(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  struct eval_each *e = data;
  eval(e->w, c, e->maybe);
  return CXChildVisit_Continue;
}

static void eval_children(struct walker *w, CXCursor e, bool maybe) {
  struct eval_each each = {w, maybe};
  clang_visitChildren(e, eval_child, &each);
}

static void eval_operator(struct walker *w, CXCursor e, bool maybe) {
  struct children k = children_of(e);
  char *op = operator_of(w->tu, e);
  bool either = !op || strcmp(op, "&&") == 0 || strcmp(op, "||") == 0;
  if (k.len == 2) {
    eval(w, k.items[0], maybe);
    eval(w, k.last, maybe || either); /* the right of && or || may not run */
  }
  if (!op || strcmp(op, "=") == 0)
    assigned(w, k.items[0]);
  free(op);
}

/* An expression, evaluated on the path; `maybe`: it may not run. */
static void eval(struct walker *w, CXCursor e, bool maybe) {
  if (w->now.dead)
    return;
  struct children k = children_of(e);
  switch (clang_getCursorKind(e)) {
  case CXCursor_CallExpr:
    eval_children(w, e, maybe);
    call(w, e, maybe, false);
    return;
  case CXCursor_ConditionalOperator:
    if (k.len == 3) {
      eval(w, k.items[0], maybe);
      eval(w, k.items[1], true);
      eval(w, k.last, true);
    } else { /* a ?: b, GNU's: which part runs is not known */
      eval_children(w, e, true);
    }
    return;
  case CXCursor_BinaryOperator:
    eval_operator(w, e, maybe);
    return;
  case CXCursor_CompoundAssignOperator:
    eval_children(w, e, maybe);
    assigned(w, k.items[0]);
    return;
  case CXCursor_UnaryOperator: {
    eval_children(w, e, maybe);
    char *text = text_of(w->tu, e);
    if (strstr(text, "++") || strstr(text, "--"))
      assigned(w, k.last);
    free(text);
    return;
  }
  case CXCursor_UnaryExpr: /* sizeof: its operand does not run */
    return;
  case CXCursor_StmtExpr: /* ({ ... }): statements inside an expression */
    w->unsure = true;
    return;
  default:
    eval_children(w, e, maybe);
  }
}

/* ---- Conditions ---- */

/* The lock call a condition tests, if it tests only that: `trylock(m) == 0`, `!lock(m)`,
 * `mtx_trylock(m) != thrd_success`; *success_when_true says which branch has the lock. */
static bool tested_call(CXTranslationUnit tu, CXCursor c, CXCursor *call, bool *success_when_true) {
  bool success = false; /* a bare call is true when it failed: 0 is success */
  for (;;) {
    c = under_casts(c);
    enum CXCursorKind kind = clang_getCursorKind(c);
    struct children k = children_of(c);
    char *text = kind == CXCursor_UnaryOperator || kind == CXCursor_BinaryOperator
                     ? (kind == CXCursor_UnaryOperator ? text_of(tu, c) : operator_of(tu, c))
                     : NULL;
    bool negation = kind == CXCursor_UnaryOperator && text[0] == '!' && k.len == 1;
    bool compared = kind == CXCursor_BinaryOperator && text && k.len == 2 &&
                    (strcmp(text, "==") == 0 || strcmp(text, "!=") == 0);
    bool equal = compared && strcmp(text, "==") == 0;
    free(text);
    if (negation) {
      success = !success;
      c = k.last;
      continue;
    }
    if (compared) {
      char *left = text_of(tu, under_casts(k.items[0])), *right = text_of(tu, under_casts(k.last));
      bool zero_right = strcmp(right, "0") == 0 || strcmp(right, "thrd_success") == 0;
      bool zero_left = strcmp(left, "0") == 0 || strcmp(left, "thrd_success") == 0;
      free(left), free(right);
      if (!zero_left && !zero_right)
        return false;
      success = equal ? !success : success;
      c = zero_right ? k.items[0] : k.last;
      continue;
    }
    *call = c;
    *success_when_true = success;
    return lock_call_of(c) != NOT_LOCKING;
  }
}

/* The paths out of a condition: *yes where it is true, *no where false. */
static void branch(struct walker *w, CXCursor cond, struct state *yes, struct state *no) {
  CXCursor c;
  bool success_when_true;
  char *name = NULL;
  if (!w->now.dead && tested_call(w->tu, cond, &c, &success_when_true) &&
      (name = lock_name(w, c)) != NULL) {
    eval_children(w, c, false);
    if (lock_call_of(c) == UNLOCKS) { /* it fails only when the lock was not held */
      give_back(w, name, false);
      *yes = state_copy(&w->now);
      *no = w->now;
    } else {
      struct state failed = state_copy(&w->now);
      take_lock(w, name, line_of(start_of(c), NULL), true);
      *yes = success_when_true ? w->now : failed;
      *no = success_when_true ? failed : w->now;
    }
    free(name);
  } else {
    eval(w, cond, true); /* a lock in another condition may have failed */
    *yes = state_copy(&w->now);
    *no = w->now;
  }
  w->now = (struct state){.dead = true};
}

/* A condition written as a constant: 1 (or true) means a loop that leaves only by a jump,
 * 0 (or false) one that runs once, as `do { ... } while (0)` in a macro does. */
enum constant { NOT_CONSTANT, ALWAYS, NEVER };

static enum constant constant_of(CXCursor cond) {
  cond = under_casts(cond); /* true and false are 1 and 0, by <stdbool.h>'s macros */
  if (clang_getCursorKind(cond) != CXCursor_IntegerLiteral)
    return NOT_CONSTANT;
  CXEvalResult value = clang_Cursor_Evaluate(cond); /* a macro's 0 is not there to read */
  enum constant c = NOT_CONSTANT;
  if (value && clang_EvalResult_getKind(value) == CXEval_Int)
    c = clang_EvalResult_getAsLongLong(value) ? ALWAYS : NEVER;
  if (value)
    clang_EvalResult_dispose(value);
  return c;
}

/* Whether a for statement has a condition: the middle of its three parts is not empty. */
static bool for_has_condition(CXTranslationUnit tu, CXCursor s) {
  if (in_macro(start_of(s)))
    return true; /* its tokens are not there to read: it may end at any turn */
  CXToken *tokens;
  unsigned n;
  clang_tokenize(tu, clang_getCursorExtent(s), &tokens, &n);
  int depth = 0, semicolons = 0;
  bool found = false;
  for (unsigned i = 0; i < n && semicolons < 2; i++) {
    char *t = cursor_take(clang_getTokenSpelling(tu, tokens[i]));
    if (strcmp(t, "(") == 0)
      depth++;
    else if (strcmp(t, ")") == 0 && --depth == 0)
      semicolons = 2;
    else if (depth == 1 && strcmp(t, ";") == 0)
      semicolons++;
    else if (depth >= 1 && semicolons == 1)
      found = true;
    free(t);
  }
  clang_disposeTokens(tu, tokens, n);
  return found;
}

/* ---- Statements ---- */

static void exit_here(struct walker *w, CXSourceLocation at, bool at_end) {
  if (w->now.dead)
    return;
  w->exits++;
  unsigned column, line = line_of(at, &column);
  if (at_end && column > 1)
    column--; /* the end of a body is just past its brace */
  for (size_t i = 0; i < w->now.len; i++) {
    const struct held *h = &w->now.items[i];
    if (!h->sure)
      continue;
    struct candidate *c = ARRAY_PUSH(w->p->candidates, w->p->ncandidates);
    c->found = (struct kept_lock){.file = xstrdup(w->file),
                                  .line = line,
                                  .column = column,
                                  .at_end = at_end,
                                  .function = xstrdup(w->function),
                                  .lock = xstrdup(h->name),
                                  .lock_line = h->line};
    c->usr = xstrdup(w->usr);
    c->key = key_of(h->name);
  }
}

/* What a loop changed is only maybe held after it: a later turn began otherwise. */
static void maybe_where_changed(struct state *out, const struct state *head,
                                const struct state *back) {
  for (size_t i = 0; i < out->len; i++) {
    const struct held *before = state_find(head, out->items[i].name);
    const struct held *after = state_find(back, out->items[i].name);
    if (!before || !after || before->sure != after->sure)
      out->items[i].sure = false;
  }
}

/* A loop: its body walked once, from the state at its head. `cond` is tested before each
 * turn (cond_first) or after; a null cursor when the walk does not know which of a for
 * statement's parts it is (they were evaluated before). `endless`: it leaves only by a
 * jump. */
static void loop(struct walker *w, CXCursor cond, CXCursor body, bool cond_first, bool endless) {
  struct state *outer_breaks = w->breaks, *outer_continues = w->continues;
  struct state breaks = {.dead = true}, continues = {.dead = true}, in, out, back;
  struct state head = state_copy(&w->now);
  bool tested = !clang_Cursor_isNull(cond) && !endless;
  if (cond_first && tested) {
    branch(w, cond, &in, &out);
  } else {
    in = w->now;
    out = (struct state){.dead = true};
  }
  w->now = in;
  w->breaks = &breaks, w->continues = &continues;
  walk(w, body);
  state_join(&w->now, &continues);
  if (!cond_first && tested) {
    struct state no;
    branch(w, cond, &back, &no);
    state_join(&out, &no);
    state_free(&no);
  } else {
    back = w->now;
  }
  w->now = (struct state){.dead = true};
  if (clang_Cursor_isNull(cond) && !endless) { /* it may end at the head of any turn */
    state_join(&out, &head);
    state_join(&out, &back);
  }
  state_join(&out, &breaks);
  if (!back.dead && !state_same(&back, &head)) {
    if (!endless)
      state_join(&out, &back);
    maybe_where_changed(&out, &head, &back);
  }
  state_free(&back), state_free(&continues), state_free(&head), state_free(&breaks);
  w->now = out;
  w->breaks = outer_breaks, w->continues = outer_continues;
}

/* `do { ... } while (0)`: the body once; a break leaves it, a continue too. */
static void walk_once(struct walker *w, CXCursor body) {
  struct state *outer_breaks = w->breaks, *outer_continues = w->continues;
  struct state breaks = {.dead = true}, continues = {.dead = true};
  w->breaks = &breaks, w->continues = &continues;
  walk(w, body);
  state_join(&w->now, &breaks);
  state_join(&w->now, &continues);
  state_free(&breaks), state_free(&continues);
  w->breaks = outer_breaks, w->continues = outer_continues;
}

static void walk_if(struct walker *w, CXCursor s) {
  struct children k = children_of(s);
  if (k.len < 2 || k.len > 3) {
    w->unsure = true;
    return;
  }
  struct state yes, no;
  branch(w, k.items[0], &yes, &no);
  w->now = yes;
  walk(w, k.items[1]);
  yes = w->now;
  w->now = no;
  if (k.len == 3)
    walk(w, k.items[2]);
  state_join(&w->now, &yes);
  state_free(&yes);
}

static void walk_switch(struct walker *w, CXCursor s) {
  struct children k = children_of(s);
  eval(w, k.items[0], false);
  struct state entry = w->now, breaks = {.dead = true};
  struct state *outer_breaks = w->breaks;
  const struct state *outer_entry = w->switch_entry;
  bool *outer_default = w->switch_has_default, has_default = false;
  w->now = (struct state){.dead = true};
  w->breaks = &breaks, w->switch_entry = &entry, w->switch_has_default = &has_default;
  walk(w, k.last);
  state_join(&w->now, &breaks);
  if (!has_default)
    state_join(&w->now, &entry);
  state_free(&entry), state_free(&breaks);
  w->breaks = outer_breaks, w->switch_entry = outer_entry, w->switch_has_default = outer_default;
}

static struct label *label_of(struct walker *w, const char *name) {
  for (size_t i = 0; i < w->nlabels; i++)
    if (strcmp(w->labels[i].name, name) == 0)
      return &w->labels[i];
  struct label *l = ARRAY_PUSH(w->labels, w->nlabels);
  *l = (struct label){xstrdup(name), {.dead = true}, false};
  return l;
}

/* break and continue: the path goes on where the loop or switch ends, or at its next turn. */
static void jump(struct walker *w, struct state *to) {
  if (!to)
    w->unsure = true;
  else
    state_join(to, &w->now);
  state_free(&w->now);
}

static void walk_goto(struct walker *w, CXCursor s) {
  char *name = cursor_take(clang_getCursorSpelling(children_of(s).items[0]));
  struct label *l = label_of(w, name);
  free(name);
  if (l->seen)
    w->unsure = true; /* a goto back is a loop the walk does not follow */
  else
    state_join(&l->state, &w->now);
  state_free(&w->now);
}

static void walk_label(struct walker *w, CXCursor s) {
  char *name = cursor_take(clang_getCursorSpelling(s));
  struct label *l = label_of(w, name);
  free(name);
  state_join(&w->now, &l->state);
  l->seen = true;
  walk(w, children_of(s).last);
}

static void walk_case(struct walker *w, CXCursor s, bool is_default) {
  if (!w->switch_entry) {
    w->unsure = true;
    return;
  }
  state_join(&w->now, w->switch_entry);
  if (is_default)
    *w->switch_has_default = true;
  walk(w, children_of(s).last);
}

static enum CXChildVisitResult walk_child(CXCursor c, CXCursor parent, CXClientData w) {
  (void)parent;
  walk(w, c);
  return CXChildVisit_Continue;
}

static enum CXChildVisitResult walk_declaration(CXCursor c, CXCursor parent, CXClientData w) {
  (void)parent;
  CXCursor init = clang_Cursor_getVarDeclInitializer(c);
  if (clang_getCursorKind(c) == CXCursor_VarDecl && !clang_Cursor_isNull(init))
    eval(w, init, false);
  return CXChildVisit_Continue;
}

static void walk_for(struct walker *w, CXCursor s) {
  struct children k = children_of(s);
  for (unsigned i = 0; i + 1 < k.len && i < CURSOR_MAX_CHILDREN; i++) /* its header */
    eval(w, k.items[i], true);
  loop(w, clang_getNullCursor(), k.last, true, !for_has_condition(w->tu, s));
}

/* A statement that is a call, its result thrown away; or a cast of one. */
static void statement_call(struct walker *w, CXCursor s) {
  CXCursor c = under_casts(s);
  if (clang_getCursorKind(c) != CXCursor_CallExpr) {
    eval(w, s, false);
    return;
  }
  if (w->now.dead)
    return;
  eval_children(w, c, false);
  call(w, c, false, true);
  if (never_returns(c))
    state_free(&w->now);
}

static void walk(struct walker *w, CXCursor s) {
  struct children k = children_of(s);
  enum CXCursorKind kind = clang_getCursorKind(s);
  switch (kind) {
  case CXCursor_CompoundStmt:
    clang_visitChildren(s, walk_child, w);
    return;
  case CXCursor_DeclStmt:
    clang_visitChildren(s, walk_declaration, w);
    return;
  case CXCursor_IfStmt:
    walk_if(w, s);
    return;
  case CXCursor_WhileStmt:
    loop(w, k.items[0], k.last, true, constant_of(k.items[0]) == ALWAYS);
    return;
  case CXCursor_DoStmt:
    if (constant_of(k.last) == NEVER) /* one turn: a block */
      walk_once(w, k.items[0]);
    else
      loop(w, k.last, k.items[0], false, constant_of(k.last) == ALWAYS);
    return;
  case CXCursor_ForStmt:
    walk_for(w, s);
    return;
  case CXCursor_SwitchStmt:
    walk_switch(w, s);
    return;
  case CXCursor_CaseStmt:
  case CXCursor_DefaultStmt:
    walk_case(w, s, kind == CXCursor_DefaultStmt);
    return;
  case CXCursor_BreakStmt:
    jump(w, w->breaks);
    return;
  case CXCursor_ContinueStmt:
    jump(w, w->continues);
    return;
  case CXCursor_ReturnStmt:
    if (k.len > 0)
      eval(w, k.last, false);
    exit_here(w, start_of(s), false);
    state_free(&w->now);
    return;
  case CXCursor_GotoStmt:
    walk_goto(w, s);
    return;
  case CXCursor_LabelStmt:
    walk_label(w, s);
    return;
  case CXCursor_IndirectGotoStmt:
    w->unsure = true;
    return;
  case CXCursor_NullStmt:
    return;
  case CXCursor_CallExpr:
  case CXCursor_CStyleCastExpr: /* (void)pthread_mutex_lock(&m); */
    statement_call(w, s);
    return;
  default:
    if (clang_isExpression(kind))
      eval(w, s, false);
    else if (kind != CXCursor_AsmStmt)
      w->unsure = true;
  }
}

/* ---- Functions ---- */

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData body) {
  (void)parent;
  if (clang_getCursorKind(c) != CXCursor_CompoundStmt)
    return CXChildVisit_Continue;
  *(CXCursor *)body = c;
  return CXChildVisit_Break;
}

/* A cleanup attribute runs code at every way out, which the walk does not follow. */
static bool has_cleanup(CXTranslationUnit tu, CXCursor fn) {
  CXToken *tokens;
  unsigned n;
  clang_tokenize(tu, clang_getCursorExtent(fn), &tokens, &n);
  bool found = false;
  for (unsigned i = 0; i < n && !found; i++) {
    char *t = cursor_take(clang_getTokenSpelling(tu, tokens[i]));
    found = strcmp(t, "cleanup") == 0 || strcmp(t, "__cleanup__") == 0;
    free(t);
  }
  clang_disposeTokens(tu, tokens, n);
  return found;
}

static void parameters_of(CXCursor fn, struct strlist *out) {
  for (int i = 0, n = clang_Cursor_getNumArguments(fn); i < n; i++)
    strlist_push(out,
                 cursor_take(clang_getCursorSpelling(clang_Cursor_getArgument(fn, (unsigned)i))));
}

static int parameter_index(const struct strlist *parameters, const char *name) {
  char *root = root_of(name);
  int found = -1;
  for (size_t i = 0; i < parameters->len && found < 0; i++)
    if (strcmp(parameters->items[i], root) == 0)
      found = (int)i;
  free(root);
  return found;
}

/* Drops what the function found if it is not judged, and a lock it holds at every way out
 * without ever unlocking it: it locks for its caller (main has none). */
static bool locks_for_caller(const struct walker *w, size_t first, const char *lock) {
  size_t holding = 0;
  for (size_t j = first; j < w->p->ncandidates; j++)
    holding += strcmp(w->p->candidates[j].found.lock, lock) == 0;
  for (size_t j = 0; j < w->unlocked.len; j++)
    if (strcmp(w->unlocked.items[j], lock) == 0)
      return false;
  return holding == w->exits && strcmp(w->function, "main") != 0;
}

static void settle(struct walker *w, size_t first) {
  struct lock_paths *p = w->p;
  size_t n = p->ncandidates - first;
  bool *dropped = xmalloc(n + 1);
  for (size_t i = 0; i < n; i++)
    dropped[i] = w->unsure || locks_for_caller(w, first, p->candidates[first + i].found.lock);
  size_t kept = first;
  for (size_t i = 0; i < n; i++) {
    struct candidate *c = &p->candidates[first + i];
    if (dropped[i]) {
      kept_lock_free(&c->found);
      free(c->usr), free(c->key);
    } else {
      p->candidates[kept++] = *c;
    }
  }
  p->ncandidates = kept;
  free(dropped);
}

static void walk_function(struct lock_paths *p, CXTranslationUnit tu, CXCursor fn, CXCursor body) {
  CXFile file;
  clang_getExpansionLocation(clang_getCursorLocation(fn), &file, NULL, NULL, NULL);
  struct walker w = {.p = p,
                     .tu = tu,
                     .function = cursor_take(clang_getCursorSpelling(fn)),
                     .usr = cursor_take(clang_getCursorUSR(fn)),
                     .file = cursor_take(clang_getFileName(file)),
                     .unsure = has_cleanup(tu, fn)};
  parameters_of(fn, &w.parameters);
  size_t first = p->ncandidates;
  walk(&w, body);
  exit_here(&w, clang_getRangeEnd(clang_getCursorExtent(body)), true);
  settle(&w, first);
  state_free(&w.now);
  for (size_t i = 0; i < w.nlabels; i++) {
    free(w.labels[i].name);
    state_free(&w.labels[i].state);
  }
  free(w.labels);
  strlist_free(&w.unlocked), strlist_free(&w.parameters);
  free(w.function), free(w.usr), free(w.file);
}

/* ---- Summaries, before the walks ---- */

struct summary_scan {
  CXTranslationUnit tu;
  struct strlist parameters, locked, unlocked;
  bool calls_out; /* a call to a function of the program's own */
};

static enum CXChildVisitResult scan_call(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  struct summary_scan *s = data;
  if (clang_getCursorKind(c) != CXCursor_CallExpr)
    return CXChildVisit_Recurse;
  enum lock_call kind = lock_call_of(c);
  CXCursor callee = clang_getCursorReferenced(c);
  if (kind == NOT_LOCKING)
    s->calls_out |= clang_Cursor_isNull(callee) || !is_system(clang_getCursorLocation(callee));
  else if (clang_Cursor_getNumArguments(c) > 0)
    strlist_push(kind == UNLOCKS ? &s->unlocked : &s->locked,
                 text_of(s->tu, under_casts(clang_Cursor_getArgument(c, 0))));
  return CXChildVisit_Recurse;
}

static void summarise(struct lock_paths *p, CXTranslationUnit tu, CXCursor fn, CXCursor body) {
  struct summary_scan s = {.tu = tu};
  parameters_of(fn, &s.parameters);
  clang_visitChildren(body, scan_call, &s);
  struct summary sum = {.usr = cursor_take(clang_getCursorUSR(fn)),
                        .quiet = !s.calls_out && s.locked.len == 0 && s.unlocked.len == 0,
                        .releases = -1};
  for (size_t i = 0; i < s.unlocked.len && sum.releases < 0; i++) {
    bool taken = false;
    for (size_t j = 0; j < s.locked.len && !taken; j++)
      taken = strcmp(s.locked.items[j], s.unlocked.items[i]) == 0;
    int parameter = taken ? -1 : parameter_index(&s.parameters, s.unlocked.items[i]);
    if (parameter >= 0) {
      sum.releases = parameter;
      sum.key = key_of(s.unlocked.items[i]);
    }
  }
  *ARRAY_PUSH(p->summaries, p->nsummaries) = sum;
  strlist_free(&s.parameters), strlist_free(&s.locked), strlist_free(&s.unlocked);
}

typedef void function_visit(struct lock_paths *p, CXTranslationUnit tu, CXCursor fn, CXCursor body);

struct each_function {
  struct lock_paths *p;
  CXTranslationUnit tu;
  function_visit *visit;
};

static enum CXChildVisitResult visit_function(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  const struct each_function *e = data;
  CXCursor body = clang_getNullCursor();
  if (clang_getCursorKind(c) == CXCursor_FunctionDecl && clang_isCursorDefinition(c) &&
      !clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
    clang_visitChildren(c, find_body, &body);
  if (!clang_Cursor_isNull(body))
    e->visit(e->p, e->tu, c, body);
  return CXChildVisit_Continue;
}

void lock_paths_walk(struct lock_paths *p, CXTranslationUnit tu) {
  CXCursor top = clang_getTranslationUnitCursor(tu);
  struct each_function summaries = {p, tu, summarise}, walks = {p, tu, walk_function};
  clang_visitChildren(top, visit_function, &summaries);
  clang_visitChildren(top, visit_function, &walks);
}

/* A lock another function unlocks without taking it may be left to that function; one the
 * function itself unlocked without taking it is its caller's, given back and taken again
 * ("unlock, wait, relock"), which the caller still holds when it returns. */
static bool handed_over(const struct lock_paths *p, const struct candidate *c) {
  for (size_t i = 0; i < p->norphans; i++)
    if (strcmp(p->orphans[i].key, c->key) == 0)
      return true;
  return false;
}

void lock_paths_finish(struct lock_paths *p, struct kept_locks *out) {
  for (size_t i = 0; i < p->ncandidates; i++) {
    struct candidate *c = &p->candidates[i];
    if (handed_over(p, c))
      kept_lock_free(&c->found);
    else
      *ARRAY_PUSH(out->items, out->len) = c->found;
    free(c->usr), free(c->key);
  }
  for (size_t i = 0; i < p->norphans; i++)
    free(p->orphans[i].usr), free(p->orphans[i].key);
  for (size_t i = 0; i < p->nsummaries; i++)
    free(p->summaries[i].usr), free(p->summaries[i].key);
  free(p->candidates), free(p->orphans), free(p->summaries);
  free(p);
}
