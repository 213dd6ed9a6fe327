#include "expect.h"

#include "child.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char NUMBER[] = "{{n}}";
/* Two braces a program printed, as an expected file writes them: "{{{{}}". */
static const char OPEN_BRACES[] = "{{{{}}";

/* The first "{{" (or "}}") in s, or NULL; strstr would be as good, but ASan's strstr reads
 * the whole rest of s at each call, and a line with thousands of patterns makes thousands. */
static const char *find_pair(const char *s, char brace) {
  for (; *s; s++)
    if (s[0] == brace && s[1] == brace)
      return s;
  return NULL;
}

static int is_comment_or_blank(const char *line) {
  return line[0] == '#' || line[strspn(line, " \t")] == '\0';
}

/* Where a pattern opened at `open` ends: just past its "}}", or NULL if it is not one of
 * ours: {{n}}, or {{a|b|...}} with no empty choice and no brace inside. */
static const char *pattern_end(const char *open) {
  if (starts_with(open, NUMBER))
    return open + strlen(NUMBER);
  if (starts_with(open, OPEN_BRACES))
    return open + strlen(OPEN_BRACES);
  const char *close = find_pair(open + 2, '}');
  if (!close || close == open + 2 || !memchr(open + 2, '|', (size_t)(close - open - 2)))
    return NULL;
  for (const char *p = open + 2; p < close; p++)
    if (*p == '{' || *p == '}' || (*p == '|' && (p[-1] == '|' || p[-1] == '{' || p[1] == '}')))
      return NULL;
  return close + 2;
}

static int check_line(const char *line, int seen_finding, char **error, size_t number) {
  for (const char *open = find_pair(line, '{'); open; open = find_pair(open, '{')) {
    const char *end = pattern_end(open);
    if (!end) {
      *error = xasprintf("line %zu: unknown pattern '%.12s'; the patterns are {{n}}, a whole "
                         "number, {{a|b}}, either word, and {{{{}}, two braces",
                         number, open);
      return -1;
    }
    open = end;
  }
  if (line[0] == ' ' && !seen_finding) {
    *error = xasprintf("line %zu: an indented line must follow a finding's first line", number);
    return -1;
  }
  return 0;
}

/* Comment and blank lines belong with the line before them; before the first, the header. */
static void keep_comments(struct expected *e, struct buf *comments) {
  if (e->lines.len == 0) {
    buf_adds(&e->header, buf_str(comments));
    buf_free(comments);
  } else {
    strlist_push(&e->after, comments->data ? comments->data : xstrdup(""));
    *comments = (struct buf){0};
  }
}

int expect_parse(const char *text, size_t len, struct expected *out, char **error) {
  *out = (struct expected){0};
  struct strlist lines = {0};
  struct buf comments = {0};
  split_lines(text, len, &lines);
  int seen_finding = 0, rc = 0;
  for (size_t i = 0; i < lines.len && rc == 0; i++) {
    char *line = lines.items[i];
    if (is_comment_or_blank(line)) {
      buf_printf(&comments, "%s\n", line);
      continue;
    }
    keep_comments(out, &comments);
    rc = check_line(line, seen_finding, error, i + 1);
    if (line[0] != ' ' && !starts_with(line, "stdout: ") && out->lines.len > 0)
      seen_finding = 1;
    strlist_push(&out->lines, xstrdup(line));
  }
  keep_comments(out, &comments);
  strlist_free(&lines);
  if (rc == 0 && out->lines.len == 0) {
    *error = xstrdup("holds no expectation (not even the exit line)");
    rc = -1;
  }
  if (rc != 0)
    expect_free(out);
  return rc;
}

int expect_load(const char *path, struct expected *out, char **error) {
  struct buf text = {0};
  *out = (struct expected){0};
  if (!read_file(path, &text)) {
    *error = xasprintf("%s: %s", path, strerror(errno));
    buf_free(&text);
    return -1;
  }
  int rc = expect_parse(text.data, text.len, out, error);
  buf_free(&text);
  if (rc != 0) {
    char *located = xasprintf("%s: %s", path, *error);
    free(*error);
    *error = located;
  }
  return rc;
}

void expect_free(struct expected *e) {
  strlist_free(&e->lines);
  buf_free(&e->header);
  strlist_free(&e->after);
}

/* A pattern line, cut into pieces that each take a part of the text. */
enum piece_kind { LITERAL, NUMBERS, CHOICES };
struct piece {
  enum piece_kind kind;
  const char *at; /* LITERAL: the text; CHOICES: "a|b|..." */
  size_t len;     /* of at */
  size_t count;   /* NUMBERS: how many {{n}} in a row */
};

