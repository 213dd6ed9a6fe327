#include "schedule.h"

#include "array.h"
#include "elf_symbols.h"
#include "text.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The calls the shim wraps and the scheduler stops at (shim/lock_ledger.c, sched_points.c). */
static const char *const CALLS[] = {
    "pthread_create",
    "pthread_join",
    "pthread_mutex_lock",
    "pthread_mutex_trylock",
    "pthread_mutex_timedlock",
    "pthread_mutex_unlock",
    "pthread_rwlock_rdlock",
    "pthread_rwlock_wrlock",
    "pthread_rwlock_unlock",
    "pthread_cond_wait",
    "pthread_cond_timedwait",
    "pthread_cond_signal",
    "pthread_cond_broadcast",
    "mtx_lock",
    "mtx_trylock",
    "mtx_unlock",
    "cnd_wait",
    "cnd_signal",
    "cnd_broadcast",
    "close",
};

int schedule_call_known(const char *word) {
  for (size_t i = 0; i < sizeof CALLS / sizeof CALLS[0]; i++)
    if (strcmp(word, CALLS[i]) == 0)
      return 1;
  return 0;
}

/* main is 0, A the first thread created, B the second... */
static int thread_number(const char *name, size_t len) {
  if (len == 4 && strncmp(name, "main", 4) == 0)
    return 0;
  if (len == 1 && name[0] >= 'A' && name[0] <= 'Z')
    return name[0] - 'A' + 1;
  return -1;
}

/* Where the ELF header is in the executable's addresses: the segment at file offset 0. */
static int header_address(Elf *elf, GElf_Addr *out) {
  size_t n = 0;
  if (elf_getphdrnum(elf, &n) != 0)
    return -1;
  for (size_t i = 0; i < n; i++) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD && ph.p_offset == 0) {
      *out = ph.p_vaddr;
      return 0;
    }
  }
  return -1;
}

struct objects {
  GElf_Addr header;
  struct byte_range **out;
  size_t *n;
};

static void add_object(const GElf_Sym *sym, void *context) {
  struct objects *o = context;
  if (GELF_ST_TYPE(sym->st_info) == STT_OBJECT)
    *ARRAY_PUSH(*o->out, *o->n) =
        (struct byte_range){sym->st_value - o->header, sym->st_size ? sym->st_size : 1};
}

/* The bytes of every object of the executable named `name`, as offsets from its ELF
 * header, pushed onto *out. */
static void variables_named(Elf *elf, const char *name, struct byte_range **out, size_t *n) {
  struct objects o = {.out = out, .n = n};
  if (header_address(elf, &o.header) == 0)
    elf_each_symbol_named(elf, name, add_object, &o);
}

/* The variable's offset from the ELF header and its size; how many objects bear the name. */
static int find_variable(Elf *elf, const char *name, GElf_Addr *offset, GElf_Xword *size) {
  struct byte_range *found = NULL;
  size_t n = 0;
  variables_named(elf, name, &found, &n);
  if (n) {
    *offset = found[n - 1].offset;
    *size = found[n - 1].size;
  }
  free(found);
  return (int)n;
}

static int compile_step(const char *word, size_t number, Elf *elf, int calls_only, struct buf *out,
                        char **error) {
  const char *colon = strchr(word, ':');
  int thread = thread_number(word, colon ? (size_t)(colon - word) : strlen(word));
  if (thread >= 0 && !colon) { /* a thread alone: it runs until it ends */
    buf_printf(out, "%s%d:c:(end)", out->len ? " " : "", thread);
    return 0;
  }
  if (thread < 0) {
    *error = xasprintf("schedule step %zu (%s): say the thread as main, or A, B, ... in the "
                       "order the threads are created, alone or with a colon and what it "
                       "does next",
                       number, word);
    return -1;
  }
  const char *what = colon + 1;
  if (schedule_call_known(what)) {
    buf_printf(out, "%s%d:c:%s", out->len ? " " : "", thread, what);
    return 0;
  }
  if (calls_only)
    return 1;
  GElf_Addr offset = 0;
  GElf_Xword size = 0;
  int found = elf ? find_variable(elf, what, &offset, &size) : 0;
  if (found != 1) {
    *error = xasprintf("schedule step %zu (%s): %s", number, word,
                       found ? "more than one variable of the program has that name"
                             : "the program has no global or static variable of that name, and "
                               "the scheduler stops at no call of that name");
    return -1;
  }
  buf_printf(out, "%s%d:v:%llx:%llu", out->len ? " " : "", thread, (unsigned long long)offset,
             (unsigned long long)size);
  return 0;
}

/* The bytes of the program's global and static variables (.data and .bss), from its
 * ELF header: what an explored schedule's points are accesses to. */
