/*
 * test_rules.c — hard rules hold in every algorithm: never the mentee's
 * manager or anyone up the chain, no repeat pair unless allowed, no self
 * pair, no avoided mentor, capacities and existing load respected; and
 * unmatched mentees carry the right reason.
 */
#include "fixture.h"
#include "match/instance.h"

#include <criterion/criterion.h>
#include <string.h>

static int32_t skill_a[] = { 7 }, lang_en[] = { 1 }, lang_fi[] = { 2 };

static struct match_mentor mentor(int64_t uid, int32_t cap)
{
	struct match_mentor b;
	memset(&b, 0, sizeof b);
	b.user_id = uid;
	b.skills_offered = (struct match_ids){ skill_a, 1 };
	b.languages = (struct match_ids){ lang_en, 1 };
	b.seniority = 5;
	b.capacity = cap;
	return b;
}

static struct match_mentee mentee(int64_t uid)
{
	struct match_mentee a;
	memset(&a, 0, sizeof a);
	a.user_id = uid;
	a.skills_wanted = (struct match_ids){ skill_a, 1 };
	a.languages = (struct match_ids){ lang_en, 1 };
	a.seniority = 3;
	return a;
}

static struct match_result *run(const struct match_instance *inst,
	const struct match_config *cfg, enum match_algorithm algo,
	struct match_graph **gout)
{
	struct match_graph *g;
	struct match_result *r;
	cr_assert_eq(match_graph_build(inst, cfg, &g), MATCH_OK);
	cr_assert_eq(match_solve(g, algo, &r), MATCH_OK);
	fx_check_feasible_people(inst, cfg, g, r);
	*gout = g;
	return r;
}

/* One mentee, one mentor; the rule under test decides. */
static enum match_unmatched_reason lone_pair(struct match_mentee a,
	struct match_mentor b, int64_t past_mentor, bool allow_repeat,
	enum match_algorithm algo)
{
	struct match_instance *inst;
	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_OK);
	cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_OK);
	if (past_mentor)
		cr_assert_eq(match_instance_add_past_pair(inst, a.user_id, past_mentor),
			MATCH_OK);
	cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.allow_repeat = allow_repeat;
	struct match_graph *g;
	struct match_result *r = run(inst, &cfg, algo, &g);
	const struct match_unmatched *u;
	enum match_unmatched_reason why = 0;
	if (match_result_unmatched(r, &u))
		why = u[0].reason;
	match_result_free(r);
	match_graph_free(g);
	match_instance_free(inst);
	return why;
}

Test(rules, manager_chain_is_never_a_mentor)
{
	int64_t chain[] = { 900, 901 };
	for (int algo = 0; algo < 2; algo++) {
		struct match_mentee a = mentee(1);
		cr_assert_eq(lone_pair(a, mentor(901, 1), 0, false, algo), 0);
		a.manager_chain = (struct match_uids){ chain, 2 };
		/* the manager's manager, not only the direct manager */
		cr_assert_eq(lone_pair(a, mentor(901, 1), 0, false, algo),
			MATCH_UNMATCHED_BLOCKED);
		cr_assert_eq(lone_pair(a, mentor(900, 1), 0, false, algo),
			MATCH_UNMATCHED_BLOCKED);
	}
}

Test(rules, repeat_pair_only_when_allowed)
{
	for (int algo = 0; algo < 2; algo++) {
		cr_assert_eq(lone_pair(mentee(1), mentor(50, 1), 50, false, algo),
			MATCH_UNMATCHED_BLOCKED);
		cr_assert_eq(lone_pair(mentee(1), mentor(50, 1), 50, true, algo), 0);
		cr_assert_eq(lone_pair(mentee(1), mentor(50, 1), 51, false, algo), 0);
	}
}

Test(rules, self_avoid_language_and_load)
{
	int64_t avoid[] = { 50 };
	struct match_mentee a = mentee(50);
	cr_assert_eq(lone_pair(a, mentor(50, 1), 0, false, 0), MATCH_UNMATCHED_BLOCKED);
	a = mentee(1);
	a.prefs.avoid = (struct match_uids){ avoid, 1 };
	cr_assert_eq(lone_pair(a, mentor(50, 1), 0, false, 0), MATCH_UNMATCHED_BLOCKED);
	/* No shared language: incompatible, so no candidates at all. */
	a = mentee(1);
	a.languages = (struct match_ids){ lang_fi, 1 };
	cr_assert_eq(lone_pair(a, mentor(50, 1), 0, false, 0),
		MATCH_UNMATCHED_NO_CANDIDATES);
	/* A mentor already at capacity from earlier runs. */
	struct match_mentor b = mentor(50, 2);
	b.load = 2;
	cr_assert_eq(lone_pair(mentee(1), b, 0, false, 0), MATCH_UNMATCHED_CAPACITY);
	b.load = 1;
	cr_assert_eq(lone_pair(mentee(1), b, 0, false, 0), 0);
}

/* Found by fuzz/fuzz_api under clang's UBSan (the fixture's match run):
 * with no mentor preferences, avoid lists or manager chains anywhere, the
 * pool of user ids is never allocated, and reading an empty slice of it
 * computed NULL + 0. An empty slice of an empty pool is NULL; every list
 * empty still matches. */
Test(rules, every_list_empty)
{
	struct match_instance *inst;
	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	struct match_mentee a;
	struct match_mentor b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.user_id = 1;
	b.user_id = 2;
	b.capacity = 1;
	cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_OK);
	cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_OK);
	cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
	cr_assert_null(match_span_uids(inst, (struct match_span){0, 0}));
	struct match_config cfg;
	match_config_default(&cfg);
	struct match_graph *g;
	struct match_result *r = run(inst, &cfg, MATCH_ALGO_OPTIMAL, &g);
	match_result_free(r);
	match_graph_free(g);
	match_instance_free(inst);
}

