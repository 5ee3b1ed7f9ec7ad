/*
 * auction.h — the exact optimal solver: maximum total score over the
 * candidate graph under mentor capacities (docs/matching.md, "Optimal").
 */
#ifndef MENTORD_MATCH_AUCTION_H
#define MENTORD_MATCH_AUCTION_H

#include "match/graph.h"

/* Fill mentor_of[i] (MATCH_NONE when unmatched) and arc_of[i] (the arc
 * index used, undefined when unmatched) for every mentee of g. */
int match_auction_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of);

#endif
