/*
 * stable.h — mentee-proposing deferred acceptance with mentor capacities
 * over the candidate graph (docs/matching.md, "Stable").
 */
#ifndef MENTORD_MATCH_STABLE_H
#define MENTORD_MATCH_STABLE_H

#include "match/graph.h"

/* Same contract as match_auction_solve(). */
int match_stable_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of);

#endif