Test(rules, capacity_limits_and_reason)
{
	for (int algo = 0; algo < 2; algo++) {
		struct match_instance *inst;
		cr_assert_eq(match_instance_new(&inst), MATCH_OK);
		for (int64_t u = 1; u <= 5; u++) {
			struct match_mentee a = mentee(u);
			cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_OK);
		}
		struct match_mentor b = mentor(99, 2);
		cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_OK);
		cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
		struct match_config cfg;
		match_config_default(&cfg);
		struct match_graph *g;
		struct match_result *r = run(inst, &cfg, algo, &g);
		const struct match_pair *p;
		const struct match_unmatched *u;
		cr_assert_eq(match_result_pairs(r, &p), 2);
		cr_assert_eq(match_result_unmatched(r, &u), 3);
		for (int k = 0; k < 3; k++)
			cr_assert_eq(u[k].reason, MATCH_UNMATCHED_CAPACITY);
		match_result_free(r);
		match_graph_free(g);
		match_instance_free(inst);
	}
}

Test(rules, random_instances_never_break_a_rule)
{
	struct match_config cfg;
	match_config_default(&cfg);
	cfg.candidates_per_mentee = 8;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct match_instance *inst = fx_instance(seed, 200, 40);
		for (int algo = 0; algo < 2; algo++) {
			struct match_graph *g;
			struct match_result *r = run(inst, &cfg, algo, &g);
			const struct match_pair *p;
			size_t np = match_result_pairs(r, &p);
			for (size_t k = 0; k < np; k++) {
				struct match_explanation e;
				cr_assert_eq(match_explain(inst, &cfg, p[k].mentee,
					p[k].mentor, &e), MATCH_OK);
				cr_assert_eq(e.blocked, MATCH_BLOCK_NONE, "seed %llu: %s",
					(unsigned long long)seed, match_block_name(e.blocked));
				cr_assert_eq(e.score, p[k].score);
				cr_assert_neq(p[k].mentee_uid, p[k].mentor_uid);
			}
			/* Every unmatched reason is consistent with the graph. */
			const struct match_unmatched *u;
			size_t nu = match_result_unmatched(r, &u);
			for (size_t k = 0; k < nu; k++) {
				const uint32_t *mt;
				const int32_t *sc;
				size_t d = match_graph_candidates(g, u[k].mentee, &mt, &sc);
				if (d) {
					cr_assert_eq(u[k].reason, MATCH_UNMATCHED_CAPACITY);
					continue;
				}
				/* No candidates: every mentor is too weak, incompatible,
				 * or (for "blocked"/"capacity") excluded by a rule. */
				bool rule = false, full = false, added = false;
				for (uint32_t j = 0; j < 40; j++) {
					struct match_explanation e;
					cr_assert_eq(match_explain(inst, &cfg, u[k].mentee, j, &e),
						MATCH_OK);
					if (e.score < cfg.min_score)
						continue;
					if (e.blocked == MATCH_BLOCK_NONE && algo == MATCH_ALGO_OPTIMAL) {
						added = true;
						continue;
					}
					cr_assert_neq(e.blocked, MATCH_BLOCK_NONE);
					full |= e.blocked == MATCH_BLOCK_FULL;
					rule |= e.blocked != MATCH_BLOCK_FULL &&
						e.blocked != MATCH_BLOCK_NO_LANGUAGE;
				}
				if (u[k].reason == MATCH_UNMATCHED_BLOCKED)
					cr_assert(rule);
				/* "capacity" with no candidates: the certificate
				 * added pairs whose mentors then filled up. */
				if (u[k].reason == MATCH_UNMATCHED_CAPACITY)
					cr_assert(full || added);
				if (u[k].reason == MATCH_UNMATCHED_NO_CANDIDATES)
					cr_assert(!full);
			}
			match_result_free(r);
			match_graph_free(g);
		}
		match_instance_free(inst);
	}
}

Test(rules, instance_validation)
{
	struct match_instance *inst;
	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	struct match_mentor b = mentor(1, 6);
	cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_EINVAL);
	b = mentor(1, 0);
	cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_EINVAL);
	b = mentor(1, 2);
	b.load = 3;
	cr_assert_eq(match_instance_add_mentor(inst, &b, NULL), MATCH_EINVAL);
	struct match_mentee a = mentee(1);
	a.utc_offset_min = 900;
	cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_EINVAL);
	a = mentee(1);
	a.skills_wanted.n = MATCH_LIST_MAX + 1;
	cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_EINVAL);
	a = mentee(1);
	uint32_t idx = 7;
	cr_assert_eq(match_instance_add_mentee(inst, &a, &idx), MATCH_OK);
	cr_assert_eq(idx, 0);
	cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_OK);
	/* Using an instance before finalize is refused. */
	struct match_config cfg;
	match_config_default(&cfg);
	struct match_graph *g;
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_ESTATE);
	cr_assert_eq(match_instance_finalize(inst), MATCH_EDUPLICATE);
	match_instance_free(inst);

	cr_assert_eq(match_instance_new(&inst), MATCH_OK);
	cr_assert_eq(match_instance_finalize(inst), MATCH_OK);
	cr_assert_eq(match_instance_add_mentee(inst, &a, NULL), MATCH_ESTATE);
	cr_assert_eq(match_graph_build(inst, &cfg, &g), MATCH_OK);
	cr_assert_eq(match_graph_arc_count(g), 0);
	match_graph_free(g);
	match_instance_free(inst);
}
