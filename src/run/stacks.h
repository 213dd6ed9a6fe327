/* Asks gdb about a live process: every thread's stack, where each thread was created (from
 * the table the case's pthread_create wrapper keeps) and the names of some addresses. */
#ifndef RACECHECK_STACKS_H
#define RACECHECK_STACKS_H

#include <stddef.h>
#include <sys/types.h>

struct stack_frame {
  char *func;
  char *file; /* basename */
  int line;
  int in_program; /* the program's own code, with line info from its executable */
};

struct thread_stack {
  long tid;
  struct stack_frame *frames; /* innermost first */
  size_t nframes;
};

struct thread_origin {
  long tid;
  char *file; /* basename of the file with the pthread_create call */
  int line;
};

struct symbol_name {
  unsigned long long addr;
  char *name; /* "balance_mu", "acct.mu" */
};

struct stacks {
  long pid;
  struct thread_stack *threads;
  size_t nthreads;
  struct thread_origin *origins;
  size_t norigins;
  struct symbol_name *symbols;
  size_t nsymbols;
  char *error; /* why no stacks could be taken; NULL on success */
};

/* Attaches `gdb` to the thread tid; names the given addresses where the program has a
 * symbol there. */
struct proc_view;
void stacks_take(const struct proc_view *view, pid_t tid, const char *gdb,
                 const unsigned long long *addrs, size_t naddrs, struct stacks *out);
/* Parses the lines our gdb script prints. */
void stacks_parse(const char *text, size_t len, struct stacks *out);
void stacks_free(struct stacks *s);

const struct thread_stack *stacks_thread(const struct stacks *s, long tid);
const struct thread_origin *stacks_origin(const struct stacks *s, long tid);
/* The program's name for an address, or NULL; never a name of the sanitizer runtime's. */
const char *stacks_symbol(const struct stacks *s, unsigned long long addr);
/* Whether the address is the sanitizer runtime's own data, such as its internal locks. */
int stacks_in_runtime(const struct stacks *s, unsigned long long addr);
/* Index of the innermost frame in the program's code, or nframes if there is none. */
size_t program_frame(const struct thread_stack *t);
int is_runtime_thread(const struct thread_stack *t);

#endif
