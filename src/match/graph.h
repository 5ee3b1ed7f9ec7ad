/*
 * graph.h — the inside of struct match_graph: the scored candidate graph
 * in compressed rows (mentee i's arcs at off[i]..off[i+1]-1, best first),
 * mentor slots, and why a mentee got no arcs. The solvers read it; only
 * graph.c and recommend.c build it.
 */
#ifndef MENTORD_MATCH_GRAPH_H
#define MENTORD_MATCH_GRAPH_H

#include "match/match.h"

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
	struct match_graph_stats stats;
};

/*
 * One mentee's candidates without building a graph (self-match): at most
 * k mentors, best first, into mentors[] and scores[]. Returns the count or
 * a negative status. Needs a finalized instance and a valid cfg.
 */
int match_graph_candidates_of(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t mentee, uint32_t k,
	uint32_t *mentors, int32_t *scores);

#endif
