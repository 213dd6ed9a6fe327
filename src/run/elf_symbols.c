#include "elf_symbols.h"

#include <string.h>

void elf_each_symbol_named(Elf *elf, const char *name,
                           void (*visit)(const GElf_Sym *symbol, void *context), void *context) {
  for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
    GElf_Shdr sh;
    Elf_Data *data =
        gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB ? elf_getdata(scn, NULL) : NULL;
    for (size_t i = 0; data && sh.sh_entsize && i < sh.sh_size / sh.sh_entsize; i++) {
      GElf_Sym sym;
      const char *sym_name =
          gelf_getsym(data, (int)i, &sym) ? elf_strptr(elf, sh.sh_link, sym.st_name) : NULL;
      if (sym_name && strcmp(sym_name, name) == 0)
        visit(&sym, context);
    }
  }
}
