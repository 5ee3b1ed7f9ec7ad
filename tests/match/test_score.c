/*
 * test_score.c — scores and their reasons: points per criterion as
 * documented, reasons sorted and summing to the score the solver used,
 * candidate lists exactly the top K the documentation promises, and
 * self-match recommendations consistent with both.
 */
#include "fixture.h"
#include "match/graph.h" /* the tie key the ranking uses */

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const struct match_reason *find(const struct match_explanation *e,
	enum match_criterion c)
{
	for (uint32_t k = 0; k < e->n_reasons; k++)
		if (e->reasons[k].criterion == c)
			return &e->reasons[k];
	return NULL;
}

Test(score, handmade_pair_points_and_reasons)
{
	int32_t want[] = { 4, 1, 2, 3 }, offer[] = { 2, 9, 4 };
	int32_t in_a[] = { 5, 6 }, in_b[] = { 6, 7, 8 };
	int32_t la[] = { 1, 3 }, lb[] = { 3 };
	int32_t pd[] = { 12 };
	struct match_mentee a = { 0 };
	a.user_id = 1;
	a.skills_wanted = (struct match_ids){ want, 4 };
	a.interests = (struct match_ids){ in_a, 2 };
	a.languages = (struct match_ids){ la, 2 };
	a.department = 11;
	a.seniority = 2;
	a.utc_offset_min = 60;
	a.prefs.departments = (struct match_ids){ pd, 1 };
	for (unsigned h = 9; h < 14; h++)
		match_week_set(&a.availability, h);
	struct match_mentor b = { 0 };
	b.user_id = 2;
	b.skills_offered = (struct match_ids){ offer, 3 };
	b.interests = (struct match_ids){ in_b, 3 };
	b.languages = (struct match_ids){ lb, 1 };
	b.department = 12;
	b.seniority = 6;
	b.utc_offset_min = 300;
	b.capacity = 1;
	for (unsigned h = 12; h < 20; h++)
		match_week_set(&b.availability, h);
	struct match_instance *inst;
	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_OK);
	cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_OK);
	cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
	struct match_config cfg;
	match_config_default(&cfg);
	struct match_explanation e;
	cr_assert_eq(match_explain(inst, &cfg, 0, 0, &e), MATCH_OK);

	/* skills: 2 of 4 wanted -> 35 * 2/4 = 17.5 -> 18, ids {2, 4} */
	const struct match_reason *r = find(&e, MATCH_CRIT_SKILLS);
	cr_assert(r);
	cr_assert_eq(r->points, 18);
	cr_assert_eq(r->value, 2);
	cr_assert_eq(r->n_ids, 2);
	cr_assert_eq(r->ids[0], 2);
	cr_assert_eq(r->ids[1], 4);
	/* interests: 1 shared, min list 2 -> 5 */
	cr_assert_eq(find(&e, MATCH_CRIT_INTERESTS)->points, 5);
	cr_assert_eq(find(&e, MATCH_CRIT_INTERESTS)->ids[0], 6);
	/* languages: {3} -> 10 */
	cr_assert_eq(find(&e, MATCH_CRIT_LANGUAGES)->points, 10);
	cr_assert_eq(find(&e, MATCH_CRIT_LANGUAGES)->ids[0], 3);
	/* seniority: gap 4 -> 10 * 2/4 = 5 */
	cr_assert_eq(find(&e, MATCH_CRIT_SENIORITY)->points, 5);
	cr_assert_eq(find(&e, MATCH_CRIT_SENIORITY)->value, 4);
	/* department: cross-functional by default -> 10 */
	cr_assert_eq(find(&e, MATCH_CRIT_DEPARTMENT)->points, 10);
	/* timezone: 240 min -> 5 * 240/420 = 2.86 -> 3 */
	cr_assert_eq(find(&e, MATCH_CRIT_TIMEZONE)->points, 3);
	cr_assert_eq(find(&e, MATCH_CRIT_TIMEZONE)->value, 240);
	/* availability: hours 12, 13 -> 10 * 2/4 = 5 */
	cr_assert_eq(find(&e, MATCH_CRIT_AVAILABILITY)->points, 5);
	cr_assert_eq(find(&e, MATCH_CRIT_AVAILABILITY)->value, 2);
	/* preferences: department 12 wanted and met -> 10 */
	cr_assert_eq(find(&e, MATCH_CRIT_PREFERENCES)->points, 10);
	cr_assert_eq(find(&e, MATCH_CRIT_PREFERENCES)->ids[0], MATCH_PREF_DEPARTMENT);
	cr_assert_eq(e.score, 18 + 5 + 10 + 5 + 10 + 3 + 5 + 10);
	cr_assert_eq(e.reasons[0].criterion, MATCH_CRIT_SKILLS);
	cr_assert_eq(e.blocked, MATCH_BLOCK_NONE);

	/* Same department under "prefer same" flips the department points. */
	cfg.department_rule = MATCH_DEPT_PREFER_SAME;
	cr_assert_eq(match_explain(inst, &cfg, 0, 0, &e), MATCH_OK);
	cr_assert_null(find(&e, MATCH_CRIT_DEPARTMENT));
	cfg.seniority_rule = MATCH_SENIORITY_REVERSE;
	cr_assert_eq(match_explain(inst, &cfg, 0, 0, &e), MATCH_OK);
	cr_assert_null(find(&e, MATCH_CRIT_SENIORITY));
	match_instance_free(inst);
}