/* Cuts a pattern into at most strlen(pattern) + 1 pieces; an unknown "{{" makes the rest of
 * the line literal text. Returns how many. */
static size_t cut_pattern(const char *pattern, struct piece *out) {
  size_t n = 0;
  for (const char *p = pattern; *p;) {
    const char *open = find_pair(p, '{');
    const char *end = open ? pattern_end(open) : NULL;
    if (!end) {
      out[n++] = (struct piece){LITERAL, p, strlen(p), 0};
      break;
    }
    if (open > p)
      out[n++] = (struct piece){LITERAL, p, (size_t)(open - p), 0};
    if (starts_with(open, OPEN_BRACES))
      out[n++] = (struct piece){LITERAL, open, 2, 0};
    else if (!starts_with(open, NUMBER))
      out[n++] = (struct piece){CHOICES, open + 2, (size_t)(end - open) - 4, 0};
    else if (n > 0 && out[n - 1].kind == NUMBERS)
      out[n - 1].count++;
    else
      out[n++] = (struct piece){NUMBERS, NULL, 0, 1};
    p = end;
  }
  return n;
}

static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* Where numbers can be in a text, so that a run of {{n}} is matched from each start in O(1):
 * text[s, e) is k whole numbers (-?[0-9]+ each) when it holds no "--" and no other character,
 * ends with a digit, and has at most k signs (one more if it starts with a digit: its first
 * number has none) and at least k digits. */
struct number_map {
  const char *text;
  size_t len, ndigits, nsigns;
  size_t *digits_before, *signs_before; /* [i]: how many in text[0, i) */
  size_t *digit_at, *sign_at;           /* [k]: where the k-th one is */
  size_t *stop;                         /* [i]: the first j >= i that no number can cross */
};

static void number_map_make(struct number_map *m, const char *text) {
  size_t len = strlen(text);
  size_t *all = xmalloc(5 * (len + 1) * sizeof *all);
  *m = (struct number_map){.text = text, .len = len, .digits_before = all};
  m->signs_before = all + (len + 1);
  m->digit_at = all + 2 * (len + 1);
  m->sign_at = all + 3 * (len + 1);
  m->stop = all + 4 * (len + 1);
  for (size_t i = 0; i <= len; i++) {
    m->digits_before[i] = m->ndigits;
    m->signs_before[i] = m->nsigns;
    if (is_digit(text[i]))
      m->digit_at[m->ndigits++] = i;
    else if (text[i] == '-')
      m->sign_at[m->nsigns++] = i;
  }
  m->stop[len] = len;
  for (size_t i = len; i-- > 0;) {
    int crossable = is_digit(text[i]) || (text[i] == '-' && (i == 0 || text[i - 1] != '-'));
    m->stop[i] = crossable ? m->stop[i + 1] : i;
  }
}

/* A set of places in the text, 0 to its length: where the pieces so far can have led. */
struct places {
  uint64_t *bits;
  size_t words;
};

static const size_t NOWHERE = SIZE_MAX;

static void places_clear(struct places *p) {
  memset(p->bits, 0, p->words * sizeof *p->bits);
}

static void places_add(struct places *p, size_t at) {
  p->bits[at / 64] |= (uint64_t)1 << (at % 64);
}

/* The first place at or after `from`, or NOWHERE. */
static size_t places_next(const struct places *p, size_t from) {
  size_t w = from / 64;
  if (w >= p->words)
    return NOWHERE;
  uint64_t bits = p->bits[w] & (~(uint64_t)0 << (from % 64));
  while (!bits && ++w < p->words)
    bits = p->bits[w];
  return bits ? w * 64 + (size_t)__builtin_ctzll(bits) : NOWHERE;
}

/* Where `count` numbers starting at s can end: [*lo, *hi], at the places after a digit. */
static int numbers_from(const struct number_map *m, size_t s, size_t count, size_t *lo,
                        size_t *hi) {
  if (!is_digit(m->text[s]) && m->text[s] != '-')
    return 0;
  size_t last_digit = m->digits_before[s] + count; /* counted from 1 */
  if (last_digit > m->ndigits)
    return 0;
  *lo = m->digit_at[last_digit - 1] + 1;
  size_t signs = m->signs_before[s] + count - (size_t)is_digit(m->text[s]);
  *hi = signs < m->nsigns ? m->sign_at[signs] : m->len;
  if (m->stop[s + 1] < *hi)
    *hi = m->stop[s + 1];
  return *lo <= *hi;
}

