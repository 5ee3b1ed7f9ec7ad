/* Large blocks, shared by the whole process. Scoring a program of 50,000
 * relationships needs about 11 MB at once (its rows and their briefs);
 * taken from malloc, each server thread kept its own copy after the request
 * (glibc gives every thread its own heap and seldom hands freed memory
 * back), so four threads held four, and each thread's first such request
 * faulted its copy in. Here a freed block goes to one pool that every
 * thread draws from, up to BIGBLOCK_KEEP bytes; past that, blocks go back
 * to the system. The arena takes its large chunks from here, and so does
 * the health rows' growing array.
 *
 * Blocks are mapped pages, not zeroed when they come from the pool. Under
 * AddressSanitizer these are plain malloc blocks, so that a use after free
 * is still caught. Thread-safe. */
#ifndef MENTORD_BIGBLOCK_H
#define MENTORD_BIGBLOCK_H
#include <stddef.h>

enum {
	BIGBLOCK_MIN = 256 * 1024,       /* the arena's chunks from this size */
	BIGBLOCK_KEEP = 64 * 1024 * 1024, /* bytes the pool keeps at most */
	/* The most bytes a block holds within one 2 MiB huge page (its
	 * header takes the rest of the page). */
	BIGBLOCK_ONE_HUGE_PAGE = 2 * 1024 * 1024 - 64
};

/* At least n bytes, aligned for any type; aborts when memory is exhausted. */
void *bigblock_alloc(size_t n);
/* Grows (or keeps) p to at least n bytes, keeping its contents; p may be
 * NULL. */
void *bigblock_realloc(void *p, size_t n);
/* Returns p (from bigblock_alloc, or NULL) to the pool. */
void bigblock_free(void *p);
/* Bytes the pool keeps now (for tests and metrics). */
size_t bigblock_kept(void);

#endif
