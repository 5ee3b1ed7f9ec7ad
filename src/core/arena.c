/* Chunked bump allocator behind arena.h. Small requests are carved from 16 KiB
 * chunks; large ones get a chunk of their own so a big body does not waste a
 * standard chunk, and from BIGBLOCK_MIN on that chunk comes from the
 * process's pool of large blocks (bigblock.h); so do the standard chunks
 * of an arena that has grown past GROWN_AT. Deferred cleanups run in
 * reverse order of registration. */
#include "core/arena.h"
#include "core/bigblock.h"
#include "core/xalloc.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (16 * 1024)
/* From GROWN_AT bytes in an arena on, a standard chunk is one huge page
 * with its headers (this one's and the block's, bigblock.c): a matching
 * run loads a program of 120,000 people into hundreds of megabytes of
 * one arena, and its 4 KiB pages faulted in one at a time. */
#define GROWN_AT (4 * 1024 * 1024)
#define GROWN_SIZE (BIGBLOCK_ONE_HUGE_PAGE - sizeof(struct chunk))
#define ALIGN alignof(max_align_t)

struct chunk {
	struct chunk *next;
	size_t size, used;
	bool big; /* from bigblock_alloc */
	alignas(max_align_t) unsigned char data[];
};

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *arg;
};

struct arena {
	struct chunk *head;
	struct deferred *defers;
	size_t total;
};

arena_t *arena_new(void)
{
	return xcalloc(1, sizeof(arena_t));
}

void arena_free(arena_t *a)
{
	if (!a)
		return;
	for (struct deferred *d = a->defers; d; d = d->next)
		d->fn(d->arg);
	struct chunk *c = a->head;
	while (c) {
		struct chunk *next = c->next;
		if (c->big)
			bigblock_free(c);
		else
			free(c);
		c = next;
	}
	/* The deferred records themselves live in the chunks just freed. */
	free(a);
}

static struct chunk *chunk_new(size_t size)
{
	bool big = size >= BIGBLOCK_MIN;
	struct chunk *c = big ? bigblock_alloc(sizeof(*c) + size) : xmalloc(sizeof(*c) + size);
	c->big = big;
	c->size = size;
	c->used = 0;
	c->next = NULL;
	return c;
}

void *arena_alloc(arena_t *a, size_t n)
{
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n)
		abort(); /* overflow */
	struct chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		if (need > CHUNK_SIZE / 4) {
			/* Large: own chunk, linked behind the current one so the
			 * current chunk's free space stays usable. */
			struct chunk *big = chunk_new(need);
			big->used = need;
			if (c) {
				big->next = c->next;
				c->next = big;
			} else {
				a->head = big;
			}
			a->total += n;
			memset(big->data, 0, need);
			return big->data;
		}
		c = chunk_new(a->total >= GROWN_AT ? GROWN_SIZE : CHUNK_SIZE);
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->total += n;
	memset(p, 0, need);
	return p;
}

char *arena_strndup(arena_t *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena_t *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena_t *a, const char *fmt, va_list ap)
{
	/* Short strings (nearly all) are formatted once, on the stack. */
	char tmp[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		abort();
	char *p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(tmp))
		memcpy(p, tmp, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(arena_t *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void arena_defer(arena_t *a, void (*fn)(void *), void *arg)
{
	struct deferred *d = arena_alloc(a, sizeof(*d));
	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
}

size_t arena_used(const arena_t *a)
{
	return a->total;
}
