/* A per-thread cache of small heap blocks, for jansson (main.c hands these
 * to json_set_alloc_funcs). A page builds its template context as a tree of
 * thousands of small jansson values and frees it whole when the answer has
 * been sent; glibc's own per-thread cache keeps only seven blocks of a size,
 * so most of those allocations took malloc's slow paths, and freeing the
 * page's large buffers consolidated the rest every request. Here a thread
 * keeps what it freed, by size class, for its next request.
 *
 * Every block is an ordinary malloc block (its class is read back with
 * malloc_usable_size), so one that jansson hands out, json_dumps' text, may
 * still be released with free(), and one allocated elsewhere may come back
 * here. A thread keeps at most BLOCKCACHE_KEEP blocks of each class and
 * releases them when it ends. Under AddressSanitizer the cache is off, so
 * that a use after free of a jansson value is still caught. */
#ifndef MENTORD_BLOCKCACHE_H
#define MENTORD_BLOCKCACHE_H
#include <stddef.h>

/* Like xmalloc (aborts when memory is exhausted). */
void *blockcache_alloc(size_t n);
/* Like free; p may come from malloc, xmalloc or blockcache_alloc. */
void blockcache_free(void *p);

#endif
