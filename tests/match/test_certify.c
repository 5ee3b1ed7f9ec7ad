/*
 * test_certify.c — the certificate of global optimality (certify.c and
 * its search, pricing.c): it finds the pairs the candidate graph left out
 * that the optimum needs, and its certified total equals an independent
 * optimum over every N x M pair on instances shaped to stress its bounds:
 * skewed and wide skill vocabularies (more skills than bits), a popular
 * skill on most lists, few mentors with many slots, more mentors than
 * mentees, near-total ties, every weight at zero in turn and every rule.
 * A certified result that some pair could still improve fails them all.
 * The search finds the same pairs, in the same order, on two threads.
 */
#include "fixture.h"
#include "match/pricing.h"

#include <criterion/criterion.h>
#include <stdlib.h>

static bool certified(const struct match_result *r)
{
	struct match_certificate c;
	match_result_certificate(r, &c);
	return c.certified && c.reason == MATCH_CERT_CERTIFIED;
}

/* Skills only, so scores are easy to state: 100 x shared / wanted. */
static void skills_only(struct match_config *cfg)
{
	match_config_default(cfg);
	for (int c = 0; c < MATCH_CRITERION_COUNT; c++)
		cfg->weights[c] = 0;
	cfg->weights[MATCH_CRIT_SKILLS] = 100;
	cfg->require_common_language = false;
}

/*
 * t traps, each two mentors of one slot and two mentees: X wants skills
 * {a, b}, scores 100 with A (offers a, b, c) and 50 with B (offers a); Y
 * wants {c} and scores 100 with A only. With one candidate each, both
 * list A, so the candidate graph's best is 100 per trap; the optimum
 * pairs Y with A and X with B, 150 per trap, through the pair (X, B)
 * that no candidate list holds.
 */
static struct match_instance *traps(uint32_t t)
{
	struct match_instance *inst;
	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	for (uint32_t k = 0; k < t; k++) {
		int32_t a = (int32_t)(3 * k + 1), b = a + 1, c = a + 2;
		int32_t offer_a[] = { a, b, c }, offer_b[] = { a };
		struct match_mentor ma = { .user_id = 10 * k + 1, .capacity = 1,
			.skills_offered = { offer_a, 3 } };
		struct match_mentor mb = { .user_id = 10 * k + 2, .capacity = 1,
			.skills_offered = { offer_b, 1 } };
		cr_assert_eq(match_instance_add_mentor(inst, &ma, NULL), MATCH_OK);
		cr_assert_eq(match_instance_add_mentor(inst, &mb, NULL), MATCH_OK);
	}
	for (uint32_t k = 0; k < t; k++) {
		int32_t a = (int32_t)(3 * k + 1), want_x[] = { a, a + 1 }, want_y[] = { a + 2 };
		struct match_mentee x = { .user_id = 10 * k + 3, .skills_wanted = { want_x, 2 } };
		struct match_mentee y = { .user_id = 10 * k + 4, .skills_wanted = { want_y, 1 } };
		cr_assert_eq(match_instance_add_mentee(inst, &x, NULL), MATCH_OK);
		cr_assert_eq(match_instance_add_mentee(inst, &y, NULL), MATCH_OK);
	}
	cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
	return inst;
}

