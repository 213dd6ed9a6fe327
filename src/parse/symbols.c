#include "symbols.h"

#include "array.h"
#include "text.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

/* A type nested deeper than this is not followed, and the name says so: only a DWARF that
 * loops would get there (a struct cannot hold itself). */
enum { MAX_TYPE_DEPTH = 256 };

/* The executable's own DWARF only: no separate debug files, no network. */
static int no_separate_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
                                 Dwarf_Addr base, const char *file, const char *debuglink,
                                 GElf_Word crc, char **path) {
  (void)mod, (void)userdata, (void)modname, (void)base, (void)file, (void)debuglink, (void)crc,
      (void)path;
  return -1;
}

static const Dwfl_Callbacks OFFLINE = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = no_separate_debuginfo,
    .section_address = dwfl_offline_section_address,
};

/* Where the ELF header is in the module's addresses: the segment that maps file offset 0. */
static int header_address(Dwfl_Module *mod, Dwarf_Addr *out) {
  GElf_Addr bias = 0;
  Elf *elf = dwfl_module_getelf(mod, &bias);
  size_t n = 0;
  if (!elf || elf_getphdrnum(elf, &n) != 0)
    return -1;
  for (size_t i = 0; i < n; i++) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD && ph.p_offset == 0) {
      *out = ph.p_vaddr + bias;
      return 0;
    }
  }
  return -1;
}

static const char *die_name(Dwarf_Die *die) {
  Dwarf_Attribute attr;
  return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

/* The compilation unit whose code holds addr, by its ranges: a program need not have the
 * .debug_aranges index that libdw would look in first. */
static Dwarf_Die *cu_at(Dwfl_Module *mod, Dwarf_Addr addr, Dwarf_Addr *bias) {
  for (Dwarf_Die *cu = NULL; (cu = dwfl_module_nextcu(mod, cu, bias));)
    if (dwarf_haspc(cu, addr - *bias) == 1)
      return cu;
  return NULL;
}

/* The innermost function at addr, an inlined one included, as gdb's newest frame names it. */
static const char *function_at(Dwarf_Die *cu, Dwarf_Addr pc) {
  Dwarf_Die *scopes = NULL;
  int n = cu ? dwarf_getscopes(cu, pc, &scopes) : 0;
  const char *name = NULL;
  for (int i = 0; i < n && !name; i++)
    if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram ||
        dwarf_tag(&scopes[i]) == DW_TAG_inlined_subroutine)
      name = die_name(&scopes[i]);
  free(scopes);
  return name;
}

static void name_code(Dwfl_Module *mod, Dwarf_Addr addr, struct frame *out) {
  Dwarf_Addr bias = 0;
  Dwarf_Die *cu = cu_at(mod, addr, &bias);
  const char *func = cu ? function_at(cu, addr - bias) : NULL;
  Dwarf_Line *line = cu ? dwarf_getsrc_die(cu, addr - bias) : NULL;
  int lineno = 0;
  const char *file = line ? dwarf_linesrc(line, NULL, NULL) : NULL;
  if (!func)
    func = dwfl_module_addrname(mod, addr);
  if (line)
    dwarf_lineno(line, &lineno);
  *out = (struct frame){.func = func ? xstrdup(func) : NULL,
                        .file = file ? xstrdup(path_basename(file)) : NULL,
                        .line = file ? lineno : 0};
}

static int type_of(Dwarf_Die *die, Dwarf_Die *out) {
  Dwarf_Attribute attr;
  return dwarf_formref_die(dwarf_attr_integrate(die, DW_AT_type, &attr), out) ? 0 : -1;
}

static int size_of(Dwarf_Die *type, Dwarf_Word *out) {
  return dwarf_aggregate_size(type, out) == 0 && *out > 0 ? 0 : -1;
}

static void add_path(Dwarf_Die *type, Dwarf_Word off, struct buf *b, int depth);

/* A struct's member that holds byte `off`: ".name", and on into it. */
static void add_member(Dwarf_Die *type, Dwarf_Word off, struct buf *b, int depth) {
  Dwarf_Die m, mt;
  if (dwarf_child(type, &m) != 0)
    return;
  do {
    Dwarf_Attribute attr;
    Dwarf_Word start = 0, size = 0;
    const char *name = die_name(&m);
    if (dwarf_tag(&m) != DW_TAG_member || !name || type_of(&m, &mt) != 0 ||
        size_of(&mt, &size) != 0)
      continue;
    dwarf_formudata(dwarf_attr(&m, DW_AT_data_member_location, &attr), &start);
    if (start <= off && off - start < size) {
      buf_printf(b, ".%s", name);
      add_path(&mt, off - start, b, depth + 1);
      return;
    }
  } while (dwarf_siblingof(&m, &m) == 0);
}

/* Into a struct by its members and into an array by its elements, as far as `off` goes; a
 * union, such as pthread_mutex_t, is where it stops. */
