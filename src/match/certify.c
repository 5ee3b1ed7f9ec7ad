/*
 * certify.c — global optimality for the optimal solver. The candidate
 * graph holds at most K mentors per mentee, so "optimal" over it says
 * nothing yet about the N x M pairs left out. The auction's prices say
 * more: with mentor prices v_j >= 0 and mentee values u_i = max(0, best
 * worth minus price over its arcs), (u, v) is a feasible dual of the
 * b-matching LP over the candidates, and if no allowed pair outside them
 * has worth above u_i + v_j it is feasible over ALL pairs; its value then
 * bounds every matching of any pairs, and when it equals the total found,
 * the total is the global maximum.
 *
 * The search for pairs outside the graph that violate the dual is
 * pricing.c's. The pairs it finds join the graph and the auction solves
 * again from its prices and assignment; this repeats until none is left,
 * or the program's time limit ends it uncertified. Two things keep the
 * rounds few:
 *
 *   - the first solve stops once its epsilon is below a point (its
 *     prices are then close to final), the pairs that violate those
 *     prices join the graph, and the solve goes on with them: the
 *     candidate graph misses many pairs the optimum needs (unmatched
 *     mentees who score well with mentors their top K left out), and
 *     the auction's finer phases take them in at little extra cost;
 *   - the duals checked are integral: scores are integers, so among the
 *     optimal duals of the graph there are integral ones, and a pair
 *     whose score is not above the integers u_i + v_j violates nothing,
 *     where the auction's own prices (fractions of a point) leave pairs
 *     that "violate" by a fraction and cost a round each.
 *
 * The check recomputes every quantity from the final prices and the
 * scores, so it relies on no claim of the solver.
 */
#include "match/auction.h"
#include "match/certify.h"
#include "match/instance.h"
#include "match/pricing.h"

#include <stdlib.h>
#include <string.h>

#define PER_MENTEE 128 /* violations added per mentee and round, the
                          largest first: a mentee unmatched among many
                          tied mentors violates with all of them */
#define MAX_ROUNDS 64
#define FIRST_STOP_PCT 30 /* the first solve is priced at epsilon <= 0.3 point */
#define NO_PRICE MATCH_NO_PRICE

/* cur's arcs plus the pairs v[0..nv) (sorted by mentee): a copy when
 * cur is the caller's graph (aug NULL), else aug grown in place, so
 * later rounds never hold two copies of millions of arcs. */
static int augment(const struct match_graph *cur, struct match_graph *aug,
	const struct match_priced *v, size_t nv, struct match_graph **out)
{
	struct match_arc_add *add = malloc((nv + 1) * sizeof *add);
	if (!add)
		return MATCH_ENOMEM;
	for (size_t x = 0; x < nv; x++)
		add[x] = (struct match_arc_add){ v[x].i, v[x].j, v[x].score };
	int rc = aug ? match_graph_add_arcs(aug, add, nv)
		: match_graph_with_arcs(cur, add, nv, out);
	if (aug && !rc)
		*out = aug;
	free(add);
	return rc;
}

/* u_i: the least value covering every arc of mentee i at prices v. */
static void least_u(const struct match_graph *cur, const struct match_auction *au,
	const int64_t *v, int64_t *u)
{
	for (uint32_t i = 0; i < cur->n; i++) {
		int64_t best = 0;
		for (size_t a = cur->off[i]; a < cur->off[i + 1]; a++) {
			uint32_t j = cur->mentor[a];
			if (v[j] == NO_PRICE)
				continue;
			int64_t r = match_auction_worth(au, cur->score[a]) - v[j];
			if (r > best)
				best = r;
		}
		u[i] = best;
	}
}

/* A binary min-heap of mentors by key. */
struct mentor_heap {
	uint32_t *h, n;
	uint32_t *pos; /* UINT32_MAX: not in the heap */
	const int64_t *key;
};

static void mh_swap(struct mentor_heap *q, uint32_t a, uint32_t b)
{
	uint32_t t = q->h[a];
	q->h[a] = q->h[b];
	q->h[b] = t;
	q->pos[q->h[a]] = a;
	q->pos[q->h[b]] = b;
}

