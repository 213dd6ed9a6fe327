/* Forks a child that would run forever, tells its pid through the file named by argv[1],
 * and exits at once. racecheck must give the parent's verdict, kill the child and reap it. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  pid_t child = fork();
  if (child == 0) {
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
