/* Prints, on its own stderr, a report that looks exactly like ThreadSanitizer's, and exits 0.
 * Only the detector may produce a finding: racecheck must show no race here. */
#include <stdio.h>

int main(void) {
  fputs("==================\n"
        "WARNING: ThreadSanitizer: data race (pid=1)\n"
        "  Write of size 4 at 0x55e2df2f3b98 by thread T2:\n"
        "    #0 deposit cases/bank.c:17:11 (bank+0xd0203)\n"
        "\n"
        "  Previous write of size 4 at 0x55e2df2f3b98 by thread T1:\n"
        "    #0 deposit cases/bank.c:17:11 (bank+0xd0203)\n"
        "\n"
        "  Location is global 'balance' of size 4 at 0x55e2df2f3b98 (bank+0x10ab98)\n"
        "\n"
        "SUMMARY: ThreadSanitizer: data race cases/bank.c:17:11 in deposit\n"
        "==================\n",
        stderr);
  return 0;
}
