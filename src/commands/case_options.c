#include "case_options.h"

#include <stdlib.h>

struct case_paths paths_of(const struct options *o, const char *name) {
  return case_paths_make(o->cases_dir, o->build_dir, o->expected_dir, name);
}

struct run_options run_options_of(const struct options *o) {
  return (struct run_options){.timeout_s = o->timeout_s, .gdb = o->gdb};
}

char *verdict_path(const struct options *o, const char *name) {
  return o->verdicts_dir ? xasprintf("%s/%s", o->verdicts_dir, name)
                         : xasprintf("%s/verdicts/%s", o->build_dir, name);
}

int verdict_kept_read(const struct options *o, const char *name, enum verdict_status *status,
                      char **summary) {
  char *path = verdict_path(o, name);
  struct buf text = {0};
  int rc =
      read_file(path, &text) ? verdict_kept_summary(buf_str(&text), name, status, summary) : -1;
  buf_free(&text);
  free(path);
  return rc;
}
