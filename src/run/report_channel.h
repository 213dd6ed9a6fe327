/* Where the detector writes its reports: a folder that only racecheck can write (TSan's
 * log_path, valgrind's --log-file), so that nothing a program prints on its own stderr can
 * pass for a report. Only the detector may produce a finding. The shim's lock ledger writes
 * to a file of its own in the same folder, which the environment names. */
#ifndef RACECHECK_REPORT_CHANNEL_H
#define RACECHECK_REPORT_CHANNEL_H

#include "text.h"

struct report_channel {
  char *dir;
  char *tsan_option;     /* "log_path=DIR/tsan": TSan writes DIR/tsan.PID */
  char *valgrind_option; /* "--log-file=DIR/valgrind.%p" */
  char *ledger_path;     /* "DIR/ledger", made empty: the shim appends to it */
};

/* "name='value'", quoted for TSAN_OPTIONS; NULL when the value holds both quotes. */
char *tsan_flag(const char *name, const char *value);
/* Makes the folder (mode 0700, under $TMPDIR or /tmp); returns 0, or -1 with errno set. */
int report_channel_open(struct report_channel *c);
/* What the detector wrote: each file (one per process) as a text of its own, in name
 * order (all but the ledger), at most `keep` bytes in all; the rest is counted in *dropped. */
void report_channel_read(const struct report_channel *c, size_t keep, struct strlist *texts,
                         size_t *dropped);
/* What the lock ledger wrote, the same way. */
void report_channel_read_ledger(const struct report_channel *c, size_t keep, struct buf *out,
                                size_t *dropped);
/* Empties the folder for another run (a fork server's): an empty ledger, nothing else.
 * Returns 0, or -1 with errno set. */
int report_channel_clear(const struct report_channel *c);
/* Removes the folder and what is in it. */
void report_channel_close(struct report_channel *c);

#endif
