/*
 * test_solver.c — the optimal solver is exact (brute force on many tiny
 * graphs, an independent min-cost flow on larger ones, both policies) and,
 * on people instances, globally optimal with its certificate (brute force
 * and min-cost flow over ALL N x M pairs, including the all-ties case);
 * the stable solver leaves no blocking pair under the seeded tie order,
 * and both are deterministic. Large arrays ask for huge pages.
 */
#include "fixture.h"
#include "match/graph.h" /* the tie key, to state the stable order */
#include "match/hugepages.h"
#include "../vmflags.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct match_result *solve(const struct match_graph *g, enum match_algorithm a)
{
	struct match_result *r;
	cr_assert_eq(match_solve(g, a, &r), MATCH_OK);
	fx_check_feasible(g, r);
	return r;
}

static struct match_result *solve_people(const struct match_instance *inst,
	const struct match_config *cfg, const struct match_graph *g,
	enum match_algorithm a)
{
	struct match_result *r;
	cr_assert_eq(match_solve(g, a, &r), MATCH_OK);
	fx_check_feasible_people(inst, cfg, g, r);
	return r;
}

static bool certified(const struct match_result *r)
{
	struct match_certificate c;
	match_result_certificate(r, &c);
	return c.certified && c.reason == MATCH_CERT_CERTIFIED;
}

Test(optimal, equals_brute_force_on_small_random_graphs)
{
	for (uint64_t seed = 1; seed <= 1500; seed++) {
		uint64_t s = seed;
		uint32_t n = 1 + fx_below(&s, 7), m = 1 + fx_below(&s, 4);
		/* Few distinct scores make many ties, the hard case. */
		int32_t smax = fx_below(&s, 2) ? 3 : 60;
		struct match_graph *g = fx_graph(seed, n, m, 3, 20 + fx_below(&s, 80),
			smax, MATCH_POLICY_MAX_SCORE);
		struct match_result *r = solve(g, MATCH_ALGO_OPTIMAL);
		int64_t best;
		uint32_t pairs;
		fx_brute(g, MATCH_POLICY_MAX_SCORE, &best, &pairs);
		cr_assert_eq(match_result_total_score(r), best,
			"seed %llu: got %lld, optimum %lld", (unsigned long long)seed,
			(long long)match_result_total_score(r), (long long)best);
		match_result_free(r);
		match_graph_free(g);
	}
}

Test(optimal, max_cardinality_policy_equals_brute_force)
{
	for (uint64_t seed = 1; seed <= 800; seed++) {
		uint64_t s = seed + 99;
		uint32_t n = 1 + fx_below(&s, 7), m = 1 + fx_below(&s, 4);
		struct match_graph *g = fx_graph(seed, n, m, 2, 40, 50,
			MATCH_POLICY_MAX_CARDINALITY);
		struct match_result *r = solve(g, MATCH_ALGO_OPTIMAL);
		int64_t best;
		uint32_t pairs;
		fx_brute(g, MATCH_POLICY_MAX_CARDINALITY, &best, &pairs);
		const struct match_pair *p;
		cr_assert_eq(match_result_pairs(r, &p), pairs, "seed %llu",
			(unsigned long long)seed);
		cr_assert_eq(match_result_total_score(r), best);
		match_result_free(r);
		match_graph_free(g);
	}
}

Test(optimal, equals_min_cost_flow_on_larger_graphs)
{
	for (uint64_t seed = 1; seed <= 40; seed++) {
		uint64_t s = seed;
		uint32_t n = 50 + fx_below(&s, 150), m = 10 + fx_below(&s, 40);
		struct match_graph *g = fx_graph(seed, n, m, 5, 5 + fx_below(&s, 30),
			fx_below(&s, 2) ? 5 : 100, MATCH_POLICY_MAX_SCORE);
		struct match_result *r = solve(g, MATCH_ALGO_OPTIMAL);
		cr_assert_eq(match_result_total_score(r), fx_mcf(g), "seed %llu",
			(unsigned long long)seed);
		match_result_free(r);
		match_graph_free(g);
	}
}

/* The certificate's claim: optimal over every allowed pair, not just the
 * candidates. K of 1-3 leaves most pairs out of the candidate graph. */
