/*
 * graph.h — the inside of struct match_graph: the scored candidate graph
 * in compressed rows (mentee i's arcs at off[i]..off[i+1]-1, best first),
 * mentor slots, and why a mentee got no arcs. The solvers read it; only
 * graph.c and recommend.c build it.
 */
#ifndef MENTORD_MATCH_GRAPH_H
#define MENTORD_MATCH_GRAPH_H

#include "match/match.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct match_graph {
	const struct match_instance *inst; /* NULL when built from arcs */
	struct match_config cfg;
	uint32_t n, m;
	size_t *off;
	uint32_t *mentor;
	int32_t *score;
	int32_t *slots;          /* per mentor, capacity minus load */
	uint8_t *empty_reason;   /* enum match_unmatched_reason when no arcs */
	uint64_t tie_mix;        /* the run's tie seed, mixed */
	struct match_graph_stats stats;
};

/* The run's seed as the tie keys use it. */
static inline uint64_t match_tie_mix(uint64_t seed)
{
	uint64_t z = seed + UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/*
 * The tie key of pair (mentee i, mentor j): among equal scores the lower
 * key ranks first, for the mentee's candidate list and for the mentor's
 * preference in the stable solver alike. A hash of the run's seed and the
 * pair, so equal scores spread over all mentors instead of piling onto
 * the first ones added.
 */
static inline uint32_t match_tie_key(uint64_t mix, uint32_t i, uint32_t j)
{
	uint64_t h = mix ^ ((uint64_t)i << 32 | j);
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return (uint32_t)h;
}

/* Whether (score sa, tie ta, mentor ja) ranks below (sb, tb, jb). */
static inline bool match_rank_worse(int32_t sa, uint32_t ta, uint32_t ja,
	int32_t sb, uint32_t tb, uint32_t jb)
{
	if (sa != sb)
		return sa < sb;
	if (ta != tb)
		return ta > tb;
	return ja > jb;
}

/*
 * One mentee's candidates without building a graph (self-match): at most
 * k mentors, best first, into mentors[] and scores[]. Returns the count or
 * a negative status. Needs a finalized instance and a valid cfg.
 */
int match_graph_candidates_of(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t mentee, uint32_t k,
	uint32_t *mentors, int32_t *scores);

/* Allocate an empty graph of n mentees and m mentors (off, slots,
 * empty_reason; no arcs). */
int match_graph_alloc(uint32_t n, uint32_t m, struct match_graph **out);

/* An arc to add: mentee i, mentor j, its exact score. */
struct match_arc_add {
	uint32_t i, j;
	int32_t score;
};

/* A new graph: g's arcs plus add[0..n) (sorted by mentee; a pair g has
 * already is skipped), each mentee's arcs best first; everything else
 * (instance, config, slots) as g's. */
int match_graph_with_arcs(const struct match_graph *g,
	const struct match_arc_add *add, size_t n, struct match_graph **out);

/* The same in place, for a graph the caller owns: its arc arrays grow
 * (realloc) instead of being copied, so a round that adds a few pairs
 * to millions of arcs costs no second graph. On MATCH_ENOMEM g is
 * unchanged. */
int match_graph_add_arcs(struct match_graph *g, const struct match_arc_add *add, size_t n);

/* How many threads a parallel pass over n mentees uses: cfg->threads, or
 * the processors online (1 to 64), but none beyond one per per_thread
 * mentees, so small programs run inline. Shared by candidate generation
 * and the certificate's searches. */
uint32_t match_graph_threads(const struct match_config *cfg, uint32_t n, uint32_t per_thread);

#endif
