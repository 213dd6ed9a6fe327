/* Rule: what a thread writes before it sends is ordered before what the receiver does after
 * it receives; what it writes after is not.
 * main asks a server thread a question over a socket pair and waits for the reply; the
 * server waits for the question with poll(), answers, and only then counts the question in
 * `served`, which main reads after the reply: the count and main's read race.
 * Twin: socket_reply_fixed.c (the server counts before it answers). */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>

static int ends[2]; /* main's end [0], the server's [1] */
static int served;

static void *server(void *unused) {
  (void)unused;
  struct pollfd asked = {.fd = ends[1], .events = POLLIN};
  int question = 0;
  if (poll(&asked, 1, -1) == 1 && recv(ends[1], &question, sizeof question, 0) > 0) {
    int answer = question + 1;
    send(ends[1], &answer, sizeof answer, 0);
    served++; /* BUG: counted after the answer was sent */
  }
  return NULL;
}

int main(void) {
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, ends) != 0)
    return 1;
  pthread_t t;
  pthread_create(&t, NULL, server, NULL);
  int question = 41, answer = 0;
  send(ends[0], &question, sizeof question, 0);
  recv(ends[0], &answer, sizeof answer, 0);
  printf("answer %d, questions served: %d\n", answer, served);
  pthread_join(t, NULL);
  return 0;
}