static void mh_up(struct mentor_heap *q, uint32_t x)
{
	while (x > 0 && q->key[q->h[(x - 1) / 2]] > q->key[q->h[x]]) {
		mh_swap(q, x, (x - 1) / 2);
		x = (x - 1) / 2;
	}
}

static void mh_down(struct mentor_heap *q, uint32_t x)
{
	for (;;) {
		uint32_t l = 2 * x + 1, r = l + 1, w = x;
		if (l < q->n && q->key[q->h[l]] < q->key[q->h[w]])
			w = l;
		if (r < q->n && q->key[q->h[r]] < q->key[q->h[w]])
			w = r;
		if (w == x)
			return;
		mh_swap(q, x, w);
		x = w;
	}
}

static uint32_t mh_pop(struct mentor_heap *q)
{
	uint32_t k = q->h[0];
	mh_swap(q, 0, q->n - 1);
	q->n--;
	q->pos[k] = UINT32_MAX;
	mh_down(q, 0);
	return k;
}

/*
 * The highest integral prices of an optimal dual for the assignment the
 * auction found (points, times the scale), into v. Given the assignment,
 * an optimal dual is a solution of difference constraints on the prices
 * alone: u_i = w_ij - v_j for mentee i holding mentor j, so u_i >= 0
 * caps v_j <= w_ij, and covering i's arc to k asks v_j <= v_k + w_ij -
 * w_ik; a mentor with a free slot has v_j = 0. With integral scores the
 * largest solution is integral, and it is the shortest distance to each
 * mentor from those caps (Dijkstra over the arcs by mentor). Why the
 * highest: an unmatched mentee's value is 0 and cannot fall, so the
 * check must find every mentor's price above that mentee's scores, and
 * the highest prices leave the fewest mentors cheap enough to read.
 *
 * Dijkstra needs edges of non-negative length; the auction's prices p
 * make them so, as potentials: its assignment is within epsilon = 1
 * scaled unit of complementary slackness, so each edge is at least -1
 * after the potential. Every edge (and the cap) therefore gets +1: a path
 * crosses at most n of them (each of its mentors holds a mentee) and
 * scale = n + 1, so the distance divided by the scale, rounded down, is
 * the exact integral solution. The caller checks the result anyway.
 */
static int greatest_prices(const struct match_graph *cur, struct match_auction *au,
	const uint32_t *mentor_of, const size_t *arc_of, const int64_t *p, int64_t *v)
{
	uint32_t n = cur->n, m = cur->m;
	int64_t sc = match_auction_scale(au);
	int64_t *d = malloc(((size_t)m + 1) * sizeof *d);   /* distance */
	int64_t *key = malloc(((size_t)m + 1) * sizeof *key); /* d - p */
	uint32_t *used = calloc((size_t)m + 1, sizeof *used);
	const size_t *toff;
	const struct match_tr_arc *tin; /* the arcs by mentor: who could move there */
	struct mentor_heap q = { malloc(((size_t)m + 1) * sizeof *q.h), 0,
		malloc(((size_t)m + 1) * sizeof *q.pos), key };
	int rc = MATCH_ENOMEM;
	if (!d || !key || !used || !q.h || !q.pos)
		goto done;
	if ((rc = match_auction_by_mentor(au, &toff, &tin)))
		goto done;
	for (uint32_t i = 0; i < n; i++)
		if (mentor_of[i] != MATCH_NONE)
			used[mentor_of[i]]++;
	for (uint32_t j = 0; j < m; j++) {
		d[j] = (int64_t)used[j] < cur->slots[j] ? 1 : INT64_MAX / 4;
		q.pos[j] = UINT32_MAX;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = mentor_of[i];
		if (j != MATCH_NONE && match_auction_worth(au, cur->score[arc_of[i]]) + 1 < d[j])
			d[j] = match_auction_worth(au, cur->score[arc_of[i]]) + 1;
	}
	for (uint32_t j = 0; j < m; j++) {
		if (p[j] == NO_PRICE)
			continue;
		key[j] = d[j] - p[j];
		q.pos[j] = q.n;
		q.h[q.n++] = j;
		mh_up(&q, q.n - 1);
	}
	while (q.n) {
		uint32_t k = mh_pop(&q);
		/* Mentee i holding j with an arc to k caps v_j at
		 * v_k + w_ij - w_ik. */
		for (size_t t = toff[k]; t < toff[k + 1]; t++) {
			uint32_t i = tin[t].mentee, j = mentor_of[i];
			if (j == MATCH_NONE || j == k || q.pos[j] == UINT32_MAX)
				continue;
			int64_t x = d[k] + match_auction_worth(au, cur->score[arc_of[i]]) -
				match_auction_worth(au, tin[t].score) + 1;
			if (x < d[j]) {
				d[j] = x;
				key[j] = x - p[j];
				mh_up(&q, q.pos[j]);
			}
		}
	}
	for (uint32_t j = 0; j < m; j++)
		v[j] = p[j] == NO_PRICE ? NO_PRICE : d[j] <= 0 ? 0 : d[j] / sc * sc;
	rc = MATCH_OK;
done:
	free(d);
	free(key);
	free(used);
	free(q.h);
	free(q.pos);
	return rc;
}

