/* Reduces a detector's reports to what is the same on every run, build and machine: the
 * program's own frames (no runtime, libc or shim frames, files by base name), threads named
 * by where they were created, the sides of a race in a canonical order, mutexes numbered in
 * the order the finding first mentions them (A, B...). It reads the report model only: it
 * knows no detector's phrasing. */
#ifndef RACECHECK_NORMALIZE_H
#define RACECHECK_NORMALIZE_H

#include "finding.h"
#include "report.h"

/* Normalizes every report of `raw` (which it empties) into `out`, sorted, duplicates dropped,
 * each rendered by `render`. */
void findings_from_reports(struct reports *raw, finding_renderer render, struct findings *out);
/* Its first half: each report normalized in place, those not about the program dropped. */
void reports_normalize(struct reports *raw);

/* Whether a frame belongs to the program rather than to the runtime, the C library or the
 * shim racecheck links into cases. */
int is_program_frame(const struct frame *fr);

/* The name a program called to get into the runtime: "__interceptor_free" -> "free", and
 * through the shim's lock ledger, "__wrap_pthread_mutex_lock" -> "pthread_mutex_lock". */
const char *call_name(const char *func);

#endif