static void add_number_ends(const struct number_map *m, size_t lo, size_t hi, struct places *to) {
  for (size_t e = lo; e <= hi; e++)
    if (is_digit(m->text[e - 1]))
      places_add(to, e);
}

/* The starts come in increasing order and so do their lowest ends: ranges of ends that
 * overlap are merged as they come, so that each end is visited once. */
static void step_numbers(const struct number_map *m, size_t count, const struct places *from,
                         struct places *to) {
  size_t lo, hi, open_lo = 0, open_hi = 0;
  int open = 0;
  for (size_t s = places_next(from, 0); s != NOWHERE; s = places_next(from, s + 1)) {
    if (!numbers_from(m, s, count, &lo, &hi))
      continue;
    if (open && lo <= open_hi + 1) {
      open_hi = hi > open_hi ? hi : open_hi;
      continue;
    }
    if (open)
      add_number_ends(m, open_lo, open_hi, to);
    open = 1, open_lo = lo, open_hi = hi;
  }
  if (open)
    add_number_ends(m, open_lo, open_hi, to);
}

/* A literal is one choice: "a" is {{a}}. */
static void step_choices(const struct number_map *m, const struct piece *p,
                         const struct places *from, struct places *to) {
  const char *end = p->at + p->len;
  size_t len;
  for (const char *choice = p->at; choice <= end; choice += len + 1) {
    const char *bar = p->kind == CHOICES ? memchr(choice, '|', (size_t)(end - choice)) : NULL;
    len = (size_t)((bar ? bar : end) - choice);
    for (size_t s = places_next(from, 0); s != NOWHERE; s = places_next(from, s + 1))
      if (s + len <= m->len && memcmp(m->text + s, choice, len) == 0)
        places_add(to, s + len);
  }
}

/* Each piece takes the set of places the text can have reached to the next set, each place
 * once: no backtracking, so no split of digits among {{n}} is tried twice. */
int line_matches(const char *pattern, const char *text) {
  if (!find_pair(pattern, '{')) /* most lines */
    return strcmp(pattern, text) == 0;
  struct piece *pieces = xmalloc((strlen(pattern) + 1) * sizeof *pieces);
  size_t npieces = cut_pattern(pattern, pieces);
  struct number_map map;
  number_map_make(&map, text);
  size_t words = map.len / 64 + 1;
  struct places now = {xmalloc(words * sizeof *now.bits), words};
  struct places next = {xmalloc(words * sizeof *next.bits), words};
  places_clear(&now);
  places_add(&now, 0);
  for (size_t i = 0; i < npieces && places_next(&now, 0) != NOWHERE; i++) {
    places_clear(&next);
    if (pieces[i].kind == NUMBERS)
      step_numbers(&map, pieces[i].count, &now, &next);
    else
      step_choices(&map, &pieces[i], &now, &next);
    struct places taken = now;
    now = next, next = taken;
  }
  int hit = places_next(&now, map.len) == map.len;
  free(now.bits), free(next.bits), free(map.digits_before), free(pieces);
  return hit;
}

char *expect_literal(const char *text) {
  struct buf out = {0};
  for (const char *p = text;;) {
    const char *open = find_pair(p, '{');
    if (!open) {
      buf_adds(&out, p);
      break;
    }
    buf_add(&out, p, (size_t)(open - p));
    buf_adds(&out, OPEN_BRACES);
    p = open + 2;
  }
  return out.data ? out.data : xstrdup("");
}

int expect_match(const struct expected *e, const struct strlist *actual, struct strlist *seen) {
  int all = e->lines.len == actual->len;
  for (size_t i = 0; i < actual->len; i++) {
    int hit = i < e->lines.len && line_matches(e->lines.items[i], actual->items[i]);
    all = all && hit;
    strlist_push(seen, xstrdup(hit ? e->lines.items[i] : actual->items[i]));
  }
  return all;
}

char *expect_render(const struct buf *header, const struct strlist *actual) {
  struct buf out = {0};
  buf_adds(&out, buf_str(header));
  for (size_t i = 0; i < actual->len; i++)
    buf_printf(&out, "%s\n", actual->items[i]);
  return out.data ? out.data : xstrdup("");
}

static const size_t GONE = SIZE_MAX;

