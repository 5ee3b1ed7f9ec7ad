/*
 * pricing.h — the certificate's search for pairs that could still raise
 * the total (docs/matching.md, "Global optimality"): given the solver's
 * dual values, every allowed pair outside the solved graph whose worth
 * exceeds its mentee's value plus its mentor's price, found without
 * reading all N x M pairs.
 */
#ifndef MENTORD_MATCH_PRICING_H
#define MENTORD_MATCH_PRICING_H

#include "match/auction.h"
#include "match/graph.h"

#include <stdbool.h>

#define MATCH_NO_PRICE INT64_MAX /* a mentor without slots this run */

/* A pair found by the search: rc = worth - u_i - v_j > 0 (scaled units). */
struct match_priced {
	uint32_t i, j;
	int32_t score;
	int64_t rc;
};

/* What one search needs. The caller keeps every pointer valid for the
 * call. */
struct match_pricing_in {
	const struct match_graph *cur;   /* the graph solved (its arcs are
	                                    covered by u, v already) */
	const struct match_auction *au; /* worth and scale */
	const int64_t *u;                /* per mentee */
	const int64_t *v;                /* per mentor, MATCH_NO_PRICE if none */
	uint32_t per_mentee;             /* report the largest rc per mentee,
	                                    this many at most (>= 1) */
	bool incremental;                /* the pairs the last search of this
	                                    match_pricing found have all joined
	                                    cur since: read only what changed */
	double deadline;                 /* CLOCK_MONOTONIC seconds, 0 = none */
};

struct match_pricing_out {
	struct match_priced *pairs;     /* malloc'd, by mentee then mentor, no
	                                    pair twice; the caller frees it */
	size_t n;
	uint64_t read;                  /* mentors whose bound was computed */
	uint64_t scored;                /* pairs scored exactly */
	bool late;                      /* the deadline stopped the search */
};

/* State kept across the rounds of one certificate: per-mentee bounds
 * that do not depend on prices. For graphs built from an instance. */
struct match_pricing;

int match_pricing_new(const struct match_graph *g, struct match_pricing **out);
void match_pricing_free(struct match_pricing *p);
int match_pricing_run(struct match_pricing *p, const struct match_pricing_in *in,
	struct match_pricing_out *out);

/* Seconds on CLOCK_MONOTONIC (deadlines). */
double match_pricing_now(void);

#endif
