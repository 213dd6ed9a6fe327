/* The lock ledger read while the program runs: racecheck is woken (inotify) each time the
 * shim writes a record, so that a wait about to block can be looked at at once instead of
 * at the next sample. */
#ifndef RACECHECK_LEDGER_WATCH_H
#define RACECHECK_LEDGER_WATCH_H

#include "ledger_parse.h"
#include "text.h"

struct ledger_watch {
  int notify;         /* readable when the ledger file was written; -1 if it cannot be watched */
  int file;           /* the ledger file, read as it grows */
  struct buf pending; /* the start of a line not yet complete */
  struct ledger ledger;
};

/* Watches the ledger file at path; returns 0, or -1 with errno set (nothing is watched). */
int ledger_watch_open(struct ledger_watch *w, const char *path);
/* Reads what the ledger gained since; returns whether that held a new record. */
int ledger_watch_read(struct ledger_watch *w);
void ledger_watch_close(struct ledger_watch *w);

#endif
