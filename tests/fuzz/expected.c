/* libFuzzer target: any bytes, read as an expected file, then matched against its own
 * lines. Nothing may crash, leak or trip ASan or UBSan, a file with no {{n}} pattern must
 * match its own lines, and blessing the same lines must give back every line as it was.
 * Seeds: expected */
#include "expect.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = xstrndup((const char *)data, size);
  struct expected e;
  char *error = NULL;
  if (expect_parse(text, strlen(text), &e, &error) == 0) {
    struct strlist actual = {0}, seen = {0};
    int has_pattern = 0;
    for (size_t i = 0; i < e.lines.len; i++) {
      has_pattern |= strstr(e.lines.items[i], "{{") != NULL;
      strlist_push(&actual, xstrdup(e.lines.items[i]));
    }
    if (!has_pattern && !expect_match(&e, &actual, &seen))
      abort(); /* a file without patterns must match its own lines */
    struct strlist lines = {0};
    struct buf whole = {0};
    split_lines(text, strlen(text), &lines);
    for (size_t i = 0; i < lines.len; i++)
      buf_printf(&whole, "%s\n", lines.items[i]);
    char *blessed = expect_rewrite(&e, &e.lines);
    if (strcmp(blessed, buf_str(&whole)) != 0)
      abort(); /* every comment where it was */
    free(blessed);
    buf_free(&whole);
    strlist_free(&lines);
    strlist_free(&actual);
    strlist_free(&seen);
    expect_free(&e);
  }
  free(error);
  free(text);
  return 0;
}
