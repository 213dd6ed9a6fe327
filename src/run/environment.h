/* The environment a program runs in under racecheck: its own, TSan's options pinned. */
#ifndef RACECHECK_ENVIRONMENT_H
#define RACECHECK_ENVIRONMENT_H

/* What a stable comparison needs from TSan; the user's own TSAN_OPTIONS come after. */
extern const char PINNED_TSAN_OPTIONS[];

/* The environment a case runs in: racecheck's own, with TSAN_OPTIONS pinned, then
 * log_option (TSan's log_path) unless NULL, then, where caller_tsan_options asks, the caller's
 * TSAN_OPTIONS, so they win; and schedule_env, the compiled schedule, unless NULL. A caller's
 * VALGRIND_OPTS and RACECHECK_SCHEDULE are left out: the lock ledger's channel is a descriptor,
 * never a name in the environment. */
char **case_environment(int caller_tsan_options, const char *log_option, const char *schedule_env);
void free_environment(char **envp);

#endif