static void add_path(Dwarf_Die *type, Dwarf_Word off, struct buf *b, int depth) {
  Dwarf_Die t, element;
  Dwarf_Word size = 0;
  if (depth > MAX_TYPE_DEPTH) {
    buf_adds(b, "(members nested deeper not followed)");
    return;
  }
  if (dwarf_peel_type(type, &t) != 0)
    return;
  if (dwarf_tag(&t) == DW_TAG_structure_type) {
    add_member(&t, off, b, depth);
  } else if (dwarf_tag(&t) == DW_TAG_array_type && type_of(&t, &element) == 0 &&
             size_of(&element, &size) == 0) {
    buf_printf(b, "[%llu]", (unsigned long long)(off / size));
    add_path(&element, off % size, b, depth + 1);
  }
}

/* The DWARF of a global or static variable the symbol table names. */
static int find_variable(Dwfl_Module *mod, const char *name, Dwarf_Die *out) {
  Dwarf_Addr bias;
  for (Dwarf_Die *cu = NULL; (cu = dwfl_module_nextcu(mod, cu, &bias));) {
    if (dwarf_child(cu, out) != 0)
      continue;
    do {
      const char *n = die_name(out);
      Dwarf_Die type;
      if (dwarf_tag(out) == DW_TAG_variable && n && strcmp(n, name) == 0 &&
          type_of(out, &type) == 0)
        return 0;
    } while (dwarf_siblingof(out, out) == 0);
  }
  return -1;
}

/* A scalar type's reading, through typedefs and qualifiers. */
static enum value_kind kind_of(Dwarf_Die *type, unsigned long long *size) {
  Dwarf_Die t;
  Dwarf_Attribute attr;
  Dwarf_Word encoding = 0;
  int bytes = 0;
  if (dwarf_peel_type(type, &t) != 0 || dwarf_tag(&t) != DW_TAG_base_type ||
      dwarf_formudata(dwarf_attr(&t, DW_AT_encoding, &attr), &encoding) != 0 ||
      (bytes = dwarf_bytesize(&t)) <= 0)
    return VALUE_UNKNOWN;
  *size = (unsigned long long)bytes;
  switch (encoding) {
  case DW_ATE_signed:
  case DW_ATE_signed_char:
    return VALUE_SIGNED;
  case DW_ATE_unsigned:
  case DW_ATE_unsigned_char:
    return VALUE_UNSIGNED;
  case DW_ATE_boolean:
    return VALUE_BOOL;
  case DW_ATE_float:
    return bytes == 4 || bytes == 8 ? VALUE_FLOAT : VALUE_UNKNOWN;
  default:
    return VALUE_UNKNOWN;
  }
}

static void name_data(Dwfl_Module *mod, Dwarf_Addr addr, struct data_name *out) {
  GElf_Sym sym;
  GElf_Off off = 0;
  const char *name = dwfl_module_addrinfo(mod, addr, &off, &sym, NULL, NULL, NULL);
  if (!name || GELF_ST_TYPE(sym.st_info) != STT_OBJECT)
    return;
  struct buf b = {0};
  buf_adds(&b, name);
  Dwarf_Die var, type;
  if (find_variable(mod, name, &var) == 0 && type_of(&var, &type) == 0) {
    add_path(&type, off, &b, 0);
    if (off == 0)
      out->kind = kind_of(&type, &out->size);
  }
  out->name = b.data;
}

int symbols_read(const char *path, const unsigned long long *code, size_t ncode,
                 const unsigned long long *data, size_t ndata, struct symbols *out) {
  *out = (struct symbols){0};
  Dwfl *dwfl = dwfl_begin(&OFFLINE);
  Dwfl_Module *mod = dwfl ? dwfl_report_offline(dwfl, "", path, -1) : NULL;
  Dwarf_Addr header = 0;
  if (dwfl)
    dwfl_report_end(dwfl, NULL, NULL);
  int ok = mod && header_address(mod, &header) == 0;
  for (size_t i = 0; ok && i < ncode; i++) {
    struct code_name *c = ARRAY_PUSH(out->code, out->ncode);
    c->offset = code[i];
    name_code(mod, header + code[i] - 1, &c->frame);
  }
  for (size_t i = 0; ok && i < ndata; i++) {
    struct data_name *d = ARRAY_PUSH(out->data, out->ndata);
    *d = (struct data_name){.offset = data[i]};
    name_data(mod, header + data[i], d);
  }
  if (dwfl)
    dwfl_end(dwfl);
  return ok ? 0 : -1;
}

const struct frame *symbols_code(const struct symbols *s, unsigned long long offset) {
  for (size_t i = 0; i < s->ncode; i++)
    if (s->code[i].offset == offset)
      return &s->code[i].frame;
  return NULL;
}

const char *symbols_data(const struct symbols *s, unsigned long long offset) {
  for (size_t i = 0; i < s->ndata; i++)
    if (s->data[i].offset == offset)
      return s->data[i].name;
  return NULL;
}

enum value_kind symbols_value_kind(const struct symbols *s, unsigned long long offset,
                                   unsigned long long *size) {
  for (size_t i = 0; i < s->ndata; i++)
    if (s->data[i].offset == offset) {
      *size = s->data[i].size;
      return s->data[i].kind;
    }
  return VALUE_UNKNOWN;
}

void symbols_free(struct symbols *s) {
  for (size_t i = 0; i < s->ncode; i++)
    frame_free(&s->code[i].frame);
  for (size_t i = 0; i < s->ndata; i++)
    free(s->data[i].name);
  free(s->code);
  free(s->data);
  *s = (struct symbols){0};
}
