#include "environment.h"

#include "report_channel.h"
#include "sandbox.h"
#include "text.h"

#include <stdlib.h>
#include <unistd.h>

extern char **environ;

const char PINNED_TSAN_OPTIONS[] = "atexit_sleep_ms=0:color=never:history_size=7:"
                                   "exitcode=66:second_deadlock_stack=1:report_signal_unsafe=1:"
                                   "report_thread_leaks=0";

/* TSAN_OPTIONS with racecheck's pinned options, the report channel, and only where asked
 * the caller's own after them (so they win); a caller's VALGRIND_OPTS never reach a case. */
char **case_environment(int caller_tsan_options, const char *log_option, const char *schedule_env) {
  char *cwd = getcwd(NULL, 0);
  char *prefix = cwd ? xasprintf("%s/", cwd) : NULL;
  char *strip = prefix ? tsan_flag("strip_path_prefix", prefix) : NULL;
  const char *user = caller_tsan_options ? getenv("TSAN_OPTIONS") : NULL;
  size_t n = 0;
  while (environ[n])
    n++;
  char **envp = xmalloc((n + 4) * sizeof *envp);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!starts_with(environ[i], "TSAN_OPTIONS=") && !starts_with(environ[i], "VALGRIND_OPTS=") &&
        !starts_with(environ[i], "RACECHECK_LEDGER=") &&
        !starts_with(environ[i], "RACECHECK_SCHEDULE=") &&
        !starts_with(environ[i], SANDBOX_JOBS_ENV "="))
      envp[k++] = xstrdup(environ[i]);
  if (schedule_env)
    envp[k++] = xasprintf("RACECHECK_SCHEDULE=%s", schedule_env);
  /* the caller's options win over the pinned ones, never over where reports go */
  struct buf options = {0};
  buf_printf(&options, "TSAN_OPTIONS=%s", PINNED_TSAN_OPTIONS);
  const char *parts[] = {strip, user && *user ? user : NULL, log_option};
  for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
    if (parts[i])
      buf_printf(&options, ":%s", parts[i]);
  envp[k++] = options.data;
  envp[k] = NULL;
  free(cwd), free(prefix), free(strip);
  return envp;
}

void free_environment(char **envp) {
  for (char **p = envp; *p; p++)
    free(*p);
  free(envp);
}
