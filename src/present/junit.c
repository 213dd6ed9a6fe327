#include "junit.h"

#include "utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Length of the character at s that XML 1.0 allows, or 0: no control character but the
 * line break and the tab, no invalid UTF-8. */
static size_t xml_char_length(const unsigned char *s) {
  if (s[0] < 0x20)
    return s[0] == '\n' || s[0] == '\t' ? 1 : 0;
  if (s[0] == 0x7f || (s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf)))
    return 0;                    /* U+FFFE and U+FFFF are no XML characters either */
  return utf8_char_length(s, 4); /* a NUL ends a sequence first */
}

/* Text a program printed, as XML character data: markup escaped; a control character or an
 * invalid byte, which XML cannot hold even escaped, written visibly as \xNN. */
static void add_escaped(struct buf *b, const char *text) {
  for (const unsigned char *p = (const unsigned char *)text; *p;) {
    size_t n = xml_char_length(p);
    if (n == 0)
      buf_printf(b, "\\x%02x", *p);
    else if (*p == '<')
      buf_adds(b, "&lt;");
    else if (*p == '>')
      buf_adds(b, "&gt;");
    else if (*p == '&')
      buf_adds(b, "&amp;");
    else if (*p == '"')
      buf_adds(b, "&quot;");
    else
      buf_add(b, (const char *)p, n);
    p += n ? n : 1;
  }
}

static void add_testcase(struct buf *b, const struct verdict *v) {
  buf_adds(b, "    <testcase classname=\"racecheck\" name=\"");
  add_escaped(b, v->name);
  buf_adds(b, "\">\n");
  const char *element = v->status == VERDICT_ENV    ? "skipped"
                        : v->status == VERDICT_PASS ? NULL
                                                    : "failure";
  if (element) {
    buf_printf(b, "      <%s message=\"", element);
    add_escaped(b, v->summary);
    buf_printf(b, "\" type=\"%s\">", verdict_word(v->status));
    add_escaped(b, v->details);
    buf_printf(b, "</%s>\n", element);
  }
  if (v->run.lines.len) {
    buf_adds(b, "      <system-out>");
    for (size_t i = 0; i < v->run.lines.len; i++) {
      add_escaped(b, v->run.lines.items[i]);
      buf_adds(b, "\n");
    }
    buf_adds(b, "</system-out>\n");
  }
  buf_adds(b, "    </testcase>\n");
}

int junit_write(const char *path, const struct verdict *verdicts, size_t n) {
  size_t failures = 0, skipped = 0;
  for (size_t i = 0; i < n; i++) {
    failures += verdicts[i].status == VERDICT_FAIL || verdicts[i].status == VERDICT_FLAKY;
    skipped += verdicts[i].status == VERDICT_ENV;
  }
  struct buf b = {0};
  buf_printf(&b,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<testsuites>\n"
             "  <testsuite name=\"racecheck\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
             "skipped=\"%zu\">\n",
             n, failures, skipped);
  for (size_t i = 0; i < n; i++)
    add_testcase(&b, &verdicts[i]);
  buf_adds(&b, "  </testsuite>\n</testsuites>\n");
  int ok = write_file(path, b.data, b.len);
  int saved = errno;
  buf_free(&b);
  errno = saved;
  return ok ? 0 : -1;
}
