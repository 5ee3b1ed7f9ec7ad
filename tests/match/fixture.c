/*
 * fixture.c — see fixture.h. The reference solvers are deliberately naive:
 * their job is to be obviously right, not fast.
 */
#include "fixture.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

uint64_t fx_rand(uint64_t *s)
{
	/* splitmix64: tiny, seedable, good enough for test data */
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

uint32_t fx_below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(fx_rand(s) % n) : 0;
}

static size_t rand_ids(uint64_t *s, int32_t *v, size_t max, uint32_t vocab)
{
	size_t n = fx_below(s, (uint32_t)max + 1);
	for (size_t k = 0; k < n; k++)
		v[k] = (int32_t)fx_below(s, vocab) + 1;
	return n;
}

static void rand_week(uint64_t *s, struct match_week *w)
{
	memset(w, 0, sizeof *w);
	if (fx_below(s, 5) == 0)
		return; /* unknown availability */
	for (int b = 0; b < 4; b++) {
		unsigned start = fx_below(s, 168);
		unsigned len = 1 + fx_below(s, 4);
		for (unsigned h = start; h < start + len; h++)
			match_week_set(w, h % 168);
	}
}

/* As rand_ids, but when skewed, id k with probability falling about as
 * 1/k (a uniform draw below a uniform draw below a uniform draw): the
 * first ids are on a good share of the lists, as popular skills are. */
static size_t shaped_ids(uint64_t *s, int32_t *v, size_t max, uint32_t vocab,
	bool skewed)
{
	if (!skewed)
		return rand_ids(s, v, max, vocab);
	size_t n = fx_below(s, (uint32_t)max + 1);
	for (size_t k = 0; k < n; k++)
		v[k] = (int32_t)fx_below(s, 1 + fx_below(s, 1 + fx_below(s, vocab))) + 1;
	return n;
}

void fx_shape_default(struct fx_shape *sh)
{
	*sh = (struct fx_shape){ .skills = 8, .want_max = 4, .offer_max = 5,
		.interests = 6, .languages = 3, .departments = 4, .seniorities = 7,
		.zones = 13, .cap_max = 3, .skewed = false };
}

struct match_instance *fx_instance(uint64_t seed, uint32_t n, uint32_t m)
{
	struct fx_shape sh;
	fx_shape_default(&sh);
	return fx_instance_shaped(seed, n, m, &sh);
}

#define FX_LIST 64

struct match_instance *fx_instance_shaped(uint64_t seed, uint32_t n, uint32_t m,
	const struct fx_shape *sh)
{
	uint64_t s = seed * 7919 + 17;
	struct match_instance *inst;
	cr_assert(sh->want_max <= FX_LIST && sh->offer_max <= FX_LIST);
	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	int32_t sk[FX_LIST], in[6], la[3], pd[2], pl[2];
	int64_t chain[3], pm[1], av[1];
	bool sw = sh->skewed;
	for (uint32_t j = 0; j < m; j++) {
		struct match_mentor b = { 0 };
		b.user_id = 1000 + j;
		b.skills_offered = (struct match_ids){ sk, shaped_ids(&s, sk, sh->offer_max,
			sh->skills, sw) };
		b.interests = (struct match_ids){ in, shaped_ids(&s, in, 4, sh->interests, sw) };
		b.languages = (struct match_ids){ la, shaped_ids(&s, la, 2, sh->languages, sw) };
		b.department = (int32_t)fx_below(&s, sh->departments);
		b.seniority = (int32_t)fx_below(&s, sh->seniorities);
		b.utc_offset_min = 60 * ((int32_t)fx_below(&s, sh->zones) - 6);
		rand_week(&s, &b.availability);
		b.capacity = 1 + (int32_t)fx_below(&s, (uint32_t)sh->cap_max);
		b.load = fx_below(&s, 8) == 0 ? b.capacity : 0;
		cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_OK);
	}
	for (uint32_t i = 0; i < n; i++) {
		struct match_mentee a = { 0 };
		/* Every tenth mentee is also a mentor, to exercise the self rule. */
		a.user_id = (i % 10 == 0 && i / 10 < m) ? 1000 + i / 10 : 1000000 + i;
		a.skills_wanted = (struct match_ids){ sk, shaped_ids(&s, sk, sh->want_max,
			sh->skills, sw) };
		a.interests = (struct match_ids){ in, shaped_ids(&s, in, 4, sh->interests, sw) };
		a.languages = (struct match_ids){ la, shaped_ids(&s, la, 2, sh->languages, sw) };
		a.department = (int32_t)fx_below(&s, sh->departments);
		a.seniority = (int32_t)fx_below(&s, sh->seniorities > 2 ? sh->seniorities - 2 : 1);
		a.utc_offset_min = 60 * ((int32_t)fx_below(&s, sh->zones) - 6);
		rand_week(&s, &a.availability);
		if (fx_below(&s, 3) == 0)
			a.prefs.departments = (struct match_ids){ pd, rand_ids(&s, pd, 2,
				sh->departments) };
		if (fx_below(&s, 4) == 0)
			a.prefs.languages = (struct match_ids){ pl, rand_ids(&s, pl, 2,
				sh->languages) };
		if (m && fx_below(&s, 5) == 0) {
			pm[0] = 1000 + fx_below(&s, m);
			a.prefs.mentors = (struct match_uids){ pm, 1 };
		}
		if (m && fx_below(&s, 8) == 0) {
			av[0] = 1000 + fx_below(&s, m);
			a.prefs.avoid = (struct match_uids){ av, 1 };
		}
		size_t nc = fx_below(&s, 4);
		for (size_t k = 0; k < nc; k++)
			chain[k] = m && fx_below(&s, 2) ? 1000 + fx_below(&s, m) : 500000 + k;
		a.manager_chain = (struct match_uids){ chain, nc };
		cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_OK);
		if (m && fx_below(&s, 4) == 0)
			cr_assert_eq(match_instance_add_past_pair(inst, a.user_id,
				1000 + fx_below(&s, m)), MATCH_OK);
	}
	cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
	return inst;
}

