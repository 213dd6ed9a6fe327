/* expect: FAIL ledger_written */
/* No threads at all: the tally racecheck reads is written by hand, straight to the
 * descriptor the shim writes it to, naming nothing of racecheck's. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(const char *line) {
  write(1013, line, strlen(line));
}

int main(void) {
  char line[128];
  long pid = (long)getpid();
  for (int i = 1; i <= 2; i++) { /* two threads that each locked 500 times */
    snprintf(line, sizeof line, "tally %lx %lx 1 1f4 1f4 0 1f4 0\n", pid, pid + i);
    say(line);
  }
  snprintf(line, sizeof line, "tally %lx %lx 0 0 0 0 0 0\nthreads %lx %lx 0 2 0\n", pid, pid, pid,
           pid);
  say(line);
  printf("counter = 1000\n");
  fflush(stdout);
  _exit(0); /* before the shim's own record, which would say no thread was made */
}