static void check_explanation(const struct match_explanation *e)
{
	int32_t sum = 0;
	for (uint32_t k = 0; k < e->n_reasons; k++) {
		cr_assert_gt(e->reasons[k].points, 0);
		if (k)
			cr_assert_geq(e->reasons[k - 1].points, e->reasons[k].points);
		cr_assert_leq(e->reasons[k].n_ids, MATCH_REASON_IDS);
		sum += e->reasons[k].points;
	}
	cr_assert_eq(sum, e->score);
}

struct ranked {
	int32_t score;
	uint32_t mentor;
	uint32_t tie;
};

/* Best first; equal scores by the pair's tie key (docs/matching.md). */
static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->tie != y->tie)
		return x->tie < y->tie ? -1 : 1;
	return (x->mentor > y->mentor) - (x->mentor < y->mentor);
}

/* The candidates must be the top K of the skill sharers when there are K
 * eligible ones, else of the skill or interest sharers when there are K,
 * else of all mentors (docs/matching.md, "Candidates"). */
static void check_candidates(const struct match_instance *inst,
	const struct match_config *cfg, const struct match_graph *g)
{
	uint32_t n = match_instance_mentee_count(inst), m = match_instance_mentor_count(inst);
	struct ranked *all = malloc((m + 1) * sizeof *all);
	struct ranked *pool = malloc((m + 1) * sizeof *pool);
	struct ranked *pool2 = malloc((m + 1) * sizeof *pool2);
	cr_assert(all && pool && pool2);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t na = 0, np = 0, np2 = 0;
		for (uint32_t j = 0; j < m; j++) {
			struct match_explanation e;
			cr_assert_eq(match_explain(inst, cfg, i, j, &e), MATCH_OK);
			check_explanation(&e);
			if (e.blocked != MATCH_BLOCK_NONE || e.score < cfg->min_score)
				continue;
			struct ranked x = { e.score, j,
				match_tie_key(match_tie_mix(cfg->tie_seed), i, j) };
			bool skill = find(&e, MATCH_CRIT_SKILLS) != NULL;
			bool interest = find(&e, MATCH_CRIT_INTERESTS) != NULL;
			all[na++] = x;
			if (skill)
				pool[np++] = x;
			if (skill || interest)
				pool2[np2++] = x;
		}
		uint32_t k = cfg->candidates_per_mentee;
		struct ranked *want = np >= k ? pool : np2 >= k ? pool2 : all;
		uint32_t nw = np >= k ? np : np2 >= k ? np2 : na;
		qsort(want, nw, sizeof *want, cmp_ranked);
		if (nw > cfg->candidates_per_mentee)
			nw = cfg->candidates_per_mentee;
		const uint32_t *mt;
		const int32_t *sc;
		size_t d = match_graph_candidates(g, i, &mt, &sc);
		cr_assert_eq(d, nw, "mentee %u: %zu candidates, want %u", i, d, nw);
		for (size_t a = 0; a < d; a++) {
			cr_assert_eq(mt[a], want[a].mentor, "mentee %u rank %zu", i, a);
			cr_assert_eq(sc[a], want[a].score);
		}
	}
	free(all);
	free(pool);
	free(pool2);
}

