/*
 * auction.h — the exact optimal solver: maximum total score over the
 * candidate graph under mentor capacities (docs/matching.md, "Optimal").
 */
#ifndef MENTORD_MATCH_AUCTION_H
#define MENTORD_MATCH_AUCTION_H

#include "match/graph.h"

#include <stdbool.h>

/* Fill mentor_of[i] (MATCH_NONE when unmatched) and arc_of[i] (the arc
 * index used, undefined when unmatched) for every mentee of g. */
int match_auction_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of);

/*
 * The same in steps, for the certificate (certify.c), which needs the
 * dual prices and solves again after adding arcs. An auction is made for
 * a graph. match_auction_run() runs its epsilon-scaling phases, from the
 * coarsest, on g, and returns after the phase whose epsilon (in scaled
 * units, see match_auction_scale) is at most `until`, or after the last
 * (epsilon 1: then match_auction_finished() is true and the assignment is
 * optimal). A later call goes on from the next phase, or from epsilon
 * eps after match_auction_resume_at(), on g or on a graph with the same
 * mentees, mentors and slots and more arcs, keeping the prices and the
 * assignment.
 */
struct match_auction;

int match_auction_new(const struct match_graph *g, struct match_auction **out);
void match_auction_free(struct match_auction *au);
int match_auction_run(struct match_auction *au, const struct match_graph *g,
	int64_t until);
void match_auction_resume_at(struct match_auction *au, int64_t eps);
bool match_auction_finished(const struct match_auction *au);
void match_auction_assignment(const struct match_auction *au,
	const struct match_graph *g, uint32_t *mentor_of, size_t *arc_of);
/* Dual values in scaled units: a pair is worth (score + bonus) * scale;
 * mentor j's price is its cheapest slot's. */
int64_t match_auction_price(const struct match_auction *au, uint32_t j);
int64_t match_auction_worth(const struct match_auction *au, int32_t score);
int64_t match_auction_scale(const struct match_auction *au);

/* The graph's arcs by mentor (built once per graph, shared with the
 * reverse auction): mentor j's at off[j] .. off[j+1]-1, best score
 * first, ties in mentee order. */
struct match_tr_arc {
	uint32_t mentee;
	int32_t score;
	uint32_t arc;   /* index in the graph's arc arrays */
};
int match_auction_by_mentor(struct match_auction *au, const size_t **off,
	const struct match_tr_arc **arcs);

#endif
