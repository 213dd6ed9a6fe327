/* The lock ledger read while the program runs: racecheck is woken (inotify) each time the
 * shim writes a record, so that a wait about to block can be looked at at once instead of
 * at the next sample. */
#ifndef RACECHECK_LEDGER_WATCH_H
#define RACECHECK_LEDGER_WATCH_H

#include "ledger_parse.h"
#include "text.h"

struct ledger_watch {
  int notify;         /* readable when the ledger file was written; -1 if it cannot be watched */
  int owns_notify;    /* notify is the watch's own, closed with it */
  int file;           /* the ledger file, read as it grows */
  struct buf pending; /* the start of a line not yet complete */
  struct ledger ledger;
};

/* An inotify descriptor readable when the file at path, or a file in the folder at path, is
 * written; -1 with errno set if it cannot be watched. */
int ledger_notify_open(const char *path);
/* Watches the ledger file at path; returns 0, or -1 with errno set (nothing is watched).
 * notify: a ledger_notify_open descriptor of the file or its folder, which the watch borrows
 * (closing one costs the kernel a grace period, milliseconds each run), or -1 for its own. */
int ledger_watch_open(struct ledger_watch *w, const char *path, int notify);
/* Reads what the ledger gained since; returns whether that held a new record. */
int ledger_watch_read(struct ledger_watch *w);
void ledger_watch_close(struct ledger_watch *w);

#endif
