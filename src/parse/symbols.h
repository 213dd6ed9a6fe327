/* Names for places in a program's executable, read from its symbol table and DWARF with
 * elfutils, as gdb gives them but without attaching to anything: a code address's function
 * (the innermost inlined one), file and line; a data address's variable, down to the struct
 * field or array element ("acct.mu"). What the lock ledger's addresses mean. */
#ifndef RACECHECK_SYMBOLS_H
#define RACECHECK_SYMBOLS_H

#include "report.h"

#include <stddef.h>

/* Offsets are from the executable's ELF header as the program loaded it: what the ledger
 * writes. A code offset is a return address, looked up one byte before, in the call. */
struct code_name {
  unsigned long long offset;
  struct frame frame; /* func, file (a base name) and line; each unknown left empty */
};

/* How a variable's bytes read as a value, from its type in the DWARF when that is one of
 * C's scalar types; VALUE_UNKNOWN for anything else (a struct, an array, a pointer, a field
 * inside a variable), whose value racecheck does not tell. */
enum value_kind { VALUE_UNKNOWN, VALUE_SIGNED, VALUE_UNSIGNED, VALUE_BOOL, VALUE_FLOAT };

struct data_name {
  unsigned long long offset;
  char *name;
  enum value_kind kind; /* the variable that starts at offset */
  unsigned long long size;
};

struct symbols {
  struct code_name *code;
  size_t ncode;
  struct data_name *data;
  size_t ndata;
};

/* Names what it can of the given offsets in the executable at `path`; returns 0, or -1 when
 * the file cannot be read as an ELF executable (the names are left empty). */
int symbols_read(const char *path, const unsigned long long *code, size_t ncode,
                 const unsigned long long *data, size_t ndata, struct symbols *out);
/* What symbols_read found for an offset, or NULL. */
const struct frame *symbols_code(const struct symbols *s, unsigned long long offset);
const char *symbols_data(const struct symbols *s, unsigned long long offset);
/* How the variable that starts at offset reads, and its size; VALUE_UNKNOWN if none does. */
enum value_kind symbols_value_kind(const struct symbols *s, unsigned long long offset,
                                   unsigned long long *size);
void symbols_free(struct symbols *s);

#endif
