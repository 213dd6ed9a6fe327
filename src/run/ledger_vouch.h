/* The lock ledger, vouched for from outside the program. The shim writes it through one write
 * instruction of its own (shim/lock_ledger.c); the clone watch's filter hands racecheck every
 * write-family call whose descriptor is the ledger's (clone_watch.h). racecheck lets a call
 * through only when the kernel says it comes from that instruction, in the program's own
 * executable file as mapped: it then reads the record from the program's memory and writes it to
 * the ledger itself, keeping what it wrote. Every other write to that descriptor is refused
 * (EPERM) and counted. After the run, the ledger's file must hold exactly what racecheck wrote:
 * a record written any other way (a copy of the descriptor, the file opened again by its
 * /proc/self/fd link, a write in place, the file replaced) makes it differ. */
#ifndef RACECHECK_LEDGER_VOUCH_H
#define RACECHECK_LEDGER_VOUCH_H

#include "text.h"

#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/types.h>

struct ledger_vouch {
  int fd;   /* the ledger's descriptor in the program, watched; 0: the ledger is not watched */
  int file; /* racecheck's own descriptor on the ledger's file, opened for appending */
  unsigned long long stub;       /* the file offset of the instruction after the shim's call */
  dev_t dev;                     /* the program's executable file */
  ino_t ino;                     /*   "  */
  unsigned long long trusted_ip; /* the address a call was last found to come from the stub */
  struct buf bytes;              /* what racecheck wrote to the ledger, its first `keep` bytes */
  size_t keep, written;          /* written: all of it */
  unsigned long long refused;    /* writes to the ledger's descriptor from elsewhere */
  int unreadable; /* errno of a write from the stub that racecheck could not read, or 0 */
};

/* Watches the ledger at descriptor `fd` in `program`, whose shim's write instruction it finds
 * in the executable's symbols, racecheck writing to `file`; keeps the first `keep` bytes
 * written. Returns 0, or -1 when the executable holds no such instruction (v->fd is then 0,
 * and the ledger is not watched). */
int ledger_vouch_open(struct ledger_vouch *v, const char *program, int fd, int file, size_t keep);
/* Answers a write-family call on the ledger's descriptor that the filter handed racecheck. */
void ledger_vouch_answer(struct ledger_vouch *v, int listener, const struct seccomp_notif *n,
                         struct seccomp_notif_resp *answer);
/* Whether the ledger's file, read as `text` (its first len bytes, `dropped` more not kept),
 * holds exactly what racecheck wrote to it. */
int ledger_vouch_matches(const struct ledger_vouch *v, const char *text, size_t len,
                         size_t dropped);
void ledger_vouch_free(struct ledger_vouch *v);

#endif