/* Whether a new line is an old one still: the same text (a pattern bless keeps), or a match. */
static int still_there(const char *old, const char *new) {
  return strcmp(old, new) == 0 || line_matches(old, new);
}

/* A longest common subsequence of old[k, k + a) and new[k, k + b) goes into to[], if its
 * table is not too big; what stays unaligned is paired line by line after. */
enum { MOST_CELLS = 1 << 20 };

/* [x * (b + 1) + y]: the length of a longest common subsequence of old[k + x, k + a) and
 * new[k + y, k + b). */
static uint32_t *common_table(const struct strlist *old, const struct strlist *new, size_t k,
                              size_t a, size_t b) {
  uint32_t *common = xmalloc((a + 1) * (b + 1) * sizeof *common);
  for (size_t x = a + 1; x-- > 0;)
    for (size_t y = b + 1; y-- > 0;) {
      uint32_t *cell = &common[x * (b + 1) + y];
      if (x == a || y == b)
        *cell = 0;
      else if (still_there(old->items[k + x], new->items[k + y]))
        *cell = cell[b + 2] + 1;
      else
        *cell = cell[b + 1] > cell[1] ? cell[b + 1] : cell[1];
    }
  return common;
}

static void align_middle(const struct strlist *old, const struct strlist *new, size_t k, size_t a,
                         size_t b, size_t *to) {
  if ((a + 1) * (b + 1) > MOST_CELLS)
    return;
  uint32_t *common = common_table(old, new, k, a, b);
  for (size_t x = 0, y = 0; x < a && y < b;) {
    const uint32_t *cell = &common[x * (b + 1) + y];
    if (*cell == cell[b + 2] + 1 && still_there(old->items[k + x], new->items[k + y]))
      to[k + x++] = k + y++;
    else if (cell[b + 1] == *cell)
      x++;
    else
      y++;
  }
  free(common);
}

/* An old line that is not there took the place of the next new line, if that one is not an
 * old line either: a line changed in place. */
static void pair_changed(size_t *to, size_t n, size_t m) {
  char *taken = xmalloc(m + 1);
  memset(taken, 0, m + 1);
  for (size_t j = 0; j < n; j++)
    if (to[j] != GONE)
      taken[to[j]] = 1;
  for (size_t j = 0, next = 0; j < n; j++) {
    if (to[j] != GONE)
      next = to[j] + 1;
    else if (next < m && !taken[next])
      to[j] = next++;
  }
  free(taken);
}

/* For each old line, the new line that is it, or GONE; in increasing order. The lines the
 * same at both ends are aligned first, so that a long file with a few changes leaves a small
 * middle for the table. */
static size_t *align(const struct strlist *old, const struct strlist *new) {
  size_t n = old->len, m = new->len, k = 0, t = 0;
  size_t *to = xmalloc(n * sizeof *to);
  for (size_t j = 0; j < n; j++)
    to[j] = GONE;
  for (; k < n && k < m && still_there(old->items[k], new->items[k]); k++)
    to[k] = k;
  for (; t < n - k && t < m - k && still_there(old->items[n - 1 - t], new->items[m - 1 - t]); t++)
    to[n - 1 - t] = m - 1 - t;
  align_middle(old, new, k, n - k - t, m - k - t, to);
  pair_changed(to, n, m);
  return to;
}

char *expect_rewrite(const struct expected *old, const struct strlist *lines) {
  size_t n = old->lines.len, m = lines->len;
  size_t *before = align(&old->lines, lines); /* [j]: the new line old line j's comments precede */
  for (size_t j = n; j-- > 0;)
    if (before[j] == GONE)
      before[j] = j + 1 < n ? before[j + 1] : m;
  struct buf out = {0};
  buf_adds(&out, buf_str(&old->header));
  size_t j = 1; /* old line 0's comments are the header */
  for (size_t i = 0; i < m; i++) {
    for (; j < n && before[j] <= i; j++)
      buf_adds(&out, old->after.items[j - 1]);
    buf_printf(&out, "%s\n", lines->items[i]);
  }
  for (; j <= n; j++) /* the comments of lines gone at the end, then the last comments */
    buf_adds(&out, old->after.items[j - 1]);
  free(before);
  return out.data ? out.data : xstrdup("");
}

/* Writes the lines to dir/name.suffix; returns the path, or NULL after saying why on out. */
static char *write_lines(FILE *out, const char *dir, const char *name, const char *suffix,
                         const struct strlist *lines) {
  char *path = xasprintf("%s/%s.%s", dir, name, suffix);
  char *text = expect_render(&(struct buf){0}, lines);
  int ok = write_file(path, text, strlen(text));
  if (!ok)
    fprintf(out, "racecheck: cannot write %s: %s\n", path, strerror(errno));
  free(text);
  if (ok)
    return path;
  free(path);
  return NULL;
}

