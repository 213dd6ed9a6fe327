/* The lock ledger's records as reports, with the names the executable gives their places:
 * a thread that ended holding a lock, an unlock of a lock the thread does not hold, a lock
 * taken again by the thread that holds it. And what the ledger tells a hang's diagnosis. */
#ifndef RACECHECK_LEDGER_REPORT_H
#define RACECHECK_LEDGER_REPORT_H

#include "ledger_parse.h"
#include "report.h"
#include "symbols.h"

void ledger_reports(const struct ledger *l, const struct symbols *s, struct reports *out);

/* The name of the code at a record's address (a return address), copied into *out; an
 * unknown one is left empty. */
void ledger_code(const struct ledger_record *r, unsigned long long address, const struct symbols *s,
                 struct frame *out);
/* The offsets into the executable of the mutexes the detector's reports name, added once
 * each to *data: what needs a name besides the ledger's own. */
void ledger_mutex_offsets(const struct ledger *l, const struct reports *reports,
                          unsigned long long **data, size_t *ndata);
/* Each mutex of the reports by its variable, where the executable names its address. */
void ledger_name_mutexes(const struct ledger *l, const struct symbols *s, struct reports *reports);
/* The name of the data at a record's address, or NULL. */
const char *ledger_data(const struct ledger_record *r, unsigned long long address,
                        const struct symbols *s);

#endif
