/* Tests of the region allocator (core/arena.h): every allocation is zeroed and
 * aligned for any type, large requests get chunks of their own without
 * wasting the current chunk, strings are copied faithfully, and deferred
 * cleanups run exactly once, in reverse order of registration, when the
 * arena is freed. A large arena takes its chunks on huge pages. */
#include <criterion/criterion.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "../vmflags.h"

static arena_t *a;

static void setup(void)
{
	a = arena_new();
}

static void teardown(void)
{
	arena_free(a);
	a = NULL;
}

TestSuite(arena, .init = setup, .fini = teardown);

Test(arena, allocations_are_aligned_and_zeroed)
{
	for (size_t n = 1; n < 200; n += 7) {
		unsigned char *p = arena_alloc(a, n);
		cr_assert_eq((uintptr_t)p % alignof(max_align_t), 0, "size %zu misaligned", n);
		for (size_t i = 0; i < n; i++)
			cr_assert_eq(p[i], 0);
		memset(p, 0xAB, n); /* must not bleed into the next allocation */
	}
}

Test(arena, zero_size_allocations_are_distinct_or_usable)
{
	void *p = arena_alloc(a, 0);
	void *q = arena_alloc(a, 1);
	cr_assert_not_null(p);
	cr_assert_not_null(q);
}

Test(arena, used_counts_requested_bytes)
{
	arena_alloc(a, 10);
	arena_alloc(a, 20);
	cr_assert_eq(arena_used(a), 30);
}

Test(arena, many_small_allocations_span_chunks)
{
	/* 16 KiB chunks: 5000 x 64 bytes needs about 20 of them. */
	char *prev[5000];
	for (int i = 0; i < 5000; i++) {
		prev[i] = arena_alloc(a, 64);
		memset(prev[i], i & 0x7f, 64);
	}
	for (int i = 0; i < 5000; i++)
		for (int j = 0; j < 64; j++)
			cr_assert_eq(prev[i][j], (char)(i & 0x7f), "allocation %d overwritten", i);
	cr_assert_eq(arena_used(a), 5000 * 64);
}

Test(arena, large_allocation_gets_its_own_chunk)
{
	char *small1 = arena_alloc(a, 100);
	size_t big_n = 1024 * 1024;
	unsigned char *big = arena_alloc(a, big_n);
	cr_assert_eq((uintptr_t)big % alignof(max_align_t), 0);
	for (size_t i = 0; i < big_n; i += 4093)
		cr_assert_eq(big[i], 0);
	memset(big, 0xFF, big_n);
	/* The current chunk stays in use: the next small allocation follows the
	 * first one closely instead of opening a fresh chunk. */
	char *small2 = arena_alloc(a, 100);
	cr_assert(small2 > small1 && small2 - small1 < 1024,
		  "small allocations after a large one should reuse the current chunk");
	memset(small1, 1, 100);
	memset(small2, 2, 100);
	cr_assert_eq(big[0], 0xFF);
	cr_assert_eq(big[big_n - 1], 0xFF);
}

Test(arena, large_allocation_as_first_allocation)
{
	unsigned char *big = arena_alloc(a, 64 * 1024);
	big[64 * 1024 - 1] = 1;
	char *s = arena_strdup(a, "after");
	cr_assert_str_eq(s, "after");
}

Test(arena, strdup_and_strndup)
{
	cr_assert_null(arena_strdup(a, NULL));
	cr_assert_str_eq(arena_strdup(a, ""), "");
	cr_assert_str_eq(arena_strdup(a, "héllo"), "héllo");
	char *s = arena_strndup(a, "abcdef", 3);
	cr_assert_str_eq(s, "abc");
	/* strndup copies exactly n bytes, even past an embedded NUL's position. */
	char *t = arena_strndup(a, "ab\0cd", 5);
	cr_assert_eq(memcmp(t, "ab\0cd", 6), 0);
}

Test(arena, printf_formats_into_the_arena)
{
	cr_assert_str_eq(arena_printf(a, "%d-%s-%05.1f", 42, "x", 3.14159), "42-x-003.1");
	char longs[3000];
	memset(longs, 'z', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	char *p = arena_printf(a, "[%s]", longs);
	cr_assert_eq(strlen(p), sizeof(longs) + 1);
	cr_assert_eq(p[0], '[');
	cr_assert_eq(p[sizeof(longs)], ']');
}

/* Deferred cleanups record their order here. */
static int order[8], norder;

static void record(void *arg)
{
	order[norder++] = (int)(intptr_t)arg;
}

Test(arena, defer_runs_in_reverse_order_once)
{
	arena_t *b = arena_new();
	norder = 0;
	arena_defer(b, record, (void *)1);
	arena_alloc(b, 20000); /* a large chunk between registrations */
	arena_defer(b, record, (void *)2);
	arena_defer(b, record, (void *)3);
	cr_assert_eq(norder, 0, "nothing runs before arena_free");
	arena_free(b);
	cr_assert_eq(norder, 3);
	cr_assert_eq(order[0], 3);
	cr_assert_eq(order[1], 2);
	cr_assert_eq(order[2], 1);
}

static void free_heap(void *p)
{
	free(p);
}

Test(arena, defer_ties_heap_objects_to_the_arena)
{
	/* Under LeakSanitizer this proves the deferred free really runs. */
	arena_t *b = arena_new();
	arena_defer(b, free_heap, malloc(100));
	arena_free(b);
}

Test(arena, free_null_is_a_no_op)
{
	arena_free(NULL);
}

Test(arena, a_grown_arena_takes_its_chunks_on_huge_pages)
{
	/* Past 4 MB an arena's chunks are one huge page each; what it hands
	 * out is zeroed and aligned all the same. */
	for (int i = 0; i < 6000; i++) {
		unsigned char *p = arena_alloc(a, 1000);
		cr_assert_eq((uintptr_t)p % alignof(max_align_t), 0);
		cr_assert(p[0] == 0 && p[999] == 0, "allocation %d", i);
		memset(p, 0xab, 1000);
	}
	unsigned char *p = arena_alloc(a, 3000);
	for (int k = 0; k < 3000; k++)
		cr_assert_eq(p[k], 0);
#if defined(__SANITIZE_ADDRESS__)
	cr_skip_test("under AddressSanitizer large blocks are malloc's (core/bigblock.h)");
#else
	if (!thp_available())
		cr_skip_test("this kernel has no transparent huge pages");
	char flags[512];
	cr_assert(vm_flags_of((uintptr_t)p, flags, sizeof flags));
	cr_assert_not_null(strstr(flags, " hg"), "VmFlags:%s", flags);
#endif
}
