/* The symbols of an executable, read with elfutils' libelf: what racecheck finds of a
 * program it built (the scheduler's variables, the shim's ledger instruction). */
#ifndef RACECHECK_ELF_SYMBOLS_H
#define RACECHECK_ELF_SYMBOLS_H

#include <gelf.h>

/* Calls visit with each symbol of the executable's symbol tables named `name`. */
void elf_each_symbol_named(Elf *elf, const char *name,
                           void (*visit)(const GElf_Sym *symbol, void *context), void *context);

#endif