/* Dual minus primal: under one point (scale) means optimal, once no pair
 * outside the graph violates. */
static bool tight(const struct match_graph *cur, const struct match_auction *au,
	const uint32_t *mentor_of, const size_t *arc_of, const int64_t *u,
	const int64_t *v)
{
	int64_t dual = 0, primal = 0;
	for (uint32_t j = 0; j < cur->m; j++)
		if (v[j] != NO_PRICE)
			dual += (int64_t)cur->slots[j] * v[j];
	for (uint32_t i = 0; i < cur->n; i++) {
		dual += u[i];
		if (mentor_of[i] != MATCH_NONE)
			primal += match_auction_worth(au, cur->score[arc_of[i]]);
	}
	return dual - primal < match_auction_scale(au);
}

/* The auction's own duals: each mentor's cheapest slot, and the least
 * values covering the arcs. */
static void auction_duals(const struct match_graph *cur, const struct match_auction *au,
	int64_t *u, int64_t *v)
{
	for (uint32_t j = 0; j < cur->m; j++)
		v[j] = cur->slots[j] > 0 ? match_auction_price(au, j) : NO_PRICE;
	least_u(cur, au, v, u);
}

/*
 * The duals of the current assignment: the highest integral prices, or
 * (should they not prove the assignment optimal, which the auction's
 * guarantees rule out) the auction's own. Returns whether they prove the
 * assignment optimal over the graph's arcs. tmp has room for m prices.
 */
static int duals(const struct match_graph *cur, struct match_auction *au,
	const uint32_t *mentor_of, const size_t *arc_of, int64_t *u, int64_t *v,
	int64_t *tmp, bool *ok)
{
	auction_duals(cur, au, u, v);
	*ok = tight(cur, au, mentor_of, arc_of, u, v);
	if (!*ok || !cur->inst)
		return MATCH_OK;
	int rc = greatest_prices(cur, au, mentor_of, arc_of, v, tmp);
	if (rc)
		return rc;
	memcpy(v, tmp, (size_t)cur->m * sizeof *v);
	least_u(cur, au, v, u);
	if (!tight(cur, au, mentor_of, arc_of, u, v))
		auction_duals(cur, au, u, v);
	return MATCH_OK;
}

/* Add the pairs found to *cur (the caller's graph g is never changed;
 * *aug holds the augmented graph), then free them: the next search
 * finds its own, and the solve in between needs the room. */
static int add_pairs(struct match_pricing_out *found, const struct match_graph **cur,
	struct match_graph **aug, struct match_certificate *cert)
{
	struct match_graph *next;
	int rc = augment(*cur, *aug, found->pairs, found->n, &next);
	if (rc)
		return rc;
	cert->arcs_added += found->n;
	free(found->pairs);
	found->pairs = NULL;
	*aug = next;
	*cur = next;
	return MATCH_OK;
}

