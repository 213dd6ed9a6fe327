/* Locks that only `--lock-type ticket_lock --lock-type "struct spinner"` names: the test
 * vets this file with those options, and once without them, to find nothing. */
typedef struct {
  int next, serving;
} ticket_lock;

struct spinner {
  int held;
};

struct queue {
  struct spinner spin;
  ticket_lock tickets[2];
};

void option(ticket_lock *to, ticket_lock *from, struct queue *q, struct queue *r) {
  *to = *from;                /* vet: ASSIGN_COPIES */
  *q = *r;                    /* vet: ASSIGN_COPIES */
  struct spinner s = q->spin; /* vet: INIT_COPIES */
  (void)s;
}