int print_diff(FILE *out, const char *dir, const char *name, const char *old_label,
               const struct strlist *old_lines, const char *new_label,
               const struct strlist *new_lines) {
  if (!make_dirs(dir)) {
    fprintf(out, "racecheck: cannot create %s for a diff: %s\n", dir, strerror(errno));
    return -1;
  }
  char *old_path = write_lines(out, dir, name, "expected", old_lines);
  char *new_path = old_path ? write_lines(out, dir, name, "actual", new_lines) : NULL;
  int rc = -1;
  if (new_path) {
    char *argv[] = {"diff",   "-u",     "--label", (char *)old_label, "--label", (char *)new_label,
                    old_path, new_path, NULL};
    static char *envp[] = {"PATH=/usr/bin:/bin", "LC_ALL=C", NULL};
    struct child diff = {
        .argv = argv, .search_path = 1, .envp = envp, .timeout_s = 30, .keep_bytes = 1 << 20};
    if (child_run(&diff) != 0)
      fprintf(out, "racecheck: cannot run diff: %s\n", strerror(diff.start_errno));
    fputs(buf_str(&diff.out), out);
    fputs(buf_str(&diff.err), out);
    /* diff says 0 for the same, 1 for different, 2 for trouble */
    rc = diff.end == CHILD_EXITED && diff.status < 2 ? 0 : -1;
    child_free(&diff);
  }
  free(old_path);
  free(new_path);
  return rc;
}

/* A word two compilers' runs may word differently: one an expected file can offer as a
 * choice, {{a|b}}. */
static int choosable(const char *word) {
  return *word && !strpbrk(word, "{}|");
}

/* The line cut at each space, every space kept as a cut: "  a b" is "", "", "a", "b". */
static void cut_at_spaces(const char *line, struct strlist *out) {
  for (const char *p = line;; p++) {
    size_t len = strcspn(p, " ");
    strlist_push(out, xstrndup(p, len));
    p += len;
    if (!*p)
      return;
  }
}

/* One line of n builds' lines: the same, or alike but for some words, which become
 * choices ({{write|read}}); NULL when they differ otherwise. */
static char *merged_line(struct strlist *const *lines, size_t n, size_t at) {
  struct strlist *words = xmalloc(n * sizeof *words);
  int alike = 1;
  for (size_t v = 0; v < n; v++) {
    words[v] = (struct strlist){0};
    cut_at_spaces(lines[v]->items[at], &words[v]);
    alike &= words[v].len == words[0].len;
  }
  struct buf line = {0};
  for (size_t w = 0; alike && w < words[0].len; w++) {
    buf_adds(&line, w ? " " : "");
    struct strlist choices = {0};
    for (size_t v = 0; v < n; v++) {
      int known = 0;
      for (size_t c = 0; c < choices.len; c++)
        known |= strcmp(choices.items[c], words[v].items[w]) == 0;
      if (!known)
        strlist_push(&choices, xstrdup(words[v].items[w]));
    }
    for (size_t c = 0; choices.len > 1 && c < choices.len; c++)
      alike &= choosable(choices.items[c]);
    buf_adds(&line, choices.len > 1 ? "{{" : "");
    for (size_t c = 0; c < choices.len; c++)
      buf_printf(&line, "%s%s", c ? "|" : "", choices.items[c]);
    buf_adds(&line, choices.len > 1 ? "}}" : "");
    strlist_free(&choices);
  }
  for (size_t v = 0; v < n; v++)
    strlist_free(&words[v]);
  free(words);
  if (!alike)
    buf_free(&line);
  return alike ? line.data : NULL;
}

int expect_merge(struct strlist *const *lines, size_t n, struct strlist *out) {
  for (size_t v = 1; v < n; v++)
    if (lines[v]->len != lines[0]->len)
      return 0;
  for (size_t at = 0; at < lines[0]->len; at++) {
    int same = 1;
    for (size_t v = 1; v < n; v++)
      same &= strcmp(lines[v]->items[at], lines[0]->items[at]) == 0;
    char *line = same ? xstrdup(lines[0]->items[at]) : merged_line(lines, n, at);
    if (!line)
      return 0;
    strlist_push(out, line);
  }
  return 1;
}
