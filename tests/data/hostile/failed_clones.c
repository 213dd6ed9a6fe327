/* expect: FAIL ledger_written */
/* A thousand clone3 calls that make no thread (their arguments are wrong), and a tally that
 * claims a thread for each: a count of clone calls would believe it. */
#include <linux/sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static void say(const char *line) {
  write(1013, line, strlen(line));
}

int main(void) {
  prctl(PR_SET_NAME, "rc-hostile");                /* the test looks for survivors by this name */
  struct clone_args bad = {.flags = CLONE_THREAD}; /* no CLONE_SIGHAND, no CLONE_VM: EINVAL */
  for (int i = 0; i < 1000; i++)
    syscall(SYS_clone3, &bad, sizeof bad);
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
