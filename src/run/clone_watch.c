#include "clone_watch.h"

#include "../../shim/watch_filter.h"
#include "ledger_vouch.h"

#include "array.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int clone_watch_install(int sock, int ledger, int count_threads) {
  int listener = racecheck_watch_filter(ledger, count_threads);
  if (listener < 0)
    return -1;
  int sent = racecheck_send_fd(sock, listener);
  close(listener); /* the program must never hold it: it could answer for racecheck */
  return sent;
}

int clone_watch_receive(int sock) {
  return racecheck_receive_fd(sock, MSG_DONTWAIT);
}

/* The numbers of a line of /proc/PID/status ("\nNSpid:"), one per pid namespace. */
static void status_field(const char *status, const char *name, struct strlist *out) {
  const char *line = strstr(status, name);
  if (!line)
    return;
  const char *at = line + strlen(name);
  char *text = xstrndup(at, strcspn(at, "\n"));
  split_words(text, " \t", out);
  free(text);
}

/* Whether the thread `tid` (this machine's number) is of the program: its thread group,
 * numbered in each pid namespace it is in ("NStgid:\tHOST\tINNER"), is in exactly the
 * program's namespaces with the program's number there. A process in a namespace the
 * program made deeper has more numbers, and is not it. */
static pid_t program_group(const struct clone_watch *w, pid_t tid, pid_t *inner) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
  struct buf status = {0};
  pid_t found = 0;
  if (read_file(path, &status)) {
    struct strlist group = {0}, thread = {0};
    status_field(buf_str(&status), "\nNStgid:", &group);
    status_field(buf_str(&status), "\nNSpid:", &thread);
    if (group.len == (size_t)w->depth && atol(group.items[group.len - 1]) == w->program &&
        thread.len == group.len) {
      found = (pid_t)atol(group.items[0]);
      *inner = (pid_t)atol(thread.items[thread.len - 1]);
    }
    strlist_free(&group), strlist_free(&thread);
  }
  buf_free(&status);
  return found;
}

/* Adds tid to the set of threads seen; returns whether it is new. An open-addressing
 * table of thread ids (never 0), doubled when half full. */
static int thread_seen(struct clone_watch *w, pid_t tid) {
  if (2 * (w->seen_used + 1) > w->seen_size) {
    size_t size = w->seen_size ? 2 * w->seen_size : 1024;
    pid_t *old = w->seen, *table = xmalloc(size * sizeof *table);
    memset(table, 0, size * sizeof *table);
    for (size_t i = 0; i < w->seen_size; i++)
      for (size_t k = (size_t)old[i] & (size - 1); old[i]; k = (k + 1) & (size - 1))
        if (!table[k]) {
          table[k] = old[i];
          break;
        }
    free(old);
    w->seen = table, w->seen_size = size;
  }
  size_t k = (size_t)tid & (w->seen_size - 1);
  for (; w->seen[k]; k = (k + 1) & (w->seen_size - 1))
    if (w->seen[k] == tid)
      return 0;
  w->seen[k] = tid;
  w->seen_used++;
  return 1;
}

/* Whether the thread tid is of the program's process; group is set to its process if so,
 * and inner to the thread's number as the program sees it. */
static int is_program(struct clone_watch *w, pid_t tid, pid_t *group, pid_t *inner) {
  *group = program_group(w, tid, inner);
  if (!*group || (w->program_host && *group != w->program_host))
    return *group = 0;
  w->program_host = *group;
  return 1;
}

static void answer_one(struct clone_watch *w) {
  struct seccomp_notif n;
  memset(&n, 0, sizeof n);
  if (ioctl(w->listener, SECCOMP_IOCTL_NOTIF_RECV, &n) != 0)
    return; /* the caller died meanwhile, or another read took it */
  struct seccomp_notif_resp answer = {.id = n.id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE};
  pid_t group = 0, inner = 0;
  if (n.data.nr != __NR_rseq && n.data.nr != __NR_execve && n.data.nr != __NR_execveat) {
    if (w->ledger) /* a write to the ledger's descriptor: the filter watches no other */
      ledger_vouch_answer(w->ledger, w->listener, &n, &answer);
  } else if (n.data.nr == __NR_rseq) {
    /* the main thread is not one the program made; its call says glibc registers rseq */
    if (is_program(w, (pid_t)n.pid, &group, &inner) && (pid_t)n.pid == group)
      w->rseq_used = 1;
    else if (group && thread_seen(w, (pid_t)n.pid))
      *ARRAY_PUSH(w->threads, w->nthreads) = inner;
  } else if (is_program(w, (pid_t)n.pid, &group, &inner) && w->started) {
    /* a program that runs itself again, or another program in its place, would run with
     * an environment of its choosing: TSan's options among it */
    answer = (struct seccomp_notif_resp){.id = n.id, .error = -EPERM};
    w->execs_refused++;
  } else if (group) {
    w->started = 1; /* the exec that starts the program */
  }
  while (ioctl(w->listener, SECCOMP_IOCTL_NOTIF_SEND, &answer) != 0 && errno == EINTR)
    ;
}

/* Each call waits for its answer, a thread that writes the ledger among them: every call
 * waiting now is answered before racecheck looks at anything else (at most a bounded
 * number, so that a program that calls without end cannot starve the watch). */
enum { ANSWERS_AT_ONCE = 256 };

void clone_watch_answer(struct clone_watch *w) {
  struct pollfd waiting = {.fd = w->listener, .events = POLLIN};
  int n = 0;
  do
    answer_one(w);
  while (++n < ANSWERS_AT_ONCE && poll(&waiting, 1, 0) > 0 && (waiting.revents & POLLIN));
}

void clone_watch_free(struct clone_watch *w) {
  free(w->seen);
  free(w->threads);
  w->seen = NULL, w->threads = NULL;
  w->seen_size = w->seen_used = w->nthreads = 0;
}