Test(optimal, certified_total_equals_brute_force_over_all_pairs)
{
	struct match_config cfg;
	match_config_default(&cfg);
	for (uint64_t seed = 1; seed <= 300; seed++) {
		struct match_instance *inst = fx_instance(seed, 7, 4);
		cfg.candidates_per_mentee = 1 + (uint32_t)(seed % 3);
		cfg.policy = seed % 5 ? MATCH_POLICY_MAX_SCORE : MATCH_POLICY_MAX_CARDINALITY;
		cfg.min_score = seed % 7 ? 1 : 30;
		cfg.tie_seed = seed;
		struct match_graph *g, *full = fx_full_graph(inst, &cfg);
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		struct match_result *r = solve_people(inst, &cfg, g, MATCH_ALGO_OPTIMAL);
		int64_t best;
		uint32_t pairs;
		fx_brute(full, cfg.policy, &best, &pairs);
		cr_assert_eq(match_result_total_score(r), best, "seed %llu: %lld, all pairs %lld",
			(unsigned long long)seed, (long long)match_result_total_score(r),
			(long long)best);
		if (cfg.policy == MATCH_POLICY_MAX_CARDINALITY) {
			const struct match_pair *p;
			cr_assert_eq(match_result_pairs(r, &p), pairs);
		}
		cr_assert(certified(r));
		match_result_free(r);
		match_graph_free(full);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

Test(optimal, certified_total_equals_min_cost_flow_over_all_pairs)
{
	struct match_config cfg;
	match_config_default(&cfg);
	for (uint64_t seed = 1; seed <= 25; seed++) {
		struct match_instance *inst = fx_instance(seed + 500, 120, 30);
		cfg.candidates_per_mentee = 1 + (uint32_t)(seed % 4);
		cfg.pool_per_feature = seed % 3 ? 2 : 0; /* windows cut, or not */
		cfg.tie_seed = seed * 3;
		cfg.threads = 1 + (uint32_t)(seed % 2);
		struct match_graph *g, *full = fx_full_graph(inst, &cfg);
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		struct match_result *r = solve_people(inst, &cfg, g, MATCH_ALGO_OPTIMAL);
		cr_assert_eq(match_result_total_score(r), fx_mcf(full), "seed %llu",
			(unsigned long long)seed);
		cr_assert(certified(r));
		match_result_free(r);
		match_graph_free(full);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

/* Right after an import every profile is empty and every pair ties: all
 * of min(mentees, slots) must be paired, also when K is far below M. */
Test(optimal, all_ties_pair_everyone_capacity_allows)
{
	static const uint32_t sizes[][2] = { { 7, 4 }, { 60, 9 }, { 2000, 400 },
		{ 300, 900 }, { 10000, 2000 } };
	for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
		uint32_t n = sizes[z][0], m = sizes[z][1];
		uint64_t slots;
		struct match_instance *inst = fx_empty_instance(z + 1, n, m, &slots);
		struct match_config cfg;
		match_config_default(&cfg);
		cfg.candidates_per_mentee = z < 2 ? 1 : 50;
		struct match_graph *g;
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		struct match_result *r = solve_people(inst, &cfg, g, MATCH_ALGO_OPTIMAL);
		const struct match_pair *p;
		size_t np = match_result_pairs(r, &p);
		uint64_t want = n < slots ? n : slots;
		cr_assert_eq(np, want, "%u x %u: %zu pairs, want %llu", n, m, np,
			(unsigned long long)want);
		cr_assert(certified(r));
		if (n * m <= 64) {
			struct match_graph *full = fx_full_graph(inst, &cfg);
			int64_t best;
			uint32_t pairs;
			fx_brute(full, MATCH_POLICY_MAX_SCORE, &best, &pairs);
			cr_assert_eq(match_result_total_score(r), best);
			match_graph_free(full);
		}
		/* Ties are spread: with K < M the candidates reach every mentor. */
		if (n >= 2000) {
			uint8_t *seen = calloc(m, 1);
			uint32_t distinct = 0;
			for (uint32_t i = 0; i < n; i++) {
				const uint32_t *mt;
				const int32_t *sc;
				size_t d = match_graph_candidates(g, i, &mt, &sc);
				for (size_t a = 0; a < d; a++)
					if (!seen[mt[a]]) {
						seen[mt[a]] = 1;
						distinct++;
					}
			}
			cr_assert_eq(distinct, m, "%u x %u: %u distinct", n, m, distinct);
			free(seen);
		}
		match_result_free(r);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

/* A manager's time limit ends certification: the matching is still
 * valid, and the result says why it is not certified. */
Test(optimal, time_limit_reports_why_not_certified)
{
	cr_assert_str_eq(match_cert_reason_name(MATCH_CERT_TIME_LIMIT), "time_limit");
	cr_assert_str_eq(match_cert_reason_name(MATCH_CERT_STABLE), "stable_algorithm");
	cr_assert_null(match_cert_reason_name(MATCH_CERT_CERTIFIED));
	cr_assert_str_eq(match_cert_reason_name(MATCH_CERT_ROUNDS), "round_limit");
	cr_assert_str_eq(match_cert_reason_name(MATCH_CERT_GAP), "duality_gap");
	struct match_instance *inst = fx_instance(3, 6000, 600);
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 1; /* leaves pairs to add */
	cfg.time_limit_ms = 1;
	struct match_graph *g;
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
	struct match_result *r = solve_people(inst, &cfg, g, MATCH_ALGO_OPTIMAL);
	struct match_certificate c;
	match_result_certificate(r, &c);
	cr_assert(!c.certified);
	cr_assert_eq(c.reason, MATCH_CERT_TIME_LIMIT);
	match_result_free(r);
	/* Without the limit the same run certifies. */
	cfg.time_limit_ms = 0;
	match_graph_free(g);
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
	r = solve_people(inst, &cfg, g, MATCH_ALGO_OPTIMAL);
	match_result_certificate(r, &c);
	cr_assert(c.certified);
	cr_assert_gt(c.rounds, 1);
	cr_assert_gt(c.arcs_added, 0);
	match_result_free(r);
	r = solve_people(inst, &cfg, g, MATCH_ALGO_STABLE);
	match_result_certificate(r, &c);
	cr_assert(!c.certified);
	cr_assert_eq(c.reason, MATCH_CERT_STABLE);
	match_result_free(r);
	match_graph_free(g);
	match_instance_free(inst);
}

Test(optimal, handles_empty_and_degenerate_graphs)
{
	struct match_graph *g = fx_graph(1, 0, 0, 1, 50, 5, MATCH_POLICY_MAX_SCORE);
	struct match_result *r = solve(g, MATCH_ALGO_OPTIMAL);
	cr_assert_eq(match_result_total_score(r), 0);
	match_result_free(r);
	match_graph_free(g);
	/* Capacities all zero: nobody matched, reason "capacity". */
	int32_t cap[2] = { 0, 0 };
	size_t off[3] = { 0, 2, 3 };
	uint32_t mt[3] = { 0, 1, 1 };
	int32_t sc[3] = { 5, 6, 7 };
	cr_assert_eq(match_graph_from_arcs(2, 2, cap, off, mt, sc,
		MATCH_POLICY_MAX_SCORE, &g), MATCH_OK);
	r = solve(g, MATCH_ALGO_OPTIMAL);
	const struct match_unmatched *u;
	cr_assert_eq(match_result_unmatched(r, &u), 2);
	cr_assert_eq(u[0].reason, MATCH_UNMATCHED_CAPACITY);
	match_result_free(r);
	match_graph_free(g);
	/* Invalid arcs are refused. */
	uint32_t dup[3] = { 1, 1, 0 };
	cr_assert_eq(match_graph_from_arcs(2, 2, cap, off, dup, sc,
		MATCH_POLICY_MAX_SCORE, &g), MATCH_EINVAL);
	int32_t zero[3] = { 0, 1, 1 };
	cr_assert_eq(match_graph_from_arcs(2, 2, cap, off, mt, zero,
		MATCH_POLICY_MAX_SCORE, &g), MATCH_EINVAL);
}

/* Whether (score s, mentee i) ranks below (t, k) for mentor j: lower
 * score, or equal score and a higher tie key (docs/matching.md, "Ties"). */
static bool mentor_ranks_below(const struct match_graph *g, uint32_t j,
	int32_t s, uint32_t i, int32_t t, uint32_t k)
{
	if (s != t)
		return s < t;
	uint32_t a = match_tie_key(g->tie_mix, i, j), b = match_tie_key(g->tie_mix, k, j);
	return a != b ? a > b : i > k;
}

static void check_stable(const struct match_graph *g, const struct match_result *r)
{
	uint32_t n = match_graph_mentee_count(g), m = match_graph_mentor_count(g);
	int32_t *worst = malloc((m + 1) * sizeof *worst);
	uint32_t *worst_i = malloc((m + 1) * sizeof *worst_i);
	int32_t *used = calloc(m + 1, sizeof *used);
	int32_t *score_of = malloc((n + 1) * sizeof *score_of);
	cr_assert(worst && worst_i && used && score_of);
	const struct match_pair *p;
	size_t np = match_result_pairs(r, &p);
	for (uint32_t j = 0; j < m; j++)
		worst[j] = INT32_MAX;
	for (size_t k = 0; k < np; k++) {
		uint32_t j = p[k].mentor;
		score_of[p[k].mentee] = p[k].score;
		used[j]++;
		if (worst[j] == INT32_MAX ||
		    mentor_ranks_below(g, j, p[k].score, p[k].mentee, worst[j], worst_i[j])) {
			worst[j] = p[k].score;
			worst_i[j] = p[k].mentee;
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		const uint32_t *mt;
		const int32_t *sc;
		size_t d = match_graph_candidates(g, i, &mt, &sc);
		uint32_t cur = match_result_mentor_of(r, i);
		/* The mentee's preference is its list order (best first, ties
		 * by tie key): only mentors before its own can block. */
		for (size_t a = 0; a < d && mt[a] != cur; a++) {
			uint32_t j = mt[a];
			if (match_graph_slots(g, j) == 0)
				continue;
			if (a > 0)
				cr_assert(sc[a - 1] > sc[a] || (sc[a - 1] == sc[a] &&
					match_tie_key(g->tie_mix, i, mt[a - 1]) <=
					match_tie_key(g->tie_mix, i, mt[a])), "list order");
			bool mentor_would = used[j] < match_graph_slots(g, j) ||
				mentor_ranks_below(g, j, worst[j], worst_i[j], sc[a], i);
			cr_assert(!mentor_would, "blocking pair (%u, %u)", i, j);
		}
	}
	free(worst);
	free(worst_i);
	free(used);
	free(score_of);
}

Test(stable, no_blocking_pair_on_random_graphs)
{
	for (uint64_t seed = 1; seed <= 400; seed++) {
		uint64_t s = seed;
		uint32_t n = 1 + fx_below(&s, 120), m = 1 + fx_below(&s, 30);
		struct match_graph *g = fx_graph(seed, n, m, 4, 5 + fx_below(&s, 60),
			fx_below(&s, 2) ? 4 : 100, MATCH_POLICY_MAX_SCORE);
		struct match_result *r = solve(g, MATCH_ALGO_STABLE);
		check_stable(g, r);
		match_result_free(r);
		match_graph_free(g);
	}
}

Test(stable, no_blocking_pair_on_people_instances)
{
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 5;
	for (uint64_t seed = 1; seed <= 60; seed++) {
		struct match_instance *inst = seed % 4 ? fx_instance(seed, 150, 40) : NULL;
		uint64_t slots;
		if (!inst) /* all ties: the tie order alone decides */
			inst = fx_empty_instance(seed, 150, 40, &slots);
		cfg.tie_seed = seed;
		struct match_graph *g;
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		struct match_result *r = solve_people(inst, &cfg, g, MATCH_ALGO_STABLE);
		check_stable(g, r);
		/* Optimal is at least as good as stable, by definition. */
		struct match_result *o = solve_people(inst, &cfg, g, MATCH_ALGO_OPTIMAL);
		cr_assert_geq(match_result_total_score(o), match_result_total_score(r));
		cr_assert_geq(match_result_total_score(o), fx_mcf(g));
		match_result_free(o);
		match_result_free(r);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

static void same_result(const struct match_result *a, const struct match_result *b)
{
	const struct match_pair *pa, *pb;
	size_t na = match_result_pairs(a, &pa), nb = match_result_pairs(b, &pb);
	cr_assert_eq(na, nb);
	for (size_t k = 0; k < na; k++) {
		cr_assert_eq(pa[k].mentee, pb[k].mentee);
		cr_assert_eq(pa[k].mentor, pb[k].mentor);
		cr_assert_eq(pa[k].score, pb[k].score);
	}
}

/* A fixture instance and its candidate graphs (K candidates) built on one
 * thread and on threads_b; cfg ends with threads_b. */
static struct match_instance *graphs_by_threads(uint64_t seed, uint32_t n, uint32_t m, uint32_t k,
	uint32_t threads_b, struct match_config *cfg, struct match_graph **g1, struct match_graph **gb)
{
	struct match_instance *inst = fx_instance(seed, n, m);
	match_config_default(cfg);
	cfg->candidates_per_mentee = k;
	cfg->threads = 1;
	cr_assert_eq(match_graph_build(inst, cfg, g1), MATCH_OK);
	cfg->threads = threads_b;
	cr_assert_eq(match_graph_build(inst, cfg, gb), MATCH_OK);
	return inst;
}

Test(determinism, same_input_same_output_any_thread_count)
{
	struct match_config cfg;
	struct match_graph *g1, *g4;
	struct match_instance *inst = graphs_by_threads(42, 2000, 300, 10, 4, &cfg, &g1, &g4);
	cr_assert_eq(match_graph_arc_count(g1), match_graph_arc_count(g4));
	for (uint32_t i = 0; i < match_instance_mentee_count(inst); i++) {
		const uint32_t *m1, *m4;
		const int32_t *s1, *s4;
		size_t d1 = match_graph_candidates(g1, i, &m1, &s1);
		size_t d4 = match_graph_candidates(g4, i, &m4, &s4);
		cr_assert_eq(d1, d4);
		for (size_t a = 0; a < d1; a++) {
			cr_assert_eq(m1[a], m4[a]);
			cr_assert_eq(s1[a], s4[a]);
		}
	}
	for (int algo = MATCH_ALGO_OPTIMAL; algo <= MATCH_ALGO_STABLE; algo++) {
		struct match_result *a = solve_people(inst, &cfg, g1, (enum match_algorithm)algo);
		struct match_result *b = solve_people(inst, &cfg, g4, (enum match_algorithm)algo);
		struct match_result *c = solve_people(inst, &cfg, g1, (enum match_algorithm)algo);
		same_result(a, b);
		same_result(a, c);
		match_result_free(a);
		match_result_free(b);
		match_result_free(c);
	}
	match_graph_free(g1);
	match_graph_free(g4);
	match_instance_free(inst);
}

/* From 65,536 arcs the auction builds its arcs by mentor on a second
 * thread while the first forward phase runs (auction.c, TR_BEHIND); one
 * thread builds them in line. Both solve alike. */
Test(determinism, arcs_by_mentor_built_behind_or_in_line_solve_alike)
{
	struct match_config cfg;
	struct match_graph *g1, *g2;
	struct match_instance *inst = graphs_by_threads(43, 8000, 900, 12, 2, &cfg, &g1, &g2);
	cr_assert_gt(match_graph_arc_count(g2), 65536);
	struct match_result *a = solve_people(inst, &cfg, g1, MATCH_ALGO_OPTIMAL);
	struct match_result *b = solve_people(inst, &cfg, g2, MATCH_ALGO_OPTIMAL);
	same_result(a, b);
	match_result_free(a);
	match_result_free(b);
	match_graph_free(g1);
	match_graph_free(g2);
	match_instance_free(inst);
}

/* The certificate grows its own graph in place (match_graph_add_arcs)
 * where the first round copies the caller's (match_graph_with_arcs): on
 * random graphs, over several rounds of additions that repeat pairs the
 * graph holds, repeat each other and reach mentees without arcs, both
 * give the same arcs in the same order. */
Test(graph, grows_in_place_as_the_copy_does)
{
	srand(15);
	for (int trial = 0; trial < 200; trial++) {
		uint32_t n = 1 + (uint32_t)(rand() % 30), m = 1 + (uint32_t)(rand() % 12);
		int32_t cap[12];
		size_t off[31];
		uint32_t mt[31 * 12];
		int32_t sc[31 * 12];
		size_t e = 0;
		for (uint32_t j = 0; j < m; j++)
			cap[j] = 1 + rand() % 3;
		for (uint32_t i = 0; i < n; i++) {
			off[i] = e;
			for (uint32_t j = 0; j < m; j++)
				if (rand() % 3 == 0) {
					mt[e] = j;
					sc[e++] = 1 + rand() % 5;
				}
		}
		off[n] = e;
		struct match_graph *g, *copy = NULL, *grown = NULL;
		cr_assert_eq(match_graph_from_arcs(n, m, cap, off, mt, sc, MATCH_POLICY_MAX_SCORE, &g),
			MATCH_OK);
		for (int round = 0; round < 3; round++) {
			struct match_arc_add add[64];
			size_t na = (size_t)(rand() % 64);
			for (size_t x = 0; x < na; x++)
				add[x] = (struct match_arc_add){ (uint32_t)(rand() % n),
					(uint32_t)(rand() % m), 1 + rand() % 5 };
			/* sorted by mentee, as the search reports them */
			for (size_t x = 1; x < na; x++)
				for (size_t y = x; y > 0 && add[y - 1].i > add[y].i; y--) {
					struct match_arc_add t = add[y];
					add[y] = add[y - 1];
					add[y - 1] = t;
				}
			struct match_graph *next;
			cr_assert_eq(match_graph_with_arcs(copy ? copy : g, add, na, &next), MATCH_OK);
			match_graph_free(copy);
			copy = next;
			if (!grown)
				cr_assert_eq(match_graph_with_arcs(g, add, na, &grown), MATCH_OK);
			else
				cr_assert_eq(match_graph_add_arcs(grown, add, na), MATCH_OK);
			cr_assert_eq(match_graph_arc_count(grown), match_graph_arc_count(copy));
			for (uint32_t i = 0; i < n; i++) {
				const uint32_t *ma, *mb;
				const int32_t *sa, *sb;
				size_t da = match_graph_candidates(copy, i, &ma, &sa);
				cr_assert_eq(match_graph_candidates(grown, i, &mb, &sb), da);
				for (size_t a = 0; a < da; a++) {
					cr_assert_eq(ma[a], mb[a], "trial %d round %d mentee %u", trial, round, i);
					cr_assert_eq(sa[a], sb[a]);
				}
				/* Best first by (score, tie key, mentor), each mentor once,
				 * every pair added there. */
				uint64_t mix = match_tie_mix(0);
				for (size_t a = 1; a < da; a++) {
					cr_assert(match_rank_worse(sa[a], match_tie_key(mix, i, ma[a]), ma[a],
						sa[a - 1], match_tie_key(mix, i, ma[a - 1]), ma[a - 1]),
						"trial %d round %d mentee %u arc %zu", trial, round, i, a);
					for (size_t b = 0; b < a; b++)
						cr_assert_neq(ma[a], ma[b]);
				}
				for (size_t x = 0; x < na; x++) {
					bool there = false;
					for (size_t a = 0; a < da && add[x].i == i; a++)
						there |= ma[a] == add[x].j;
					cr_assert(add[x].i != i || there);
				}
			}
		}
		match_graph_free(copy);
		match_graph_free(grown);
		match_graph_free(g);
	}
}

Test(memory, large_arrays_ask_for_huge_pages)
{
	/* The hint is madvise(MADV_HUGEPAGE): the kernel marks the mapping
	 * "hg" whatever its huge page setting, unless THP is compiled out. */
	if (!thp_available())
		cr_skip_test("this kernel has no transparent huge pages");
	size_t n = 8u << 20;
	char *p = malloc(n);
	cr_assert_not_null(p);
	match_hugepages(p, n);
	uintptr_t mid = ((uintptr_t)p + n / 2) & ~(MATCH_HUGE_PAGE - 1);
	char flags[512];
	cr_assert(vm_flags_of(mid, flags, sizeof flags));
	cr_assert_not_null(strstr(flags, " hg"), "VmFlags:%s", flags);
	/* A small block is left as it is. */
	char *q = malloc(64 * 1024);
	cr_assert_not_null(q);
	match_hugepages(q, 64 * 1024);
	cr_assert(vm_flags_of((uintptr_t)q, flags, sizeof flags));
	cr_assert_null(strstr(flags, " hg"), "VmFlags:%s", flags);
	free(q);
	free(p);
}
