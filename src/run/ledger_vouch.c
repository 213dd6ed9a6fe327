#include "ledger_vouch.h"

#include "../../shim/lock_ledger.h"
#include "elf_symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

/* A write is at most this long (the shim's batches are 16 KiB); a longer one is written in
 * part. */
enum { WRITE_MAX = 1 << 16 };

/* The file offset of the one symbol `name` of the executable, from the loaded segment that
 * holds it; -1 if there is none, or more than one. */
struct named {
  GElf_Addr address;
  int found;
};

static void note_symbol(const GElf_Sym *sym, void *context) {
  struct named *s = context;
  s->address = sym->st_value, s->found++;
}

static int symbol_file_offset(Elf *elf, const char *name, unsigned long long *offset) {
  struct named symbol = {0};
  elf_each_symbol_named(elf, name, note_symbol, &symbol);
  GElf_Addr address = symbol.address;
  size_t n = 0;
  if (symbol.found != 1 || elf_getphdrnum(elf, &n) != 0)
    return -1;
  for (size_t i = 0; i < n; i++) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD && (ph.p_flags & PF_X) &&
        address >= ph.p_vaddr && address < ph.p_vaddr + ph.p_filesz) {
      *offset = address - ph.p_vaddr + ph.p_offset;
      return 0;
    }
  }
  return -1;
}

int ledger_vouch_open(struct ledger_vouch *v, const char *program, int fd, int file, size_t keep) {
  *v = (struct ledger_vouch){.file = file, .keep = keep};
  int exe = open(program, O_RDONLY | O_CLOEXEC);
  struct stat st;
  elf_version(EV_CURRENT);
  Elf *elf = exe >= 0 ? elf_begin(exe, ELF_C_READ, NULL) : NULL;
  int rc = elf && fstat(exe, &st) == 0 && S_ISREG(st.st_mode)
               ? symbol_file_offset(elf, RACECHECK_LEDGER_WRITTEN, &v->stub)
               : -1;
  if (elf)
    elf_end(elf);
  if (exe >= 0)
    close(exe);
  if (rc == 0)
    v->fd = fd, v->dev = st.st_dev, v->ino = st.st_ino;
  return rc;
}

/* Whether the address `ip` of the thread `tid` is the instruction after the shim's call: in
 * an executable mapping of the program's own file, at the stub's offset in it, as the
 * kernel's /proc/TID/maps shows. -1 if the maps cannot be read. */
static int from_the_stub(const struct ledger_vouch *v, pid_t tid, unsigned long long ip) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/maps", (int)tid);
  FILE *maps = fopen(path, "re");
  if (!maps)
    return -1;
  int found = 0;
  char *line = NULL; /* whole, however long: a long path's tail is no line of its own */
  size_t size = 0;
  while (!found && getline(&line, &size, maps) > 0) {
    unsigned long long start, end, offset, inode;
    unsigned int major_id, minor_id;
    char perms[5];
    if (sscanf(line, "%llx-%llx %4s %llx %x:%x %llu", &start, &end, perms, &offset, &major_id,
               &minor_id, &inode) != 7 ||
        ip - 1 < start || ip - 1 >= end)
      continue;
    found = perms[2] == 'x' && makedev(major_id, minor_id) == v->dev && (ino_t)inode == v->ino &&
                    ip - start + offset == v->stub
                ? 1
                : 2;
  }
  free(line);
  fclose(maps);
  return found == 1;
}

/* Reads the call's bytes from the program and writes them to the ledger; returns how many
 * it wrote, or -errno. */
static long write_for_the_shim(struct ledger_vouch *v, int listener,
                               const struct seccomp_notif *n) {
  char text[WRITE_MAX];
  size_t len = n->data.args[2] < sizeof text ? (size_t)n->data.args[2] : sizeof text;
  struct iovec here = {.iov_base = text, .iov_len = len};
  struct iovec there = {.iov_base = (void *)(uintptr_t)n->data.args[1], .iov_len = len};
  ssize_t got = len ? process_vm_readv((pid_t)n->pid, &here, 1, &there, 1, 0) : 0;
  int read_error = errno;
  /* the caller is still the thread that made the call: its number was not taken since (a
   * thread killed in its write, as the process ended, is no record lost) */
  __u64 id = n->id;
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0)
    return -ESRCH;
  if (got < 0) {
    v->unreadable = read_error;
    return -EFAULT;
  }
  ssize_t wrote = write(v->file, text, (size_t)got);
  if (wrote < 0)
    return -errno;
  size_t room = v->bytes.len < v->keep ? v->keep - v->bytes.len : 0;
  buf_add(&v->bytes, text, (size_t)wrote < room ? (size_t)wrote : room);
  v->written += (size_t)wrote;
  return wrote;
}

void ledger_vouch_answer(struct ledger_vouch *v, int listener, const struct seccomp_notif *n,
                         struct seccomp_notif_resp *answer) {
  *answer = (struct seccomp_notif_resp){.id = n->id, .error = -EPERM};
  unsigned long long ip = n->data.instruction_pointer;
  int stub = 0;
  if (n->data.nr == __NR_write && (unsigned int)n->data.args[0] == (unsigned int)v->fd)
    stub = v->trusted_ip && ip == v->trusted_ip ? 1 : from_the_stub(v, (pid_t)n->pid, ip);
  if (stub < 0) {
    int error = errno;
    __u64 id = n->id;
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0)
      v->unreadable = error; /* refused, and the run is not judged by its ledger */
    return;
  }
  if (!stub) {
    v->refused++;
    return;
  }
  v->trusted_ip = ip;
  long rc = write_for_the_shim(v, listener, n);
  if (rc < 0)
    answer->error = (__s32)rc;
  else
    answer->error = 0, answer->val = rc;
}

int ledger_vouch_matches(const struct ledger_vouch *v, const char *text, size_t len,
                         size_t dropped) {
  return v->written == len + dropped && v->bytes.len == len &&
         (len == 0 || memcmp(v->bytes.data, text, len) == 0);
}

void ledger_vouch_free(struct ledger_vouch *v) {
  buf_free(&v->bytes);
  v->bytes = (struct buf){0};
}
