/*
 * certify.h — the optimal solver with its certificate of global optimality
 * (docs/matching.md, "Global optimality"): solve on the candidate graph,
 * prove with the dual prices that no other allowed pair could raise the
 * total, else add the pairs that could and solve again.
 */
#ifndef MENTORD_MATCH_CERTIFY_H
#define MENTORD_MATCH_CERTIFY_H

#include "match/graph.h"

/*
 * Solve g optimally and certify. *solved receives the graph the final
 * assignment refers to: g itself, or a graph of g's arcs plus the pairs
 * the certificate added, owned by the caller (free it unless it is g).
 * mentor_of and arc_of as match_auction_solve() for *solved.
 */
int match_certified_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of, const struct match_graph **solved,
	struct match_certificate *cert);

#endif
