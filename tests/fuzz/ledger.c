/* libFuzzer target: any bytes, read as the lock ledger's file, through its parser, the
 * findings it makes (with a name for every offset it asks about) and the renderer. Nothing
 * may crash, leak or trip ASan or UBSan.
 * Seeds: tests/fixtures/ledger */
#include "array.h"
#include "ledger_parse.h"
#include "pipeline.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void name_everything(const char *text, size_t len, struct symbols *s) {
  struct ledger l = {0};
  ledger_parse(text, len, &l);
  unsigned long long *code = NULL, *data = NULL;
  size_t ncode = 0, ndata = 0;
  ledger_offsets(&l, &code, &ncode, &data, &ndata);
  *s = (struct symbols){0};
  for (size_t i = 0; i < ncode; i++)
    *ARRAY_PUSH(s->code, s->ncode) = (struct code_name){
        code[i], {.func = xstrdup("f"), .file = xstrdup("f.c"), .line = (int)(code[i] & 0xff)}};
  for (size_t i = 0; i < ndata; i++)
    *ARRAY_PUSH(s->data, s->ndata) = (struct data_name){data[i], xstrdup("mu")};
  free(code);
  free(data);
  ledger_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  struct symbols s;
  name_everything(text, size, &s);
  struct run_capture capture = {
      .end = CHILD_EXITED, .ledger = text, .ledger_len = size, .symbols = &s};
  struct run_findings found = {0};
  struct strlist lines = {0};
  run_findings_make(&capture, &found);
  run_findings_lines(&found, &lines);
  strlist_free(&lines);
  run_findings_free(&found);
  symbols_free(&s);
  return 0;
}
