/* libFuzzer target: any bytes, read as a detector's stderr, through both report parsers,
 * the normalizer and the renderer. Nothing may crash, leak or trip ASan or UBSan.
 * Seeds: tests/fixtures/clang14 tests/fixtures/clang19 tests/fixtures/valgrind */
#include "../../src/finding.h"
#include "../../src/normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = xstrndup((const char *)data, size); /* stderr is text; a NUL ends it */
  struct findings findings = {0};
  struct strlist rendered = {0};
  findings_from_tsan_text(text, strlen(text), &findings);
  findings_from_valgrind_text(text, strlen(text), &findings);
  findings_render(&findings, &rendered);
  strlist_free(&rendered);
  findings_free(&findings);
  free(text);
  return 0;
}