struct match_graph *fx_graph(uint64_t seed, uint32_t n, uint32_t m,
	int32_t cap_max, uint32_t density_pct, int32_t score_max,
	enum match_policy policy)
{
	uint64_t s = seed * 104729 + 3;
	int32_t *cap = malloc((m + 1) * sizeof *cap);
	size_t *off = malloc((n + 1) * sizeof *off);
	uint32_t *mentor = malloc(((size_t)n * m + 1) * sizeof *mentor);
	int32_t *score = malloc(((size_t)n * m + 1) * sizeof *score);
	cr_assert(cap && off && mentor && score);
	for (uint32_t j = 0; j < m; j++)
		cap[j] = (int32_t)fx_below(&s, (uint32_t)cap_max + 1);
	size_t e = 0;
	for (uint32_t i = 0; i < n; i++) {
		off[i] = e;
		for (uint32_t j = 0; j < m; j++)
			if (fx_below(&s, 100) < density_pct) {
				mentor[e] = j;
				score[e] = 1 + (int32_t)fx_below(&s, (uint32_t)score_max);
				e++;
			}
	}
	off[n] = e;
	struct match_graph *g;
	cr_assert_eq(match_graph_from_arcs(n, m, cap, off, mentor, score, policy, &g),
		MATCH_OK);
	free(cap);
	free(off);
	free(mentor);
	free(score);
	return g;
}

struct brute {
	const struct match_graph *g;
	int32_t *left;
	int64_t best_total;
	uint32_t best_pairs;
	enum match_policy policy;
};

static void brute_rec(struct brute *b, uint32_t i, int64_t total, uint32_t pairs)
{
	if (i == match_graph_mentee_count(b->g)) {
		bool better = b->policy == MATCH_POLICY_MAX_CARDINALITY
			? pairs > b->best_pairs ||
			  (pairs == b->best_pairs && total > b->best_total)
			: total > b->best_total;
		if (better) {
			b->best_total = total;
			b->best_pairs = pairs;
		}
		return;
	}
	brute_rec(b, i + 1, total, pairs);
	const uint32_t *mt;
	const int32_t *sc;
	size_t d = match_graph_candidates(b->g, i, &mt, &sc);
	for (size_t a = 0; a < d; a++) {
		if (b->left[mt[a]] == 0)
			continue;
		b->left[mt[a]]--;
		brute_rec(b, i + 1, total + sc[a], pairs + 1);
		b->left[mt[a]]++;
	}
}

