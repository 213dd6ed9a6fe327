/* Rule: what a thread writes before it sends is ordered before what the receiver does after
 * it receives; what it writes after is not.
 * main asks a server thread a question over a socket pair and waits for the reply; the
 * server waits for the question with poll(), counts it in `served`, then answers; main
 * reads the count after the reply, which the socket orders after the count.
 * Twin: socket_reply_buggy.c (the server counts after it answers). */
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
    served++; /* FIX: counted before the answer is sent */
    send(ends[1], &answer, sizeof answer, 0);
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
