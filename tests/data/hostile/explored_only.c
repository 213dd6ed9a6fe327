/* expect: FAIL exit */
/* Attacks only in the runs of a schedule try explores that preempts a thread: writes into a
 * classmate's file and the project, reaches the network, and leaves its session to rewrite the
 * grades after grade returned. Every run, explored or not, is forked from the program started
 * once inside the sandbox. The test defines the paths it aims at (CLASS, PROJECT, SECRET, PORT,
 * CASE_FILE) before this line. A correct counter otherwise: if an attack works, it says so and
 * the output is wrong; if every one is stopped, it exits 3, in the explored run and in the
 * replay of its schedule. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *increment(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&counter_mu);
    counter++;
    pthread_mutex_unlock(&counter_mu);
  }
  return NULL;
}

static int write_to(const char *path, int flags) {
  int fd = open(path, O_WRONLY | flags, 0644);
  if (fd < 0)
    return 0;
  int ok = write(fd, "PASS\n", 5) == 5;
  close(fd);
  return ok;
}

static int reach_the_network(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(PORT)};
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int ok = s >= 0 && connect(s, (struct sockaddr *)&to, sizeof to) == 0;
  if (s >= 0)
    close(s);
  return ok;
}

static void outlive_grade(void) {
  if (fork() == 0) {
    setsid();
    if (fork() == 0) {
      prctl(PR_SET_NAME, "rc-hostile");
      sleep(4);
      write_to(CLASS "/../grades.csv", O_TRUNC);
      _exit(0);
    }
    _exit(0);
  }
}

static int attack(void) {
  outlive_grade();
  int classmate = write_to(CLASS "/bob/counter_racy.c", O_TRUNC);
  int project = write_to(CASE_FILE, O_APPEND);
  return classmate + project + reach_the_network();
}

int main(void) {
  prctl(PR_SET_NAME, "rc-hostile"); /* the test looks for survivors by this name */
  pthread_t a, b;
  pthread_create(&a, NULL, increment, NULL);
  pthread_create(&b, NULL, increment, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  const char *schedule = getenv("RACECHECK_SCHEDULE");
  if (!schedule || !strstr(schedule, " =2")) {
    printf("counter = %d\n", counter);
    return 0;
  }
  if (attack()) {
    printf("ESCAPED\n");
    return 0;
  }
  printf("counter = %d\n", counter);
  return 3;
}
