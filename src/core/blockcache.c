/* The per-thread cache of small blocks (see blockcache.h). */
#include "core/blockcache.h"
#include "core/xalloc.h"

#include <malloc.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>

#define BLOCKCACHE_CLASSES 17  /* classes of 16 bytes, up to 256 */
#define BLOCKCACHE_KEEP 2048   /* blocks kept per class and thread */

#if defined(__SANITIZE_ADDRESS__)
#define BLOCKCACHE_ON 0
#else
#define BLOCKCACHE_ON 1
#endif

typedef struct cache {
	void *head[BLOCKCACHE_CLASSES]; /* each block's first word links the next */
	int n[BLOCKCACHE_CLASSES];
	bool registered;
} cache_t;

static _Thread_local cache_t cache;
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* At a thread's end: its blocks go back to malloc. */
static void release(void *arg)
{
	cache_t *c = arg;
	for (int k = 0; k < BLOCKCACHE_CLASSES; k++)
		while (c->head[k]) {
			void *p = c->head[k];
			c->head[k] = *(void **)p;
			free(p);
		}
}

static void make_key(void)
{
	pthread_key_create(&key, release);
}

void *blockcache_alloc(size_t n)
{
	size_t k = (n + 15) >> 4;
	if (!BLOCKCACHE_ON || k >= BLOCKCACHE_CLASSES)
		return xmalloc(n);
	void *p = cache.head[k];
	if (!p)
		return xmalloc(k << 4); /* the whole class, so it serves any request of it */
	cache.head[k] = *(void **)p;
	cache.n[k]--;
	return p;
}

void blockcache_free(void *p)
{
	if (!p)
		return;
	/* A block's usable size is at least its class's; it serves requests of
	 * the class at or below it. */
	size_t k = malloc_usable_size(p) >> 4;
	if (!BLOCKCACHE_ON || k >= BLOCKCACHE_CLASSES || cache.n[k] >= BLOCKCACHE_KEEP) {
		free(p);
		return;
	}
	if (!cache.registered) {
		pthread_once(&key_once, make_key);
		pthread_setspecific(key, &cache);
		cache.registered = true;
	}
	*(void **)p = cache.head[k];
	cache.head[k] = p;
	cache.n[k]++;
}
