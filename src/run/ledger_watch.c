#include "ledger_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

/* No record is this long: a longer line is dropped rather than kept growing. */
enum { MAX_PENDING = 1 << 16 };

int ledger_notify_open(const char *path) {
  int notify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (notify >= 0 && inotify_add_watch(notify, path, IN_MODIFY) < 0) {
    int saved = errno;
    close(notify);
    errno = saved;
    return -1;
  }
  return notify;
}

int ledger_watch_open(struct ledger_watch *w, const char *path, int notify) {
  *w = (struct ledger_watch){.notify = notify, .file = -1};
  w->file = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (notify < 0) {
    w->notify = ledger_notify_open(path);
    w->owns_notify = 1;
  }
  if (w->file < 0 || w->notify < 0) {
    int saved = errno;
    ledger_watch_close(w);
    errno = saved;
    return -1;
  }
  return 0;
}

static void drain_events(int notify) {
  char events[4096];
  while (read(notify, events, sizeof events) > 0)
    ;
}

int ledger_watch_read(struct ledger_watch *w) {
  if (w->file < 0)
    return 0;
  drain_events(w->notify);
  size_t before = w->ledger.len;
  char chunk[65536];
  for (ssize_t n; (n = read(w->file, chunk, sizeof chunk)) > 0;) {
    buf_add(&w->pending, chunk, (size_t)n);
    size_t used = ledger_parse(w->pending.data, w->pending.len, &w->ledger);
    if (used == 0 && w->pending.len > MAX_PENDING)
      used = w->pending.len;
    memmove(w->pending.data, w->pending.data + used, w->pending.len - used);
    w->pending.len -= used;
    w->pending.data[w->pending.len] = '\0';
  }
  return w->ledger.len > before;
}

void ledger_watch_close(struct ledger_watch *w) {
  if (w->file >= 0)
    close(w->file);
  if (w->notify >= 0 && w->owns_notify)
    close(w->notify);
  buf_free(&w->pending);
  ledger_free(&w->ledger);
  *w = (struct ledger_watch){.notify = -1, .file = -1};
}