Test(certificate, finds_the_pair_no_candidate_list_holds)
{
	for (uint32_t t = 1; t <= 40; t += 13) {
		struct match_instance *inst = traps(t);
		struct match_config cfg;
		skills_only(&cfg);
		cfg.candidates_per_mentee = 1;
		struct match_graph *g;
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		for (uint32_t k = 0; k < t; k++) {
			const uint32_t *mt;
			const int32_t *sc;
			/* X (mentee 2k) lists A (mentor 2k) only, at 100. */
			cr_assert_eq(match_graph_candidates(g, 2 * k, &mt, &sc), 1);
			cr_assert_eq(mt[0], 2 * k);
			cr_assert_eq(sc[0], 100);
		}
		struct match_result *r;
		cr_assert_eq(match_solve(g, MATCH_ALGO_OPTIMAL, &r), MATCH_OK);
		fx_check_feasible_people(inst, &cfg, g, r);
		cr_assert_eq(match_result_total_score(r), 150 * (int64_t)t);
		for (uint32_t k = 0; k < t; k++) {
			cr_assert_eq(match_result_mentor_of(r, 2 * k), 2 * k + 1, "X with B");
			cr_assert_eq(match_result_mentor_of(r, 2 * k + 1), 2 * k, "Y with A");
		}
		cr_assert(certified(r));
		struct match_certificate c;
		match_result_certificate(r, &c);
		cr_assert_geq(c.arcs_added, t);
		/* The candidate graph alone: the trap holds. */
		struct match_graph *alone = NULL;
		size_t *off = malloc((2 * t + 1) * sizeof *off);
		uint32_t *mt = malloc((2 * t + 1) * sizeof *mt);
		int32_t *sc = malloc((2 * t + 1) * sizeof *sc), *cap = malloc(2 * t * sizeof *cap);
		cr_assert(off && mt && sc && cap);
		for (uint32_t i = 0; i < 2 * t; i++) {
			const uint32_t *m1;
			const int32_t *s1;
			cr_assert_eq(match_graph_candidates(g, i, &m1, &s1), 1);
			off[i] = i;
			mt[i] = m1[0];
			sc[i] = s1[0];
			cap[i] = 1;
		}
		off[2 * t] = 2 * t;
		cr_assert_eq(match_graph_from_arcs(2 * t, 2 * t, cap, off, mt, sc,
			MATCH_POLICY_MAX_SCORE, &alone), MATCH_OK);
		struct match_result *ra;
		cr_assert_eq(match_solve(alone, MATCH_ALGO_OPTIMAL, &ra), MATCH_OK);
		cr_assert_eq(match_result_total_score(ra), 100 * (int64_t)t);
		match_result_free(ra);
		match_graph_free(alone);
		free(off);
		free(mt);
		free(sc);
		free(cap);
		match_result_free(r);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

/* The shapes the tests below cycle through. */
static void shape_of(uint64_t seed, struct fx_shape *sh, uint32_t *n, uint32_t *m)
{
	fx_shape_default(sh);
	*n = 90;
	*m = 25;
	switch (seed % 6) {
	case 0: /* wide and skewed: more skills than bits, long lists */
		sh->skills = 150;
		sh->want_max = 8;
		sh->offer_max = 12;
		sh->skewed = true;
		break;
	case 1: /* a popular skill on nearly every list, few mentors, many slots */
		sh->skills = 3;
		sh->skewed = true;
		sh->cap_max = 5;
		*n = 120;
		*m = 8;
		break;
	case 2: /* more mentors than mentees, of more seniorities than the
	         * search splits its lists by */
		sh->skills = 40;
		sh->seniorities = 30;
		*n = 30;
		*m = 70;
		break;
	case 3: /* nearly everything ties */
		sh->skills = 2;
		sh->interests = 1;
		sh->languages = 1;
		sh->departments = 2;
		sh->seniorities = 3;
		sh->zones = 1;
		break;
	case 4: /* interests and languages from wide, skewed vocabularies */
		sh->interests = 80;
		sh->languages = 70;
		sh->skewed = true;
		break;
	default:
		sh->skills = 20;
		sh->zones = 20;
		break;
	}
}

/* Weights and rules by seed: every weight zero in turn, random others,
 * both department rules, all seniority rules, min_score above 1. */
static void config_of(uint64_t seed, struct match_config *cfg)
{
	uint64_t s = seed * 977 + 5;
	match_config_default(cfg);
	if (seed % 3) {
		for (int c = 0; c < MATCH_CRITERION_COUNT; c++)
			cfg->weights[c] = (int32_t)fx_below(&s, 40);
		cfg->weights[seed % MATCH_CRITERION_COUNT] = 0;
	}
	cfg->department_rule = seed % 2 ? MATCH_DEPT_PREFER_CROSS : MATCH_DEPT_PREFER_SAME;
	cfg->seniority_rule = (enum match_seniority_rule)(seed % 3);
	cfg->require_common_language = seed % 4 != 0;
	cfg->min_score = seed % 5 == 0 ? 25 : 1;
	cfg->allow_repeat = seed % 7 == 0;
	cfg->candidates_per_mentee = 1 + (uint32_t)(seed % 3);
	cfg->pool_per_feature = seed % 2 ? 3 : 0;
	cfg->tie_seed = seed;
	cfg->threads = 1 + (uint32_t)(seed % 2);
}

Test(certificate, equals_min_cost_flow_over_all_pairs_on_shaped_instances)
{
	for (uint64_t seed = 1; seed <= 36; seed++) {
		struct fx_shape sh;
		uint32_t n, m;
		shape_of(seed, &sh, &n, &m);
		struct match_instance *inst = fx_instance_shaped(seed + 900, n, m, &sh);
		struct match_config cfg;
		config_of(seed, &cfg);
		struct match_graph *g, *full = fx_full_graph(inst, &cfg);
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		struct match_result *r;
		cr_assert_eq(match_solve(g, MATCH_ALGO_OPTIMAL, &r), MATCH_OK);
		fx_check_feasible_people(inst, &cfg, g, r);
		int64_t best = fx_mcf(full);
		cr_assert_eq(match_result_total_score(r), best, "seed %llu: %lld, all pairs %lld",
			(unsigned long long)seed, (long long)match_result_total_score(r),
			(long long)best);
		cr_assert(certified(r), "seed %llu", (unsigned long long)seed);
		match_result_free(r);
		match_graph_free(full);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

/* Both policies by exhaustive search, on shapes small enough for it. */
Test(certificate, equals_brute_force_over_all_pairs_on_shaped_instances)
{
	for (uint64_t seed = 1; seed <= 240; seed++) {
		struct fx_shape sh;
		uint32_t n, m;
		shape_of(seed, &sh, &n, &m);
		n = 3 + (uint32_t)(seed % 5);
		m = 1 + (uint32_t)(seed % 4);
		struct match_instance *inst = fx_instance_shaped(seed + 3000, n, m, &sh);
		struct match_config cfg;
		config_of(seed, &cfg);
		cfg.candidates_per_mentee = 1;
		cfg.policy = seed % 4 ? MATCH_POLICY_MAX_SCORE : MATCH_POLICY_MAX_CARDINALITY;
		struct match_graph *g, *full = fx_full_graph(inst, &cfg);
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		struct match_result *r;
		cr_assert_eq(match_solve(g, MATCH_ALGO_OPTIMAL, &r), MATCH_OK);
		fx_check_feasible_people(inst, &cfg, g, r);
		int64_t best;
		uint32_t pairs;
		fx_brute(full, cfg.policy, &best, &pairs);
		if (best < 0)
			best = 0;
		cr_assert_eq(match_result_total_score(r), best, "seed %llu: %lld, all pairs %lld",
			(unsigned long long)seed, (long long)match_result_total_score(r),
			(long long)best);
		if (cfg.policy == MATCH_POLICY_MAX_CARDINALITY) {
			const struct match_pair *p;
			cr_assert_eq(match_result_pairs(r, &p), pairs);
		}
		cr_assert(certified(r), "seed %llu", (unsigned long long)seed);
		match_result_free(r);
		match_graph_free(full);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

/* The duals an auction holds part way, as the certificate's first search
 * reads them: each mentor's price, each mentee's least covering value. */
static void duals_midway(const struct match_graph *g, struct match_auction *au, int64_t *u, int64_t *v)
{
	for (uint32_t j = 0; j < g->m; j++)
		v[j] = g->slots[j] > 0 ? match_auction_price(au, j) : MATCH_NO_PRICE;
	for (uint32_t i = 0; i < g->n; i++) {
		u[i] = 0;
		for (size_t a = g->off[i]; a < g->off[i + 1]; a++)
			if (v[g->mentor[a]] != MATCH_NO_PRICE &&
			    match_auction_worth(au, g->score[a]) - v[g->mentor[a]] > u[i])
				u[i] = match_auction_worth(au, g->score[a]) - v[g->mentor[a]];
	}
}

static void search(struct match_graph *g, struct match_auction *au, const int64_t *u, const int64_t *v,
	uint32_t threads, struct match_pricing_out *out)
{
	struct match_pricing *p;
	g->cfg.threads = threads;
	cr_assert_eq(match_pricing_new(g, &p), MATCH_OK);
	struct match_pricing_in in = { .cur = g, .au = au, .u = u, .v = v, .per_mentee = 128 };
	cr_assert_eq(match_pricing_run(p, &in, out), MATCH_OK);
	match_pricing_free(p);
}

Test(certificate, two_threads_find_what_one_finds_in_mentee_order)
{
	/* Enough mentees for two workers, each taking chunks as they come:
	 * the finds must come back in mentee order all the same. */
	struct fx_shape sh;
	fx_shape_default(&sh);
	uint32_t n = 12000, m = 1500;
	struct match_instance *inst = fx_instance_shaped(77, n, m, &sh);
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 5;
	struct match_graph *g;
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
	struct match_auction *au;
	cr_assert_eq(match_auction_new(g, &au), MATCH_OK);
	cr_assert_eq(match_auction_run(au, g, match_auction_scale(au) * 30 / 100), MATCH_OK);
	int64_t *u = malloc(n * sizeof *u), *v = malloc(m * sizeof *v);
	duals_midway(g, au, u, v);
	struct match_pricing_out one, two;
	search(g, au, u, v, 1, &one);
	search(g, au, u, v, 2, &two);
	cr_assert_gt(one.n, 1000, "a search with something to find: %zu", one.n);
	cr_assert_eq(two.n, one.n);
	for (size_t x = 0; x < one.n; x++) {
		cr_assert(one.pairs[x].i == two.pairs[x].i && one.pairs[x].j == two.pairs[x].j &&
			  one.pairs[x].score == two.pairs[x].score && one.pairs[x].rc == two.pairs[x].rc,
			  "pair %zu", x);
		if (x)
			cr_assert(two.pairs[x - 1].i < two.pairs[x].i ||
				  (two.pairs[x - 1].i == two.pairs[x].i && two.pairs[x - 1].j < two.pairs[x].j),
				  "pair %zu out of order", x);
	}
	free(one.pairs);
	free(two.pairs);
	free(u);
	free(v);
	match_auction_free(au);
	match_graph_free(g);
	match_instance_free(inst);
}
