#include "normalize.h"

#include "valgrind_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const RUNTIME_FUNC_PREFIXES[] = {
    "__tsan", "__interceptor_", "___interceptor_", "__sanitizer", "__interception", "__ubsan",
};
static const char *const RUNTIME_MODULE_PREFIXES[] = {
    "libc.so", "libtsan.so", "libpthread.so", "ld-linux", "libstdc++.so", "libgcc_s.so",
};
static const char *const RUNTIME_PATH_PARTS[] = {
    "/compiler-rt/",
    "/sanitizer_common/",
    "/tsan/",
    "/interception/",
};

static int has_prefix_in(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (starts_with(s, list[i]))
      return 1;
  return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int is_program_frame(const struct raw_frame *fr) {
  if (!fr->file || !fr->func)
    return 0;
  if (has_prefix_in(fr->func, RUNTIME_FUNC_PREFIXES, COUNT(RUNTIME_FUNC_PREFIXES)))
    return 0;
  if (fr->module && has_prefix_in(path_basename(fr->module), RUNTIME_MODULE_PREFIXES,
                                  COUNT(RUNTIME_MODULE_PREFIXES)))
    return 0;
  for (size_t i = 0; i < COUNT(RUNTIME_PATH_PARTS); i++)
    if (strstr(fr->file, RUNTIME_PATH_PARTS[i]))
      return 0;
  return 1;
}

const char *call_name(const char *func) {
  static const char *const prefixes[] = {"___interceptor_", "__interceptor_"};
  for (size_t i = 0; i < COUNT(prefixes); i++)
    if (starts_with(func, prefixes[i]))
      return func + strlen(prefixes[i]);
  return func;
}

/* Index of the innermost program frame, or nframes if there is none. */
static size_t program_frame_index(const struct raw_section *s) {
  for (size_t i = 0; i < s->nframes; i++)
    if (is_program_frame(&s->frames[i]))
      return i;
  return s->nframes;
}

static void take_frame(const struct raw_section *s, struct frame *out) {
  size_t i = program_frame_index(s);
  if (i == s->nframes)
    return;
  out->func = xstrdup(s->frames[i].func);
  out->file = xstrdup(path_basename(s->frames[i].file));
  out->line = s->frames[i].line;
}

/* " by free" when the program got here through a runtime call (free, memcpy, pthread_...). */
static void add_call(struct buf *what, const struct raw_section *s) {
  size_t i = program_frame_index(s);
  if (i > 0 && i < s->nframes && s->frames[i - 1].func)
    buf_printf(what, " by %s", call_name(s->frames[i - 1].func));
}

/* Words of a section title, with run-to-run noise dropped and mutex ids made references. */
static int is_address(const char *w) {
  if (*w == '(')
    w++;
  return starts_with(w, "0x") || strstr(w, "+0x"); /* 0x7b04..., ([stack]+0x1ff7c) */
}

static int is_mutex_id(const char *w, int *id) {
  if (w[0] != 'M' || !isdigit((unsigned char)w[1]))
    return 0;
  const char *p = w + 1;
  while (isdigit((unsigned char)*p))
    p++;
  if (*p != '\0' && strcmp(p, ":") != 0 && strcmp(p, ",") != 0 && strcmp(p, ")") != 0)
    return 0;
  *id = atoi(w + 1);
  return 1;
}

static int is_noise_word(const char *w) {
  if (w[0] == 'T' && isdigit((unsigned char)w[1]))
    return 1; /* thread numbers */
  return strcmp(w, "here") == 0 || strcmp(w, "here:") == 0 || starts_with(w, "(tid=") ||
         starts_with(w, "(pid=") || strcmp(w, "running)") == 0 || strcmp(w, "finished)") == 0 ||
         strcmp(w, "running):") == 0 || strcmp(w, "finished):") == 0;
}

static char *normalize_title(const char *title) {
  struct strlist words = {0};
  split_words(title, " ", &words);

  struct buf out = {0};
  for (size_t i = 0; i < words.len; i++) {
    const char *w = words.items[i];
    int id;
    if (is_noise_word(w) || is_address(w))
      continue;
    if (i > 0 && ends_with(words.items[i - 1], "thread") && isdigit((unsigned char)w[0])) {
      buf_adds(&out, w + strspn(w, "0123456789")); /* "(thread 2)" -> "(thread)" */
      continue;
    }
    if (w[0] == '/') {
      if (out.len)
        buf_adds(&out, " ");
      buf_adds(&out, path_basename(w)); /* "/tmp/x/prog" -> "prog" */
      continue;
    }
    if (strcmp(w, "at") == 0 && i + 1 < words.len && is_address(words.items[i + 1]))
      continue;
    if (out.len)
      buf_adds(&out, " ");
    if (is_mutex_id(w, &id)) {
      char *ref = mutex_ref(id);
      buf_adds(&out, ref);
      free(ref);
    } else {
      buf_adds(&out, w);
    }
  }
  strlist_free(&words);
  /* which thread did it is noise, and "at" only announced the frame that follows */
  static const char *const tails[] = {" in main thread", " in thread", " at"};
  for (int again = 1; again;) {
    again = 0;
    while (out.len && strchr(":.", out.data[out.len - 1]))
      out.data[--out.len] = '\0';
    for (size_t i = 0; i < COUNT(tails); i++)
      if (out.data && ends_with(out.data, tails[i])) {
        out.len -= strlen(tails[i]);
        out.data[out.len] = '\0';
        again = 1;
      }
  }
  if (out.len)
    out.data[0] = (char)tolower((unsigned char)out.data[0]);
  return out.data ? out.data : xstrdup("");
}

/* "[Previous ][atomic ](read|write) of size N at ADDR by WHO[ (mutexes: write M1, read M2)]:" */
static int parse_access(const char *title, struct site *site) {
  char words[4][16] = {{0}};
  int size = 0;
  const char *p = title;
  size_t n = 0;
  while (n < 4 && sscanf(p, "%15s", words[n]) == 1) {
    p = strstr(p, words[n]) + strlen(words[n]);
    n++;
  }
  size_t w = 0;
  if (w < n && strcasecmp(words[w], "previous") == 0)
    w++;
  int atomic = w < n && strcasecmp(words[w], "atomic") == 0;
  w += (size_t)atomic;
  if (w >= n || (strcasecmp(words[w], "read") != 0 && strcasecmp(words[w], "write") != 0))
    return 0;
  const char *rest = strstr(title, " of size ");
  if (!rest || sscanf(rest, " of size %d", &size) != 1)
    return 0;
  char kind[16];
  for (size_t i = 0; i <= strlen(words[w]); i++)
    kind[i] = (char)tolower((unsigned char)words[w][i]);
  site->what = xasprintf("%s%s %d", atomic ? "atomic " : "", kind, size);

  const char *held = strstr(title, "(mutexes: ");
  for (p = held ? held + 10 : NULL; p && *p && *p != ')' && site->nheld < MAX_HELD;) {
    const char *m = strchr(p, 'M');
    if (!m || (strchr(p, ')') && m > strchr(p, ')')))
      break;
    site->held[site->nheld++] = atoi(m + 1);
    p = strchr(m, ',');
    p = p ? p + 1 : NULL;
  }
  return 1;
}

static struct mutex_note *add_note(struct finding *f, int id) {
  f->mutexes = xrealloc(f->mutexes, (f->nmutexes + 1) * sizeof *f->mutexes);
  struct mutex_note *note = &f->mutexes[f->nmutexes++];
  *note = (struct mutex_note){.id = id};
  return note;
}

static int parse_mutex_note(struct finding *f, const struct raw_section *s) {
  int id;
  if (sscanf(s->title, "Mutex M%d", &id) != 1)
    return 0;
  if (strstr(s->title, " created at")) {
    take_frame(s, &add_note(f, id)->created);
    return 1;
  }
  if (strstr(s->title, "already destroyed")) {
    add_note(f, id)->destroyed = 1;
    return 1;
  }
  return 0;
}

static int parse_location(struct finding *f, const struct raw_section *s) {
  static const char prefix[] = "Location is ";
  if (!starts_with(s->title, prefix))
    return 0;
  if (f->subject) /* TSan may add "global '??' ([stack]+0x...)" for a main-thread stack */
    return 1;
  char *rest = xstrdup(s->title + strlen(prefix));
  char *addr = strstr(rest, " at 0x");
  if (addr)
    *addr = '\0';
  f->subject = normalize_title(rest);
  free(rest);
  if (s->nframes) {
    struct site *site = finding_add_site(f);
    site->what = xstrdup("allocated");
    take_frame(s, &site->at);
  }
  return 1;
}

static int is_thread_section(const struct raw_section *s) {
  return (starts_with(s->title, "Thread T") || starts_with(s->title, "Thread main")) &&
         strstr(s->title, " created by ");
}

static void add_section_site(struct finding *f, const char *kind, int deadly,
                             const struct raw_section *s) {
  if (s->title[0] == '\0' && s->nframes == 0)
    return; /* a crash report's note was followed by another note, not by frames */
  struct buf what = {0};
  if (is_thread_section(s)) {
    if (strcmp(kind, "thread leak") != 0)
      return; /* a race names its threads by their accesses; their creation is noise */
    buf_adds(&what, "thread created");
  } else if (s->title[0] == '\0') {
    size_t i = program_frame_index(s);
    buf_adds(&what, i > 0 && i < s->nframes && s->frames[i - 1].func
                        ? call_name(s->frames[i - 1].func)
                    : deadly ? "crashed"
                             : "reported");
  } else {
    char *title = normalize_title(s->title);
    buf_adds(&what, title);
    free(title);
  }
  struct site *site = finding_add_site(f);
  site->what = what.data;
  take_frame(s, &site->at);
}

static void normalize_report(const struct raw_report *r, struct finding *f) {
  f->kind = xstrdup(r->kind);
  unsigned char *is_access = xmalloc(r->nsections);
  for (size_t i = 0; i < r->nsections; i++) { /* accesses first: they compare as a set */
    struct site access = {0};
    is_access[i] = (unsigned char)parse_access(r->sections[i].title, &access);
    if (!is_access[i])
      continue;
    struct buf what = {0};
    buf_adds(&what, access.what);
    free(access.what);
    add_call(&what, &r->sections[i]);
    struct site *site = finding_add_site(f);
    *site = access;
    site->what = what.data;
    take_frame(&r->sections[i], &site->at);
    f->unordered++;
  }
  for (size_t i = 0; i < r->nsections; i++) {
    const struct raw_section *s = &r->sections[i];
    if (!is_access[i] && !parse_mutex_note(f, s) && !parse_location(f, s))
      add_section_site(f, r->kind, r->deadly, s);
  }
  free(is_access);
}

static void normalize_tsan(const struct raw_reports *raw, struct findings *out) {
  for (size_t i = 0; i < raw->len; i++)
    normalize_report(&raw->items[i], findings_add(out));
}

int findings_from_tsan_text(const char *text, size_t len, struct findings *out) {
  struct raw_reports raw = {0};
  tsan_parse(text, len, &raw);
  normalize_tsan(&raw, out);
  int cut_off = raw.unterminated;
  raw_reports_free(&raw);
  return cut_off;
}

/* DRD's "Lock on mutex 0x... was held during 102 ms (threshold: 50 ms)": the time held
 * changes from run to run; the threshold, the lock site and the unlock site do not. */
static int normalize_held_too_long(const struct raw_report *r, struct finding *f) {
  const struct raw_section *held = NULL, *acquired = NULL;
  for (size_t i = 0; i < r->nsections; i++) {
    if (strstr(r->sections[i].title, " was held during "))
      held = &r->sections[i];
    else if (strcmp(r->sections[i].title, "Acquired at:") == 0)
      acquired = &r->sections[i];
  }
  const char *threshold = held ? strstr(held->title, "(threshold: ") : NULL;
  if (!threshold)
    return 0;
  f->kind = xasprintf("lock held too long (threshold %d ms)", atoi(threshold + 12));
  if (acquired) {
    struct site *site = finding_add_site(f);
    site->what = xstrdup("locked");
    take_frame(acquired, &site->at);
  }
  struct site *site = finding_add_site(f);
  site->what = xstrdup("unlocked");
  take_frame(held, &site->at);
  return 1;
}

static int is_thread_heading(const char *title) {
  int n;
  char colon;
  return sscanf(title, "Thread %d%c", &n, &colon) == 2 && colon == ':';
}

static void normalize_valgrind_report(const struct raw_report *r, struct finding *f) {
  if (normalize_held_too_long(r, f))
    return;
  for (size_t i = 0; i < r->nsections; i++) {
    const struct raw_section *s = &r->sections[i];
    if (is_thread_heading(s->title))
      continue;
    if (!f->kind) {
      f->kind = normalize_title(s->title);
      if (!s->nframes)
        continue;
    }
    struct site *site = finding_add_site(f);
    site->what = normalize_title(s->title);
    take_frame(s, &site->at);
  }
  if (!f->kind)
    f->kind = xstrdup("valgrind report");
}

void findings_from_valgrind_text(const char *text, size_t len, struct findings *out) {
  struct raw_reports raw = {0};
  valgrind_parse(text, len, &raw);
  for (size_t i = 0; i < raw.len; i++)
    normalize_valgrind_report(&raw.items[i], findings_add(out));
  raw_reports_free(&raw);
}