int match_certified_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of, const struct match_graph **solved,
	struct match_certificate *cert)
{
	struct match_auction *au = NULL;
	struct match_pricing *pr = NULL;
	struct match_graph *aug = NULL;
	const struct match_graph *cur = g;
	int64_t *u = NULL, *v = NULL, *tmp = NULL;
	struct match_pricing_out found = { 0 };
	double deadline = g->cfg.time_limit_ms && g->inst
		? match_pricing_now() + g->cfg.time_limit_ms / 1000.0 : 0;
	memset(cert, 0, sizeof *cert);
	int rc = match_auction_new(g, &au);
	if (rc)
		return rc;
	if (g->inst && (rc = match_pricing_new(g, &pr)))
		goto done;
	rc = MATCH_ENOMEM;
	u = malloc(((size_t)g->n + 1) * sizeof *u);
	v = malloc(((size_t)g->m + 1) * sizeof *v);
	tmp = malloc(((size_t)g->m + 1) * sizeof *tmp);
	if (!u || !v || !tmp)
		goto done;
	/* Graphs from arcs are the whole problem: one solve. */
	int64_t stop = pr ? match_auction_scale(au) * FIRST_STOP_PCT / 100 : 1;
	bool late = false;
	for (;;) {
		double t0 = match_pricing_now();
		if ((rc = match_auction_run(au, cur, stop)))
			goto done;
		double t1 = match_pricing_now();
		cert->solve_seconds += t1 - t0;
		stop = 1;
		free(found.pairs);
		memset(&found, 0, sizeof found);
		/* Every pair a search finds joins the graph before the next:
		 * each search after the first reads only what changed. */
		struct match_pricing_in in = { .cur = cur, .au = au, .u = u, .v = v,
			.per_mentee = PER_MENTEE, .incremental = true, .deadline = deadline };
		if (!match_auction_finished(au)) {
			/* Mid-solve: price against the auction's duals as they
			 * stand, add what violates, solve on. */
			match_auction_assignment(au, cur, mentor_of, arc_of);
			auction_duals(cur, au, u, v);
			if ((rc = match_pricing_run(pr, &in, &found)))
				goto done;
			cert->pairs_checked += found.scored;
			late = found.late;
			if (!late && (rc = add_pairs(&found, &cur, &aug, cert)))
				goto done;
			cert->certify_seconds += match_pricing_now() - t1;
			continue;
		}
		match_auction_assignment(au, cur, mentor_of, arc_of);
		cert->rounds++;
		bool ok;
		if ((rc = duals(cur, au, mentor_of, arc_of, u, v, tmp, &ok)))
			goto done;
		if (late) {
			cert->reason = MATCH_CERT_TIME_LIMIT;
			cert->certify_seconds += match_pricing_now() - t1;
			break;
		}
		if (pr) {
			rc = match_pricing_run(pr, &in, &found);
			cert->certify_seconds += match_pricing_now() - t1;
			if (rc)
				goto done;
			cert->pairs_checked += found.scored;
			if (found.late) {
				cert->reason = MATCH_CERT_TIME_LIMIT;
				break;
			}
		} else {
			cert->certify_seconds += match_pricing_now() - t1;
		}
		if (found.n == 0) {
			cert->certified = ok;
			cert->reason = ok ? MATCH_CERT_CERTIFIED : MATCH_CERT_GAP;
			break;
		}
		if (deadline > 0 && match_pricing_now() > deadline) {
			cert->reason = MATCH_CERT_TIME_LIMIT;
			break;
		}
		if (cert->rounds >= MAX_ROUNDS) {
			cert->reason = MATCH_CERT_ROUNDS;
			break;
		}
		double t2 = match_pricing_now();
		if ((rc = add_pairs(&found, &cur, &aug, cert)))
			goto done;
		/* Solve again from the prices and assignment: the finer
		 * phases let the mentees the new arcs tempt bid. */
		match_auction_resume_at(au, match_auction_scale(au));
		cert->certify_seconds += match_pricing_now() - t2;
	}
	*solved = cur;
	aug = NULL; /* the caller owns it now */
	rc = MATCH_OK;
done:
	match_graph_free(aug);
	match_auction_free(au);
	match_pricing_free(pr);
	free(found.pairs);
	free(u);
	free(v);
	free(tmp);
	return rc;
}
