/* Allocation that cannot fail: out of memory ends the process (as Redis and
 * git do), so callers need not thread ENOMEM through every layer. Used by the
 * arena, the string buffer and, through json_set_alloc_funcs, jansson. */
#ifndef MENTORD_XALLOC_H
#define MENTORD_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
