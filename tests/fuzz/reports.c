/* libFuzzer target: any bytes, read as a detector's stderr, through every report parser,
 * the normalizer and the renderer. Nothing may crash, leak or trip ASan or UBSan.
 * Seeds: tests/fixtures/clang14 tests/fixtures/clang19 tests/fixtures/valgrind */
#include "pipeline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = xstrndup((const char *)data, size); /* stderr is text; a NUL ends it */
  for (int detector = TOOL_TSAN; detector <= TOOL_CLANG; detector++) {
    struct run_capture capture = {
        .detector = detector,
        .end = CHILD_NOT_STARTED,
        .err = text,
        .err_len = strlen(text),
        .source_root = size % 2 ? "/tmp" : NULL}; /* valgrind's full paths, or as printed */
    struct run_findings found = {0};
    struct strlist lines = {0};
    run_findings_make(&capture, &found);
    run_findings_lines(&found, &lines);
    strlist_free(&lines);
    run_findings_free(&found);
  }
  free(text);
  return 0;
}
