/* Forks a child that leaves the process group (as daemon() does) and would run forever,
 * tells its pid through the file named by argv[1], and exits. racecheck must find it all
 * the same, as the reaper of its orphans, and kill it. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  pid_t child = fork();
  if (child == 0) {
    setsid();
    for (;;)
      pause();
  }
  FILE *f = fopen(argv[1], "w");
  if (!f)
    return 1;
  fprintf(f, "%d\n", (int)child);
  fclose(f);
  return 0;
}
