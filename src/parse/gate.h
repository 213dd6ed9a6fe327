/* Gate locks: a lock-order inversion whose every acquisition, as the lock ledger saw it,
 * was made while one other lock was held. That lock lets one thread at a time take the
 * pair, so the threads can never each hold one and wait for the other: the inversion is
 * the detector's false alarm, and the report names the gate. */
#ifndef RACECHECK_GATE_H
#define RACECHECK_GATE_H

#include "ledger_parse.h"
#include "report.h"
#include "symbols.h"

/* Sets `gate` on each normalized lock-order report whose edges the ledger saw all taken
 * under one common lock; leaves the others alone, and every report when the ledger saw
 * an edge's acquisition nowhere. */
void gate_mark(struct reports *normalized, const struct ledger *l, const struct symbols *s);

#endif
