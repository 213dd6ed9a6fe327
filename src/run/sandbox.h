/* A learner's build and program, run inside bubblewrap: as an unprivileged user (when
 * racecheck runs as root, a uid of its own, or nobody if none is free), with no network, in a pid
 * namespace of its own that dies with it, the system and the project read-only, racecheck's own
 * folders (cases/, expected/, the build folder, the class) hidden, and writable only the sandbox's
 * private folder, the run's report folder and a small /tmp. */
#ifndef RACECHECK_SANDBOX_H
#define RACECHECK_SANDBOX_H

#include "text.h"

#include <sys/types.h>

struct sandbox {
  char *work;            /* the private folder: the submission's copy and its builds */
  struct strlist hidden; /* folders it must not see, each covered by an empty one */
  struct strlist shown;  /* files of those it may read: racecheck's binary, for vet */
  uid_t uid;             /* whom it runs as */
  gid_t gid;
  int uid_lock; /* as root: the lock that keeps uid this sandbox's alone, or -1 */
};

/* The descriptor bwrap writes its first process's pid to, in the sandboxed child. */
enum { SANDBOX_INFO_FD = 3 };
/* The command bwrap starts is the second process of the sandbox's pid namespace (bwrap's
 * own is the first). */
enum { SANDBOX_PROGRAM_PID = 2 };

/* Makes the private folder under build_dir/sandbox/; returns 0, or -1 with *error. */
int sandbox_open(struct sandbox *s, const char *build_dir, char **error);
/* The folder is hidden from what runs inside (if it exists). */
void sandbox_hide(struct sandbox *s, const char *folder);
/* A file in a hidden folder that what runs inside may read (and run): racecheck itself. */
void sandbox_show(struct sandbox *s, const char *file);
/* Copies a regular file (no FIFO, device or link out of its folder, at most 1 MiB) into
 * the private folder, under the same name; returns the copy's path, or NULL with *error. */
char *sandbox_copy_in(const struct sandbox *s, const char *path, char **error);
/* Copies every header (.h) of `folder` into the private folder; returns how many could not
 * be copied. */
int sandbox_copy_headers(const struct sandbox *s, const char *folder);
/* Gives a folder racecheck made (a run's report folder) to the sandbox's user. */
void sandbox_give(const struct sandbox *s, const char *path);
/* bwrap's command line around argv, with `writable` (or NULL) writable too. */
void sandbox_command(const struct sandbox *s, const char *writable, char *const argv[],
                     struct strlist *out);
/* bwrap's first process in the sandbox, from what bwrap writes on its info descriptor
 * (read here from fd, to its end): {"child-pid": N, ...}, N as this machine's /proc numbers
 * it; 0 if none. */
pid_t sandbox_read_info(int fd);
/* In the child, before exec: racecheck as root becomes the sandbox's user. */
int sandbox_drop_privileges(const struct sandbox *s);
/* Threads of every process of this user: what RLIMIT_NPROC counts. */
long threads_of_user(uid_t uid);
/* The processes (threads count) a submission may add to what its user runs already: room
 * for a lesson's thousand threads, none for a fork bomb to take the machine. */
enum { SANDBOX_PROCESS_ROOM = 1500 };
/* How many sandboxes grade runs at once (1 if unset), in each try's environment: where
 * they run as one user (not root's private uids), each makes room for the others' threads. */
#define SANDBOX_JOBS_ENV "RACECHECK_GRADE_JOBS"
/* RLIMIT_NPROC for what runs in the sandbox: the kernel holds its unprivileged user to it,
 * with SANDBOX_PROCESS_ROOM for each sandbox running at once. */
long sandbox_max_processes(const struct sandbox *s);
/* Removes the private folder and everything in it. */
void sandbox_close(struct sandbox *s);

#endif