void fx_brute(const struct match_graph *g, enum match_policy policy,
	int64_t *total, uint32_t *pairs)
{
	uint32_t m = match_graph_mentor_count(g);
	struct brute b = { g, calloc(m + 1, sizeof(int32_t)), -1, 0, policy };
	cr_assert(b.left);
	for (uint32_t j = 0; j < m; j++)
		b.left[j] = match_graph_slots(g, j);
	brute_rec(&b, 0, 0, 0);
	free(b.left);
	*total = b.best_total;
	*pairs = b.best_pairs;
}

/* ---- min-cost flow by successive shortest paths ---- */

struct edge {
	uint32_t to;
	int32_t cap;
	int64_t cost;
};

int64_t fx_mcf(const struct match_graph *g)
{
	uint32_t n = match_graph_mentee_count(g), m = match_graph_mentor_count(g);
	uint32_t V = n + m + 2, S = n + m, T = n + m + 1;
	size_t E = 2 * (match_graph_arc_count(g) + n + m);
	struct edge *ed = calloc(E, sizeof *ed);
	uint32_t *head = malloc(V * sizeof *head), *nxt = malloc(E * sizeof *nxt);
	int64_t *dist = malloc(V * sizeof *dist);
	uint32_t *pe = malloc(V * sizeof *pe);
	cr_assert(ed && head && nxt && dist && pe);
	size_t ne = 0;
	for (uint32_t v = 0; v < V; v++)
		head[v] = UINT32_MAX;
#define ADD(u, v, c, w) do { \
	ed[ne] = (struct edge){ (v), (c), (w) }; nxt[ne] = head[u]; head[u] = (uint32_t)ne++; \
	ed[ne] = (struct edge){ (u), 0, -(w) }; nxt[ne] = head[v]; head[v] = (uint32_t)ne++; \
} while (0)
	for (uint32_t i = 0; i < n; i++) {
		ADD(S, i, 1, 0);
		const uint32_t *mt;
		const int32_t *sc;
		size_t d = match_graph_candidates(g, i, &mt, &sc);
		for (size_t a = 0; a < d; a++)
			ADD(i, n + mt[a], 1, -(int64_t)sc[a]);
	}
	for (uint32_t j = 0; j < m; j++)
		ADD(n + j, T, match_graph_slots(g, j), 0);
#undef ADD
	int64_t cost = 0;
	for (;;) {
		/* Bellman-Ford: residual costs can be negative. */
		for (uint32_t v = 0; v < V; v++)
			dist[v] = INT64_MAX;
		dist[S] = 0;
		for (uint32_t it = 0; it < V; it++) {
			bool changed = false;
			for (uint32_t u = 0; u < V; u++) {
				if (dist[u] == INT64_MAX)
					continue;
				for (uint32_t x = head[u]; x != UINT32_MAX; x = nxt[x])
					if (ed[x].cap > 0 && dist[u] + ed[x].cost < dist[ed[x].to]) {
						dist[ed[x].to] = dist[u] + ed[x].cost;
						pe[ed[x].to] = x;
						changed = true;
					}
			}
			if (!changed)
				break;
		}
		if (dist[T] == INT64_MAX || dist[T] >= 0)
			break; /* one more unit would not raise the score */
		for (uint32_t v = T; v != S; v = ed[pe[v] ^ 1].to) {
			ed[pe[v]].cap--;
			ed[pe[v] ^ 1].cap++;
		}
		cost += dist[T];
	}
	free(ed);
	free(head);
	free(nxt);
	free(dist);
	free(pe);
	return -cost;
}

static void check_feasible(const struct match_instance *inst,
	const struct match_config *cfg, const struct match_graph *g,
	const struct match_result *r);

void fx_check_feasible(const struct match_graph *g, const struct match_result *r)
{
	check_feasible(NULL, NULL, g, r);
}

void fx_check_feasible_people(const struct match_instance *inst,
	const struct match_config *cfg, const struct match_graph *g,
	const struct match_result *r)
{
	check_feasible(inst, cfg, g, r);
}

