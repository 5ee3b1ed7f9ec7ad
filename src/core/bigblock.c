/* The pool of large blocks behind bigblock.h. A block is a private
 * anonymous mapping; its first HDR bytes hold its length. The pool is a
 * short list under one mutex: a request that needs a large block takes
 * the smallest one that fits, so a program's dashboard, asked for again,
 * gets back the pages it faulted in last time, whichever thread serves it. */
#include "core/bigblock.h"
#include "core/xalloc.h"

#include <assert.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#define BIGBLOCK_ON 0
#else
#define BIGBLOCK_ON 1
#endif

enum { HDR = 64, PAGE = 4096, SLOTS = 64, HUGE = 2 * 1024 * 1024 };
static_assert(HDR % alignof(max_align_t) == 0, "a block's data is aligned for any type");
static_assert(BIGBLOCK_ONE_HUGE_PAGE + HDR == HUGE, "bigblock.h's figure is one huge page less the header");

typedef struct {
	void *base;
	size_t len;
} block_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static block_t kept[SLOTS];
static int nkept;
static size_t kept_bytes;

static size_t block_len(size_t n)
{
	if (n > SIZE_MAX - HDR - PAGE)
		abort();
	return (n + HDR + PAGE - 1) & ~(size_t)(PAGE - 1);
}

static void *data_of(void *base)
{
	return (unsigned char *)base + HDR;
}

static void *base_of(void *p)
{
	return (unsigned char *)p - HDR;
}

static void *map(size_t len)
{
	/* From HUGE on, a block starts on a HUGE boundary: the kernel backs
	 * only the aligned HUGE stretches of a mapping with huge pages. */
	size_t extra = len >= HUGE ? HUGE - PAGE : 0;
	unsigned char *got = mmap(NULL, len + extra, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (got == MAP_FAILED)
		abort(); /* as xmalloc: memory is exhausted */
	/* The extra pages before the boundary and after the block go back. */
	size_t head = extra ? (HUGE - (uintptr_t)got % HUGE) % HUGE : 0;
	unsigned char *base = got + head;
	if (head)
		munmap(got, head);
	if (extra > head)
		munmap(base + len, extra - head);
	/* Huge pages where the system gives them on request: a block is
	 * written whole, and one fault per 2 MiB instead of one per 4 KiB
	 * (the first dashboard of 50,000 relationships after a start, median
	 * of 12: 189 -> 166 ms). Only a hint: without them nothing changes. */
	if (len >= HUGE)
		madvise(base, len, MADV_HUGEPAGE);
	*(size_t *)base = len;
	return base;
}

/* The smallest kept block of len to most bytes, taken out of the pool. */
static void *take(size_t len, size_t most)
{
	pthread_mutex_lock(&mu);
	int best = -1;
	for (int i = 0; i < nkept; i++)
		if (kept[i].len >= len && kept[i].len <= most && (best < 0 || kept[i].len < kept[best].len))
			best = i;
	void *base = NULL;
	if (best >= 0) {
		base = kept[best].base;
		kept_bytes -= kept[best].len;
		kept[best] = kept[--nkept];
	}
	pthread_mutex_unlock(&mu);
	return base;
}

void *bigblock_alloc(size_t n)
{
	if (!BIGBLOCK_ON)
		return xmalloc(n);
	/* Not a block much larger than asked for: a growing array starts
	 * small, and would take the block a large request needs next. */
	size_t len = block_len(n);
	void *base = take(len, 2 * len);
	return data_of(base ? base : map(len));
}

void *bigblock_realloc(void *p, size_t n)
{
	if (!BIGBLOCK_ON)
		return xrealloc(p, n);
	if (!p)
		return bigblock_alloc(n);
	void *base = base_of(p);
	size_t len = *(size_t *)base, want = block_len(n);
	if (want <= len)
		return p;
	/* A kept block that fits costs a copy; a larger mapping costs a fault
	 * for every new page, far more. From HUGE on, a new block is copied
	 * into too: a mapping that mremap moves lands anywhere, and off a
	 * HUGE boundary its pages fault in one by one (with map()'s
	 * alignment, the first dashboard of 50,000 relationships after a
	 * start faulted 3,100 pages instead of 5,300). */
	void *to = take(want, SIZE_MAX);
	if (!to && want >= HUGE)
		to = map(want);
	if (to) {
		memcpy(data_of(to), p, len - HDR);
		bigblock_free(p);
		return data_of(to);
	}
	base = mremap(base, len, want, MREMAP_MAYMOVE);
	if (base == MAP_FAILED)
		abort();
	*(size_t *)base = want;
	return data_of(base);
}

void bigblock_free(void *p)
{
	if (!BIGBLOCK_ON) {
		free(p);
		return;
	}
	if (!p)
		return;
	void *base = base_of(p);
	size_t len = *(size_t *)base;
	block_t out[SLOTS + 1];
	int nout = 0;
	pthread_mutex_lock(&mu);
	if (len > BIGBLOCK_KEEP) {
		out[nout++] = (block_t){base, len};
	} else {
		/* Room for it: the smallest kept blocks go first (the larger ones
		 * serve more requests). */
		while (nkept && (kept_bytes + len > BIGBLOCK_KEEP || nkept == SLOTS)) {
			int small = 0;
			for (int i = 1; i < nkept; i++)
				if (kept[i].len < kept[small].len)
					small = i;
			out[nout++] = kept[small];
			kept_bytes -= kept[small].len;
			kept[small] = kept[--nkept];
		}
		kept[nkept++] = (block_t){base, len};
		kept_bytes += len;
	}
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < nout; i++)
		munmap(out[i].base, out[i].len);
}

size_t bigblock_kept(void)
{
	pthread_mutex_lock(&mu);
	size_t n = kept_bytes;
	pthread_mutex_unlock(&mu);
	return n;
}
