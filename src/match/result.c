/*
 * result.c — running a solver on a candidate graph and packaging what it
 * found: the pairs with their scores and user ids, the total, every
 * unmatched mentee with the reason it stayed unmatched, and for optimal
 * runs the certificate of global optimality (certify.c).
 */
#include "match/auction.h"
#include "match/certify.h"
#include "match/graph.h"
#include "match/instance.h"
#include "match/stable.h"

#include <stdlib.h>

struct match_result {
	uint32_t n;
	uint32_t *mentor_of;
	int64_t total;
	size_t n_pairs, n_unmatched;
	struct match_pair *pairs;
	struct match_unmatched *unmatched;
	struct match_certificate cert;
};

void match_result_free(struct match_result *r)
{
	if (!r)
		return;
	free(r->mentor_of);
	free(r->pairs);
	free(r->unmatched);
	free(r);
}

static int64_t uid_of_mentee(const struct match_graph *g, uint32_t i)
{
	return g->inst ? match_instance_mentee_uid(g->inst, i) : -1;
}

static int64_t uid_of_mentor(const struct match_graph *g, uint32_t j)
{
	return g->inst ? match_instance_mentor_uid(g->inst, j) : -1;
}

int match_solve(const struct match_graph *g, enum match_algorithm algo,
	struct match_result **out)
{
	size_t *arc_of = NULL;
	struct match_result *r = NULL;
	const struct match_graph *gs = g; /* the graph arc_of refers to */
	if (!g || !out || (unsigned)algo > MATCH_ALGO_STABLE)
		return MATCH_EINVAL;
	int rc = MATCH_ENOMEM;
	r = calloc(1, sizeof *r);
	if (!r)
		goto fail;
	r->n = g->n;
	r->mentor_of = malloc(((size_t)g->n + 1) * sizeof *r->mentor_of);
	arc_of = malloc(((size_t)g->n + 1) * sizeof *arc_of);
	if (!r->mentor_of || !arc_of)
		goto fail;
	if (algo == MATCH_ALGO_OPTIMAL) {
		rc = match_certified_solve(g, r->mentor_of, arc_of, &gs, &r->cert);
	} else {
		rc = match_stable_solve(g, r->mentor_of, arc_of);
		r->cert.reason = MATCH_CERT_STABLE;
	}
	if (rc)
		goto fail;
	for (uint32_t i = 0; i < g->n; i++) {
		if (r->mentor_of[i] == MATCH_NONE)
			r->n_unmatched++;
		else
			r->n_pairs++;
	}
	rc = MATCH_ENOMEM;
	r->pairs = malloc((r->n_pairs + 1) * sizeof *r->pairs);
	r->unmatched = malloc((r->n_unmatched + 1) * sizeof *r->unmatched);
	if (!r->pairs || !r->unmatched)
		goto fail;
	size_t p = 0, u = 0;
	for (uint32_t i = 0; i < g->n; i++) {
		uint32_t j = r->mentor_of[i];
		if (j != MATCH_NONE) {
			struct match_pair *x = &r->pairs[p++];
			x->mentee = i;
			x->mentor = j;
			x->mentee_uid = uid_of_mentee(g, i);
			x->mentor_uid = uid_of_mentor(g, j);
			x->score = gs->score[arc_of[i]];
			r->total += x->score;
			continue;
		}
		struct match_unmatched *x = &r->unmatched[u++];
		x->mentee = i;
		x->mentee_uid = uid_of_mentee(g, i);
		/* With candidates, the only way to stay unmatched is that each
		 * candidate's slots went to others. */
		x->reason = gs->off[i + 1] > gs->off[i] ? MATCH_UNMATCHED_CAPACITY
			: gs->empty_reason[i] ? (enum match_unmatched_reason)gs->empty_reason[i]
			: MATCH_UNMATCHED_NO_CANDIDATES;
	}
	if (gs != g)
		match_graph_free((struct match_graph *)gs);
	free(arc_of);
	*out = r;
	return MATCH_OK;
fail:
	if (gs != g)
		match_graph_free((struct match_graph *)gs);
	free(arc_of);
	match_result_free(r);
	return rc;
}

void match_result_certificate(const struct match_result *r,
	struct match_certificate *out)
{
	*out = r->cert;
}

int64_t match_result_total_score(const struct match_result *r)
{
	return r->total;
}

size_t match_result_pairs(const struct match_result *r,
	const struct match_pair **pairs)
{
	*pairs = r->pairs;
	return r->n_pairs;
}

size_t match_result_unmatched(const struct match_result *r,
	const struct match_unmatched **unmatched)
{
	*unmatched = r->unmatched;
	return r->n_unmatched;
}

uint32_t match_result_mentor_of(const struct match_result *r, uint32_t mentee)
{
	return mentee < r->n ? r->mentor_of[mentee] : MATCH_NONE;
}
