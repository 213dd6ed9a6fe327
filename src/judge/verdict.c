#include "verdict.h"

#include "term.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const WORDS[] = {[VERDICT_PASS] = "PASS",
                                    [VERDICT_FAIL] = "FAIL",
                                    [VERDICT_ENV] = "ENV",
                                    [VERDICT_FLAKY] = "FLAKY"};

const char *verdict_word(enum verdict_status s) {
  return WORDS[s];
}

void verdict_print(FILE *out, const struct verdict *v) {
  char *text =
      xasprintf("%-5s %s: %s\n%s", verdict_word(v->status), v->name, v->summary, v->details);
  term_write(out, text, strlen(text)); /* a summary or a diff may quote the program */
  free(text);
}

void verdict_free(struct verdict *v) {
  free(v->name);
  free(v->summary);
  free(v->details);
  run_result_free(&v->run);
  *v = (struct verdict){0};
}

/* A kept verdict starts with this line and its status word; `check`'s text follows. */
static const char KEPT_HEADER[] = "racecheck verdict: ";

char *verdict_kept_text(const struct verdict *v) {
  struct buf text = {0};
  FILE *shown = open_memstream(&text.data, &text.len);
  if (!shown) {
    fprintf(stderr, "racecheck: %s\n", strerror(errno));
    exit(2);
  }
  fprintf(shown, "%s%s\n", KEPT_HEADER, verdict_word(v->status));
  verdict_print(shown, v);
  fclose(shown);
  return text.data;
}

int verdict_kept_status(const char *text, const char **rest) {
  if (!starts_with(text, KEPT_HEADER))
    return -1;
  const char *word = text + strlen(KEPT_HEADER);
  size_t len = strcspn(word, "\n");
  *rest = word[len] ? word + len + 1 : word + len;
  for (int s = VERDICT_PASS; s <= VERDICT_FLAKY; s++)
    if (strlen(WORDS[s]) == len && strncmp(word, WORDS[s], len) == 0)
      return s;
  return -1;
}

int verdict_kept_summary(const char *text, const char *name, enum verdict_status *status,
                         char **summary) {
  const char *rest = NULL;
  int s = verdict_kept_status(text, &rest);
  char *line = s >= 0 ? xstrndup(rest, strcspn(rest, "\n")) : NULL;
  char *prefix = xasprintf("%s: ", name);
  const char *said = line ? strstr(line, prefix) : NULL;
  if (said) {
    *status = (enum verdict_status)s;
    *summary = xstrdup(said + strlen(prefix));
  }
  free(prefix), free(line);
  return said ? 0 : -1;
}
