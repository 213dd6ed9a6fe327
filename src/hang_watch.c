#include "hang_watch.h"

#include "text.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Samples in a row with every thread blocked and no context switch between them. */
enum { QUIET_SAMPLES_FOR_ASLEEP = 3 };

enum { SYS_NANOSLEEP = 35, SYS_FUTEX = 202 };

struct thread_sample {
  char state;
  long syscall; /* -1 when running or unknown */
  unsigned long long timeout_arg;
  unsigned long long switches;
};

static int read_small(const char *path, char *buf, size_t size) {
  FILE *f = fopen(path, "r");
  if (!f)
    return 0;
  size_t n = fread(buf, 1, size - 1, f);
  fclose(f);
  buf[n] = '\0';
  return n > 0;
}

static int sample_thread(pid_t pid, const char *tid, struct thread_sample *out) {
  char path[128], text[4096];
  snprintf(path, sizeof path, "/proc/%d/task/%s/stat", (int)pid, tid);
  if (!read_small(path, text, sizeof text))
    return 0;
  const char *close = strrchr(text, ')'); /* the command name may hold spaces or ')' */
  if (!close || close[1] != ' ')
    return 0;
  out->state = close[2];

  snprintf(path, sizeof path, "/proc/%d/task/%s/syscall", (int)pid, tid);
  unsigned long long args[4] = {0};
  out->syscall = -1;
  if (read_small(path, text, sizeof text) && sscanf(text, "%ld %llx %llx %llx %llx", &out->syscall,
                                                    &args[0], &args[1], &args[2], &args[3]) < 1)
    out->syscall = -1;
  out->timeout_arg = args[3];

  snprintf(path, sizeof path, "/proc/%d/task/%s/status", (int)pid, tid);
  out->switches = 0;
  if (read_small(path, text, sizeof text)) {
    for (const char *p = text; (p = strstr(p, "ctxt_switches:")); p++)
      out->switches += strtoull(p + strlen("ctxt_switches:"), NULL, 10);
  }
  return 1;
}

void hang_watch_init(struct hang_watch *w, pid_t pid) {
  *w = (struct hang_watch){.pid = pid};
}

/* A thread blocked for good: asleep in a futex wait that has no deadline. The TSan
 * runtime's own helper thread naps through the raw nanosleep syscall, which the C library's
 * sleep functions never use (they call clock_nanosleep), so it is left out of the count. */
static int sample_all(pid_t pid, unsigned *blocked, unsigned long long *switches) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
  DIR *dir = opendir(path);
  if (!dir)
    return 0;
  int asleep = 1;
  *blocked = 0;
  *switches = 0;
  for (struct dirent *e; asleep && (e = readdir(dir));) {
    if (e->d_name[0] == '.')
      continue;
    struct thread_sample t;
    if (!sample_thread(pid, e->d_name, &t) || t.state != 'S') {
      asleep = 0;
    } else if (t.syscall == SYS_FUTEX && t.timeout_arg == 0) {
      ++*blocked;
      *switches += t.switches;
    } else if (t.syscall != SYS_NANOSLEEP) {
      asleep = 0;
    }
  }
  closedir(dir);
  return asleep && *blocked > 0;
}

int hang_watch_sample(struct hang_watch *w) {
  unsigned blocked;
  unsigned long long switches;
  if (!sample_all(w->pid, &blocked, &switches)) {
    w->quiet_samples = 0;
    return 0;
  }
  int unchanged = blocked == w->last_threads && switches == w->last_switches;
  w->quiet_samples = unchanged ? w->quiet_samples + 1 : 0;
  w->last_threads = blocked;
  w->last_switches = switches;
  return w->quiet_samples >= QUIET_SAMPLES_FOR_ASLEEP;
}
