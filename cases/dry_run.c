/* Rule: a mutex lets one thread at a time in; the others wait in line for the key.
 * Threads T1 and T2 each add one to a shared counter under a mutex. T2 asks for the key
 * while T1 holds it, so T2 blocks until T1 gives it back. Each thread notes what it does,
 * and at which turn, in a log of its own; once both are joined, main prints the events as
 * a step-by-step table, with the mutex and the counter as they were after each step.
 * No twin: this case shows the mutex working, and TSan has nothing to report. */
#include <pthread.h>
#include <stdio.h>

#include "forced_order.h"

enum kind { LOCKED, BLOCKED, TOOK_KEY, UPDATED, UNLOCKED };

struct event {
  int thread, turn;
  enum kind kind;
  int old_value, new_value;
};

struct worker {
  int thread, first_turn, events;
  struct event log[4];
};

static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void note(struct worker *w, int turn, enum kind kind, int old_value, int new_value) {
  w->log[w->events++] = (struct event){w->thread, turn, kind, old_value, new_value};
}

static void *increment(void *arg) {
  struct worker *w = arg;
  wait_turn(w->first_turn);
  int asked_at = current_turn();
  pthread_mutex_lock(&counter_mu);
  if (current_turn() != asked_at) { /* the key was gone: it gave its turn away, and waited */
    note(w, asked_at, BLOCKED, 0, 0);
    note(w, current_turn(), TOOK_KEY, 0, 0);
  } else {
    note(w, asked_at, LOCKED, 0, 0);
  }
  next_turn();
  wait_turn(w->first_turn + 2); /* T1 keeps the key until T2 has asked for it */
  int old_value = counter;
  counter = old_value + 1;
  note(w, current_turn(), UPDATED, old_value, counter);
  next_turn();
  note(w, current_turn(), UNLOCKED, 0, 0);
  next_turn();
  pthread_mutex_unlock(&counter_mu);
  return NULL;
}

/* One turn was one step of one thread: replays the steps in turn order. */
static void print_table(const struct worker workers[2]) {
  const struct event *steps[8] = {0};
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < workers[i].events; j++)
      if (workers[i].log[j].turn < 8)
        steps[workers[i].log[j].turn] = &workers[i].log[j];
  printf("%-4s %-22s %-22s %-13s %s\n", "step", "thread 1", "thread 2", "mutex state", "counter");
  int holder = 0, waiting = 0, value = 0;
  for (int turn = 0; turn < 8 && steps[turn]; turn++) {
    const struct event *e = steps[turn];
    char action[32], mutex[16];
    switch (e->kind) {
    case LOCKED:
      snprintf(action, sizeof action, "calls lock()");
      holder = e->thread;
      break;
    case BLOCKED:
      snprintf(action, sizeof action, "calls lock(): blocked");
      waiting = e->thread;
      break;
    case TOOK_KEY:
      snprintf(action, sizeof action, "takes the key");
      waiting = 0;
      holder = e->thread;
      break;
    case UPDATED:
      snprintf(action, sizeof action, "updates %d -> %d", e->old_value, e->new_value);
      value = e->new_value;
      break;
    case UNLOCKED:
      snprintf(action, sizeof action, "calls unlock()");
      holder = 0;
      break;
    }
    if (holder)
      snprintf(mutex, sizeof mutex, "locked by T%d", holder);
    else
      snprintf(mutex, sizeof mutex, "unlocked");
    const char *cell[3] = {NULL, "-", "-"};
    cell[e->thread] = action;
    if (waiting && waiting != e->thread)
      cell[waiting] = "(waiting)";
    printf("%-4d %-22s %-22s %-13s %d\n", turn + 1, cell[1], cell[2], mutex, value);
  }
}

int main(void) {
  struct worker workers[2] = {{.thread = 1, .first_turn = 0}, {.thread = 2, .first_turn = 1}};
  pthread_t threads[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&threads[i], NULL, increment, &workers[i]);
  for (int i = 0; i < 2; i++)
    pthread_join(threads[i], NULL);
  print_table(workers);
  printf("counter = %d\n", counter);
  return 0;
}
