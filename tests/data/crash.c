/* Dies of SIGSEGV in crash(), at the line marked CRASH: racecheck must say where. */
static int *volatile nowhere;

static void crash(void) {
  *nowhere = 1; /* CRASH */
}

int main(void) {
  crash();
  return 0;
}