struct match_graph *fx_full_graph(const struct match_instance *inst,
	const struct match_config *cfg)
{
	uint32_t n = match_instance_mentee_count(inst), m = match_instance_mentor_count(inst);
	int32_t *cap = malloc((m + 1) * sizeof *cap);
	size_t *off = malloc((n + 1) * sizeof *off);
	uint32_t *mt = malloc(((size_t)n * m + 1) * sizeof *mt);
	int32_t *sc = malloc(((size_t)n * m + 1) * sizeof *sc);
	cr_assert(cap && off && mt && sc);
	for (uint32_t j = 0; j < m; j++)
		cap[j] = 0;
	size_t e = 0;
	for (uint32_t i = 0; i < n; i++) {
		off[i] = e;
		for (uint32_t j = 0; j < m; j++) {
			struct match_explanation x;
			cr_assert_eq(match_explain(inst, cfg, i, j, &x), MATCH_OK);
			if (x.blocked == MATCH_BLOCK_NONE && x.score >= cfg->min_score) {
				mt[e] = j;
				sc[e++] = x.score;
			}
		}
	}
	off[n] = e;
	/* Slots: what match_graph_build gives every mentor. */
	struct match_graph *g0;
	cr_assert_eq(match_graph_build(inst, cfg, &g0), MATCH_OK);
	for (uint32_t j = 0; j < m; j++)
		cap[j] = match_graph_slots(g0, j);
	match_graph_free(g0);
	struct match_graph *g;
	cr_assert_eq(match_graph_from_arcs(n, m, cap, off, mt, sc, cfg->policy, &g),
		MATCH_OK);
	free(cap);
	free(off);
	free(mt);
	free(sc);
	return g;
}

struct match_instance *fx_empty_instance(uint64_t seed, uint32_t n, uint32_t m,
	uint64_t *slots)
{
	uint64_t s = seed * 31337 + 11;
	struct match_instance *inst;
	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	*slots = 0;
	for (uint32_t j = 0; j < m; j++) {
		struct match_mentor b = { 0 };
		b.user_id = 1 + j;
		b.capacity = 1 + (int32_t)fx_below(&s, 5);
		*slots += (uint64_t)b.capacity;
		cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_OK);
	}
	for (uint32_t i = 0; i < n; i++) {
		struct match_mentee a = { 0 };
		a.user_id = 10000000 + i;
		cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_OK);
	}
	cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
	return inst;
}

static void check_feasible(const struct match_instance *inst,
	const struct match_config *cfg, const struct match_graph *g,
	const struct match_result *r)
{
	uint32_t n = match_graph_mentee_count(g), m = match_graph_mentor_count(g);
	int32_t *used = calloc(m + 1, sizeof *used);
	cr_assert(used);
	const struct match_pair *p;
	size_t np = match_result_pairs(r, &p);
	int64_t total = 0;
	for (size_t k = 0; k < np; k++) {
		cr_assert_lt(p[k].mentee, n);
		cr_assert_lt(p[k].mentor, m);
		cr_assert_eq(match_result_mentor_of(r, p[k].mentee), p[k].mentor);
		const uint32_t *mt;
		const int32_t *sc;
		size_t d = match_graph_candidates(g, p[k].mentee, &mt, &sc);
		bool found = false;
		for (size_t a = 0; a < d; a++)
			if (mt[a] == p[k].mentor) {
				cr_assert_eq(sc[a], p[k].score);
				found = true;
			}
		if (!found && inst) {
			struct match_explanation e;
			cr_assert_eq(match_explain(inst, cfg, p[k].mentee, p[k].mentor, &e),
				MATCH_OK);
			cr_assert_eq(e.blocked, MATCH_BLOCK_NONE, "added pair breaks a rule");
			cr_assert_eq(e.score, p[k].score);
			cr_assert_geq(e.score, cfg->min_score);
			found = true;
		}
		cr_assert(found, "pair is not a candidate arc");
		used[p[k].mentor]++;
		total += p[k].score;
	}
	for (uint32_t j = 0; j < m; j++)
		cr_assert_leq(used[j], match_graph_slots(g, j), "capacity exceeded");
	cr_assert_eq(total, match_result_total_score(r));
	const struct match_unmatched *u;
	size_t nu = match_result_unmatched(r, &u);
	cr_assert_eq(np + nu, n);
	for (size_t k = 0; k < nu; k++)
		cr_assert_eq(match_result_mentor_of(r, u[k].mentee), MATCH_NONE);
	free(used);
}
