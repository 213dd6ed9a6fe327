/* expect: FAIL fork_bomb */
/* Forty processes made with clone(CLONE_PARENT), each a sibling of the program, the child of
 * what started it (in a sandboxed try, the fork server, which keeps a symbolizer as its child
 * too), and each waits for good. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  prctl(PR_SET_NAME, "rc-hostile"); /* the test looks for survivors by this name */
  for (int i = 0; i < 40; i++)
    if (syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0) == 0)
      for (;;)
        syscall(SYS_pause);
  for (;;)
    syscall(SYS_pause);
  printf("counter = 1000\n");
  return 0;
}
