/* What vet found, as words and freed: the part of vet that needs no libclang. */
#include "vet.h"

#include "text.h"

#include <stdbool.h>
#include <stdlib.h>

void vet_finding_free(struct vet_finding *f) {
  for (size_t i = 0; i < f->path_len; i++) {
    free(f->path[i].type);
    free(f->path[i].member);
  }
  free(f->path);
  free(f->file);
  free(f->name);
  free(f->lock);
}

void vet_findings_free(struct vet_findings *list) {
  for (size_t i = 0; i < list->len; i++)
    vet_finding_free(&list->items[i]);
  free(list->items);
  *list = (struct vet_findings){0};
}

static const struct {
  const char *name;
  const char *before; /* the message before the finding's name */
  const char *after;  /* after it; NULL: the message does not name it */
} KINDS[] = {
    [VET_PASS_BY_VALUE_DECL] = {"PASS_BY_VALUE_DECL", "", " passes lock by value"},
    [VET_RETURNS_BY_VALUE_DECL] = {"RETURNS_BY_VALUE_DECL", "", " returns lock by value"},
    [VET_CALL_COPIES] = {"CALL_COPIES", "call of ", " copies lock value"},
    [VET_RETURN_COPIES] = {"RETURN_COPIES", "return copies lock value", NULL},
    [VET_ASSIGN_COPIES] = {"ASSIGN_COPIES", "assignment copies lock value to ", ""},
    [VET_INIT_COPIES] = {"INIT_COPIES", "variable declaration copies lock value to ", ""},
    [VET_COMPOUND_LITERAL_COPIES] = {"COMPOUND_LITERAL_COPIES", "literal copies lock value from ",
                                     ""},
    [VET_MEMCPY_COPIES] = {"MEMCPY_COPIES", "call of ", " copies lock value"},
    [VET_RETURN_HOLDS_LOCK] = {"RETURN_HOLDS_LOCK", "this return leaves ", " holding "},
    [VET_END_HOLDS_LOCK] = {"END_HOLDS_LOCK", "the end of ", " is reached holding "},
};

static bool holds_lock(enum vet_kind kind) {
  return kind == VET_RETURN_HOLDS_LOCK || kind == VET_END_HOLDS_LOCK;
}

const char *vet_checker_name(enum vet_kind kind) {
  return holds_lock(kind) ? "unlockpaths" : "copylocks";
}

const char *vet_kind_name(enum vet_kind kind) {
  return KINDS[kind].name;
}

char *vet_message(const struct vet_finding *f) {
  if (holds_lock(f->kind))
    return xasprintf("%s%s%s%s, locked on line %u", KINDS[f->kind].before, f->name,
                     KINDS[f->kind].after, f->lock, f->lock_line);
  struct buf line = {0};
  buf_adds(&line, KINDS[f->kind].before);
  if (KINDS[f->kind].after)
    buf_printf(&line, "%s%s", f->name, KINDS[f->kind].after);
  buf_adds(&line, ": ");
  for (size_t i = 0; i < f->path_len; i++) {
    buf_printf(&line, "%s%s", i ? " contains " : "", f->path[i].type);
    if (f->path[i].member)
      buf_printf(&line, " %s", f->path[i].member);
  }
  return line.data;
}

char *vet_render(const struct vet_finding *f) {
  char *message = vet_message(f);
  char *line = xasprintf("%s:%u:%u: %s", f->file, f->line, f->column, message);
  free(message);
  return line;
}
