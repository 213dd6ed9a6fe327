/* Runs a command and writes its wall time and peak memory to a file: "SECONDS MAXRSS_KIB".
 *
 *   build/bench/spawn OUT_FILE COMMAND [ARGS...]
 *
 * The bench measures every run through it. A child's peak memory, as wait4 reports it,
 * counts the process it was forked from up to its exec; the bench links libclang, whose
 * pages would add about 10 MiB to every figure. This program is small, so what it forks
 * weighs nothing before the exec. Its standard streams are the command's. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: spawn OUT_FILE COMMAND [ARGS...]\n");
    return 2;
  }
  double started = now_s();
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
    return 126;
  double seconds = now_s() - started;
  FILE *out = fopen(argv[1], "w");
  if (!out || fprintf(out, "%.6f %ld\n", seconds, ru.ru_maxrss) < 0 || fclose(out) != 0)
    return 126;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 125;
}