Test(candidates, exactly_the_documented_top_k)
{
	struct match_config cfg;
	match_config_default(&cfg);
	for (uint64_t seed = 1; seed <= 12; seed++) {
		struct match_instance *inst = fx_instance(seed, 60, 80);
		cfg.candidates_per_mentee = 1 + (uint32_t)(seed * 7 % 30);
		cfg.pool_per_feature = seed % 2 ? 0 : 1000; /* no window cuts */
		cfg.min_score = seed % 3 ? 1 : 40;
		cfg.allow_repeat = seed % 2;
		cfg.department_rule = (enum match_department_rule)(seed % 2);
		struct match_graph *g;
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		check_candidates(inst, &cfg, g);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

Test(candidates, weights_change_the_ranking_consistently)
{
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 6;
	for (int c = 0; c < MATCH_CRITERION_COUNT; c++)
		cfg.weights[c] = (int32_t)(97 * (c + 3) % 200);
	cfg.seniority_rule = MATCH_SENIORITY_PEER;
	cfg.require_common_language = false;
	struct match_instance *inst = fx_instance(77, 50, 60);
	struct match_graph *g;
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
	check_candidates(inst, &cfg, g);
	match_graph_free(g);
	match_instance_free(inst);
}

/* With windows cutting the index entries, candidates are still sorted,
 * allowed, and scored exactly as match_explain() scores them. */
Test(candidates, windows_keep_scores_exact)
{
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 7;
	cfg.pool_per_feature = 3;
	struct match_instance *inst = fx_instance(9, 200, 90);
	struct match_graph *g;
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
	for (uint32_t i = 0; i < 200; i++) {
		const uint32_t *mt;
		const int32_t *sc;
		size_t d = match_graph_candidates(g, i, &mt, &sc);
		cr_assert_leq(d, 7);
		for (size_t a = 0; a < d; a++) {
			struct match_explanation e;
			cr_assert_eq(match_explain(inst, &cfg, i, mt[a], &e), MATCH_OK);
			cr_assert_eq(e.score, sc[a]);
			cr_assert_eq(e.blocked, MATCH_BLOCK_NONE);
			if (a)
				cr_assert(sc[a - 1] > sc[a] || (sc[a - 1] == sc[a] &&
					match_tie_key(g->tie_mix, i, mt[a - 1]) <
					match_tie_key(g->tie_mix, i, mt[a])));
		}
	}
	match_graph_free(g);
	match_instance_free(inst);
}

/*
 * Vocabularies wider than the generator's fast paths: more than 64
 * skills (so windows cut skills without a bit), mentors with more than
 * MATCH_HOT_INTERESTS interests, and interest lists long enough that
 * ids share bits of any 64-bit signature.
 */
static size_t wide_ids(uint64_t *s, int32_t *v, uint32_t max, uint32_t vocab)
{
	size_t n = 1 + fx_below(s, max);
	for (size_t k = 0; k < n; k++)
		v[k] = (int32_t)fx_below(s, vocab) * 7 + 3;
	return n;
}

static struct match_instance *wide_instance(uint64_t seed, uint32_t n, uint32_t m)
{
	uint64_t s = seed * 104729 + 5;
	struct match_instance *inst;
	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	int32_t sk[10], in[16], la[1] = { 1 };
	for (uint32_t j = 0; j < m; j++) {
		struct match_mentor b = { 0 };
		b.user_id = 1000 + j;
		b.skills_offered = (struct match_ids){ sk, wide_ids(&s, sk, 10, 150) };
		b.interests = (struct match_ids){ in, wide_ids(&s, in, 16, 30) };
		b.languages = (struct match_ids){ la, fx_below(&s, 6) ? 1 : 0 };
		b.department = (int32_t)fx_below(&s, 5);
		b.seniority = (int32_t)fx_below(&s, 8);
		b.utc_offset_min = 60 * ((int32_t)fx_below(&s, 13) - 6);
		for (int h = 0; h < 6; h++)
			match_week_set(&b.availability, fx_below(&s, 168));
		b.capacity = 1 + (int32_t)fx_below(&s, 3);
		cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_OK);
	}
	for (uint32_t i = 0; i < n; i++) {
		struct match_mentee a = { 0 };
		a.user_id = 1000000 + i;
		a.skills_wanted = (struct match_ids){ sk, wide_ids(&s, sk, 6, 150) };
		a.interests = (struct match_ids){ in, wide_ids(&s, in, 16, 30) };
		a.languages = (struct match_ids){ la, 1 };
		a.department = (int32_t)fx_below(&s, 5);
		a.seniority = (int32_t)fx_below(&s, 6);
		a.utc_offset_min = 60 * ((int32_t)fx_below(&s, 13) - 6);
		for (int h = 0; h < 6; h++)
			match_week_set(&a.availability, fx_below(&s, 168));
		cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_OK);
	}
	cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
	return inst;
}