static void watch_globals(Elf *elf, struct buf *out) {
  GElf_Addr header = 0, lo = 0, hi = 0;
  size_t names = 0;
  if (!elf || header_address(elf, &header) != 0 || elf_getshdrstrndx(elf, &names) != 0)
    return;
  for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
    GElf_Shdr sh;
    const char *name = gelf_getshdr(scn, &sh) ? elf_strptr(elf, names, sh.sh_name) : NULL;
    if (!name || (strcmp(name, ".data") != 0 && strcmp(name, ".bss") != 0) || !sh.sh_size)
      continue;
    if (!hi || sh.sh_addr < lo)
      lo = sh.sh_addr;
    if (sh.sh_addr + sh.sh_size > hi)
      hi = sh.sh_addr + sh.sh_size;
  }
  if (hi > lo && lo >= header)
    buf_printf(out, "w:%llx:%llu", (unsigned long long)(lo - header),
               (unsigned long long)(hi - lo));
}

/* "@balance": each access to the variable is a point too, as each is in a lesson's steps.
 * It is said as a step of main's that is never waited for: picking, steps order nothing. */
static int compile_watch(const char *word, size_t number, Elf *elf, struct buf *out, char **error) {
  if (schedule_call_known(word + 1)) {
    *error = xasprintf("schedule pick %zu (%s): a call is a point already; @ names a variable",
                       number, word);
    return -1;
  }
  char *step = xasprintf("main:%s", word + 1);
  int rc = compile_step(step, number, elf, 0, out, error);
  free(step);
  return rc;
}

/* "A", "B*3", "main*2": the thread picked at the next choices. */
static int compile_pick(const char *word, size_t number, Elf *elf, struct buf *out, char **error) {
  if (starts_with(word, "pct:")) {
    buf_printf(out, " %s", word);
    return 0;
  }
  if (word[0] == '@')
    return compile_watch(word, number, elf, out, error);
  const char *star = strchr(word, '*');
  int thread = thread_number(word, star ? (size_t)(star - word) : strlen(word));
  char *end = NULL;
  long times = star ? strtol(star + 1, &end, 10) : 1;
  if (thread < 0 || times < 1 || times > 100000 || (end && *end)) {
    *error = xasprintf("schedule pick %zu (%s): say the thread that goes on at the next choice, "
                       "as main, or A, B, ... in the order the threads are created, and how "
                       "many choices in a row, as B*3",
                       number, word);
    return -1;
  }
  for (long i = 0; i < times; i++)
    buf_printf(out, " =%d", thread);
  return 0;
}

static int compile_words(const char *text, Elf *elf, int calls_only, struct buf *compiled,
                         char **error) {
  struct strlist words = {0};
  int picks = starts_with(text, SCHEDULE_PICKS);
  split_words(picks ? text + strlen(SCHEDULE_PICKS) : text, " \t", &words);
  if (picks)
    watch_globals(elf, compiled);
  int rc = 0;
  for (size_t i = 0; i < words.len && rc == 0; i++)
    rc = picks ? compile_pick(words.items[i], i + 1, elf, compiled, error)
               : compile_step(words.items[i], i + 1, elf, calls_only, compiled, error);
  strlist_free(&words);
  return rc;
}

char *schedule_picks_text(const int *picks, size_t n) {
  struct buf text = {0};
  buf_adds(&text, SCHEDULE_PICKS);
  for (size_t i = 0; i < n;) {
    size_t run = 1;
    while (i + run < n && picks[i + run] == picks[i])
      run++;
    if (picks[i] == 0)
      buf_adds(&text, " main");
    else
      buf_printf(&text, " %c", 'A' + picks[i] - 1);
    if (run > 1)
      buf_printf(&text, "*%zu", run);
    i += run;
  }
  return text.data;
}

int schedule_compile(const char *text, const char *binary, int calls_only, char **out,
                     char **error) {
  *out = NULL;
  elf_version(EV_CURRENT);
  int fd = open(binary, O_RDONLY | O_CLOEXEC);
  Elf *elf = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
  struct buf compiled = {0};
  int rc = compile_words(text, elf, calls_only, &compiled, error);
  if (rc == 0)
    *out = compiled.data ? compiled.data : xstrdup("");
  else
    buf_free(&compiled);
  if (elf)
    elf_end(elf);
  if (fd >= 0)
    close(fd);
  return rc < 0 ? -1 : 0;
}

size_t schedule_variables(const char *binary, const struct strlist *names,
                          struct byte_range **out) {
  *out = NULL;
  size_t n = 0;
  elf_version(EV_CURRENT);
  int fd = open(binary, O_RDONLY | O_CLOEXEC);
  Elf *elf = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
  for (size_t i = 0; elf && i < names->len; i++)
    variables_named(elf, names->items[i], out, &n);
  if (elf)
    elf_end(elf);
  if (fd >= 0)
    close(fd);
  return n;
}

static int listed(const struct strlist *l, const char *word) {
  for (size_t i = 0; i < l->len; i++)
    if (strcmp(l->items[i], word) == 0)
      return 1;
  return 0;
}

void schedule_variable_names(const char *text, struct strlist *out) {
  struct strlist words = {0};
  split_words(text, " \t", &words);
  for (size_t i = 0; i < words.len; i++) {
    const char *colon = strchr(words.items[i], ':');
    if (colon && colon[1] && !schedule_call_known(colon + 1) && !listed(out, colon + 1))
      strlist_push(out, xstrdup(colon + 1));
  }
  strlist_free(&words);
}
