/*
 * hugepages.h — large arrays of the engine on huge pages. A run at
 * 100,000 x 20,000 writes hundreds of megabytes of fresh arrays (arcs,
 * their transpose, the certificate's finds); with 4 KiB pages every one
 * of them costs a page fault, and on a virtual machine a fault is dear:
 * they were a tenth of the run's CPU time. Where the kernel lets a
 * process ask (transparent huge pages in "madvise" mode, Debian's
 * default), this asks for 2 MiB pages over the aligned part of a block.
 * Only a hint: the contents and the block's owner (malloc) are unchanged,
 * and a kernel that says no costs nothing.
 */
#ifndef MENTORD_MATCH_HUGEPAGES_H
#define MENTORD_MATCH_HUGEPAGES_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define MATCH_HUGE_PAGE ((uintptr_t)2 << 20)

/* Hint that the block p of n bytes be backed by huge pages; p may be
 * NULL. Blocks under two huge pages are left alone. */
static inline void match_hugepages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (!p || n < 2 * MATCH_HUGE_PAGE)
		return;
	uintptr_t lo = ((uintptr_t)p + MATCH_HUGE_PAGE - 1) & ~(MATCH_HUGE_PAGE - 1);
	uintptr_t hi = ((uintptr_t)p + n) & ~(MATCH_HUGE_PAGE - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/* malloc() of n bytes, hinted as above; NULL when it fails. */
static inline void *match_alloc_huge(size_t n)
{
	void *p = malloc(n);
	match_hugepages(p, n);
	return p;
}

/* realloc() of p to n bytes, hinted as above; NULL (p kept) when it fails. */
static inline void *match_realloc_huge(void *p, size_t n)
{
	void *q = realloc(p, n);
	match_hugepages(q, n);
	return q;
}

#endif