Test(candidates, wide_vocabularies_match_brute_force)
{
	struct match_config cfg;
	match_config_default(&cfg);
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct match_instance *inst = wide_instance(seed, 70, 160);
		cfg.candidates_per_mentee = 3 + (uint32_t)(seed * 5 % 25);
		cfg.pool_per_feature = seed % 2 ? 0 : 1000; /* no window cuts */
		cfg.weights[MATCH_CRIT_INTERESTS] = seed % 3 ? 10 : 300;
		struct match_graph *g;
		cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
		check_candidates(inst, &cfg, g);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

Test(candidates, wide_vocabularies_windows_keep_scores_exact)
{
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 9;
	cfg.pool_per_feature = 2; /* cuts far more than 64 skills */
	struct match_instance *inst = wide_instance(11, 150, 300);
	struct match_graph *g;
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
	for (uint32_t i = 0; i < 150; i++) {
		const uint32_t *mt;
		const int32_t *sc;
		size_t d = match_graph_candidates(g, i, &mt, &sc);
		for (size_t a = 0; a < d; a++) {
			struct match_explanation e;
			cr_assert_eq(match_explain(inst, &cfg, i, mt[a], &e), MATCH_OK);
			cr_assert_eq(e.score, sc[a], "mentee %u mentor %u", i, mt[a]);
			check_explanation(&e);
		}
	}
	match_graph_free(g);
	match_instance_free(inst);
}

Test(recommend, ranked_with_reasons_and_consistent_with_graph)
{
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 5;
	struct match_instance *inst = fx_instance(5, 30, 50);
	struct match_graph *g;
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
	struct match_recommendation rec[5];
	for (uint32_t i = 0; i < 30; i++) {
		size_t nr;
		cr_assert_eq(match_recommend(inst, &cfg, i, rec, 5, &nr), MATCH_OK);
		const uint32_t *mt;
		const int32_t *sc;
		size_t d = match_graph_candidates(g, i, &mt, &sc);
		cr_assert_eq(nr, d);
		for (size_t k = 0; k < nr; k++) {
			cr_assert_eq(rec[k].mentor, mt[k]);
			cr_assert_eq(rec[k].why.score, sc[k]);
			cr_assert_eq(rec[k].why.blocked, MATCH_BLOCK_NONE);
			cr_assert_eq(rec[k].mentor_uid, match_instance_mentor_uid(inst, mt[k]));
			check_explanation(&rec[k].why);
		}
	}
	match_graph_free(g);
	match_instance_free(inst);
}

Test(config, defaults_validate_and_names)
{
	struct match_config cfg;
	match_config_default(&cfg);
	cr_assert_eq(match_config_validate(&cfg), MATCH_OK);
	int32_t sum = 0;
	for (int c = 0; c < MATCH_CRITERION_COUNT; c++)
		sum += cfg.weights[c];
	cr_assert_eq(sum, 100);
	cr_assert_eq(cfg.candidates_per_mentee, 50);
	cr_assert_str_eq(match_criterion_name(MATCH_CRIT_SKILLS), "skills");
	cr_assert_str_eq(match_unmatched_name(MATCH_UNMATCHED_CAPACITY), "all_candidates_full");
	cr_assert_str_eq(match_block_name(MATCH_BLOCK_MANAGER_CHAIN), "manager_chain");
	cfg.weights[MATCH_CRIT_SKILLS] = MATCH_WEIGHT_MAX + 1;
	cr_assert_eq(match_config_validate(&cfg), MATCH_EINVAL);
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 0;
	cr_assert_eq(match_config_validate(&cfg), MATCH_EINVAL);
	match_config_default(&cfg);
	cfg.min_score = 0;
	cr_assert_eq(match_config_validate(&cfg), MATCH_EINVAL);
}
