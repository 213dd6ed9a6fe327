/* Growable strings and the few string helpers every stage shares. */
#ifndef RACECHECK_TEXT_H
#define RACECHECK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
  char *data; /* always NUL-terminated once anything was added */
  size_t len;
  size_t cap;
};

void *xmalloc(size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void buf_add(struct buf *b, const char *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);
const char *buf_str(const struct buf *b);

/* A list of owned strings. */
struct strlist {
  char **items;
  size_t len;
  size_t cap;
};

void strlist_push(struct strlist *l, char *owned);
void strlist_sort(struct strlist *l);
void strlist_free(struct strlist *l);
/* Whether two lists hold the same strings, in the same order. */
bool strlist_equal(const struct strlist *a, const struct strlist *b);

/* Splits text into lines (without '\n', and without a trailing '\r'). */
void split_lines(const char *text, size_t len, struct strlist *out);
/* The same, each line made by copy(start, length): term_escape, for a program's output. */
void split_lines_by(const char *text, size_t len, char *(*copy)(const char *line, size_t len),
                    struct strlist *out);
/* Splits text into words at any of the separator characters; empty words are skipped. */
void split_words(const char *text, const char *separators, struct strlist *out);

bool starts_with(const char *s, const char *prefix);
bool ends_with(const char *s, const char *suffix);
const char *path_basename(const char *path);

/* Reads a whole file; returns false and sets errno on failure. */
bool read_file(const char *path, struct buf *out);
/* Writes a whole file through a new temporary name beside it, so a reader never sees half of
 * it and a symlink planted in the folder is never written through; returns false, with
 * errno set and nothing left behind, on failure. */
bool write_file(const char *path, const char *data, size_t len);
/* Writes a whole new file, the same way, but never over one that is there: false with errno
 * EEXIST if path exists. */
bool write_new_file(const char *path, const char *data, size_t len);
/* Whether path is a regular file that may be run; if not, *error says what it is instead,
 * before anything opens it: reading a FIFO would block, and a device would never end. */
bool is_regular_executable(const char *path, char **error);
/* A source file racecheck reads on a learner's behalf: a regular file (not a FIFO, a device,
 * or a link out of its folder) of at most `limit` bytes, read whole into out; false with
 * *error (to free) saying what it is instead. *error must be NULL on entry. */
bool read_source(const char *path, size_t limit, struct buf *out, char **error);
enum { SOURCE_LIMIT = 1 << 20 };
/* Creates a directory and its parents; returns false and sets errno on failure. */
bool make_dirs(const char *path);

/* Seconds on a clock that never steps back (CLOCK_MONOTONIC), for deadlines and durations. */
double monotonic_seconds(void);

#endif
