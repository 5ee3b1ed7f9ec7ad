/* Tests of the pool of large blocks (core/bigblock.h): a freed block serves
 * the next request that fits, from any thread; growing keeps the contents;
 * the pool never keeps more than BIGBLOCK_KEEP bytes; an arena's large
 * chunks come from it and go back to it. Under AddressSanitizer the pool
 * is off (blocks are malloc's), and the tests of reuse are skipped. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/bigblock.h"

#if defined(__SANITIZE_ADDRESS__)
#define POOL_ON 0
#else
#define POOL_ON 1
#endif

Test(bigblock, a_freed_block_serves_the_next_request_that_fits)
{
	if (!POOL_ON)
		cr_skip_test("the pool is off under AddressSanitizer");
	/* Whatever the pool held before, the block just freed is the
	 * smallest that fits. */
	size_t n = 3 * 1024 * 1024;
	unsigned char *p = bigblock_alloc(n);
	memset(p, 0x5A, n);
	bigblock_free(p);
	unsigned char *q = bigblock_alloc(n);
	cr_assert_eq(q, p, "the kept block was not reused");
	cr_assert_eq(q[n - 1], 0x5A, "a kept block keeps its pages");
	/* A much smaller request leaves it for a large one. */
	bigblock_free(q);
	void *small = bigblock_alloc(n / 4);
	cr_assert_neq(small, p);
	bigblock_free(small);
}

Test(bigblock, growing_keeps_the_contents)
{
	size_t n = 300 * 1000;
	uint32_t *v = bigblock_alloc(n * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = (uint32_t)i * 2654435761u;
	for (int step = 0; step < 4; step++) {
		v = bigblock_realloc(v, (n << (step + 1)) * sizeof(*v));
		for (size_t i = 0; i < n; i += 997)
			cr_assert_eq(v[i], (uint32_t)i * 2654435761u, "step %d, element %zu", step, i);
		v[(n << (step + 1)) - 1] = 7; /* the new end is usable */
	}
	cr_assert_eq(v[n - 1], (uint32_t)(n - 1) * 2654435761u);
	bigblock_free(v);
	void *fresh = bigblock_realloc(NULL, 1); /* as bigblock_alloc */
	cr_assert_not_null(fresh);
	bigblock_free(fresh);
}

Test(bigblock, the_pool_keeps_at_most_its_limit)
{
	enum { N = 12 };
	void *v[N];
	for (int i = 0; i < N; i++) {
		v[i] = bigblock_alloc((size_t)(i + 1) * 2 * 1024 * 1024);
		memset(v[i], i, 4096);
	}
	for (int i = 0; i < N; i++)
		bigblock_free(v[i]); /* 156 MB in all */
	cr_assert_leq(bigblock_kept(), (size_t)BIGBLOCK_KEEP);
	if (POOL_ON)
		cr_assert_gt(bigblock_kept(), (size_t)BIGBLOCK_KEEP / 2, "the larger blocks stay");
	/* One larger than the pool itself is never kept. */
	size_t before = bigblock_kept();
	bigblock_free(bigblock_alloc((size_t)BIGBLOCK_KEEP + 1));
	cr_assert_eq(bigblock_kept(), before);
}

Test(bigblock, an_arenas_large_chunks_come_from_the_pool)
{
	if (!POOL_ON)
		cr_skip_test("the pool is off under AddressSanitizer");
	arena_t *a = arena_new();
	unsigned char *p = arena_alloc(a, 5 * 1024 * 1024);
	for (size_t i = 0; i < 5 * 1024 * 1024; i += 4096)
		cr_assert_eq(p[i], 0, "an arena's memory is zeroed, even from the pool");
	memset(p, 0xFF, 5 * 1024 * 1024);
	arena_free(a);
	a = arena_new();
	unsigned char *q = arena_alloc(a, 5 * 1024 * 1024);
	cr_assert_eq(q, p, "the chunk went back to the pool and served the next arena");
	cr_assert_eq(q[5 * 1024 * 1024 - 1], 0, "zeroed again");
	arena_free(a);
}

static void *churn(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;
	for (int i = 0; i < 300; i++) {
		seed = seed * 1103515245u + 12345u;
		size_t n = BIGBLOCK_MIN + (seed >> 8) % (4 * 1024 * 1024);
		unsigned char *p = bigblock_alloc(n);
		memset(p, (int)(seed & 0xFF), n);
		p = bigblock_realloc(p, n * 2);
		if (p[n - 1] != (unsigned char)(seed & 0xFF))
			return (void *)1;
		bigblock_free(p);
	}
	return NULL;
}

Test(bigblock, threads_share_the_pool_safely)
{
	pthread_t t[4];
	for (uintptr_t i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, churn, (void *)(i + 1));
	for (int i = 0; i < 4; i++) {
		void *bad;
		pthread_join(t[i], &bad);
		cr_assert_null(bad, "thread %d read back what another wrote", i);
	}
	cr_assert_leq(bigblock_kept(), (size_t)BIGBLOCK_KEEP);
}
