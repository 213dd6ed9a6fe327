/* expect: FAIL detector_off */
/* The racy counter, with TSan's options hook defined in assembly, its name never whole in the
 * source. */
#include <pthread.h>
#include <stdio.h>

const char quiet[] = "report_bugs=0";
/* an assembler macro joins the name's halves: the C source never holds it whole */
__asm__(".macro hook a, b\n"
        ".globl \\a\\()\\b\n"
        "\\a\\()\\b:\n"
        "  lea quiet(%rip), %rax\n"
        "  ret\n"
        ".endm\n"
        "hook __ts, an_default_options\n");

static int counter;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++)
    counter++;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
