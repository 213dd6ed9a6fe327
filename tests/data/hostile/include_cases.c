/* expect: FAIL does_not_build */
/* Includes the lesson's own fixed case, from the project, instead of a fix of its own. */
#include CASE_FILE /* the absolute path of cases/counter_mutex.c */
