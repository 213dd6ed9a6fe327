/* The one way the runner grows an array: by one zeroed element at a time, doubling its room
 * when its length reaches a power of two, so no capacity field is needed. */
#ifndef RACECHECK_ARRAY_H
#define RACECHECK_ARRAY_H

#include "text.h"

#include <stddef.h>
#include <string.h>

/* Appends a zeroed element of `size` bytes to *items (whose length is *len); returns it. */
static inline void *array_push(void *items, size_t *len, size_t size) {
  void **array = items;
  size_t n = *len;
  if ((n & (n - 1)) == 0) /* 0, 1, 2, 4...: full */
    *array = xrealloc(*array, (n ? 2 * n : 1) * size);
  void *element = (char *)*array + n * size;
  memset(element, 0, size);
  *len = n + 1;
  return element;
}

/* The number of elements of a fixed array. */
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define ARRAY_PUSH(items, len) ((__typeof__(items))array_push(&(items), &(len), sizeof *(items)))

#endif
