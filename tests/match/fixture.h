/*
 * fixture.h — shared helpers for the matching tests: a seeded random
 * generator, random people instances small enough to check by brute force,
 * and reference solvers (exhaustive search, min-cost flow) that share no
 * code with src/match/.
 */
#ifndef MENTORD_TESTS_MATCH_FIXTURE_H
#define MENTORD_TESTS_MATCH_FIXTURE_H

#include "match/match.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint64_t fx_rand(uint64_t *state);
uint32_t fx_below(uint64_t *state, uint32_t n);

/* A finalized random instance: n mentees, m mentors, small vocabularies so
 * pairs overlap often; some mentees have a manager chain hitting mentors,
 * past pairs, preferences and avoid lists. */
struct match_instance *fx_instance(uint64_t seed, uint32_t n, uint32_t m);

/* The shape of a random people instance: vocabulary sizes, list
 * lengths, capacities, and whether feature ids are skewed (log-uniform,
 * so the first few ids are on most lists, as popular skills are). */
struct fx_shape {
	uint32_t skills, want_max, offer_max; /* vocabulary; list lengths 0..max */
	uint32_t interests, languages, departments, seniorities, zones;
	int32_t cap_max;                      /* mentor capacity 1..cap_max */
	bool skewed;
};

/* fx_instance's shape (small vocabularies, uniform ids). */
void fx_shape_default(struct fx_shape *sh);

/* A finalized random instance of that shape, with manager chains, past
 * pairs, preferences and avoid lists as fx_instance's. */
struct match_instance *fx_instance_shaped(uint64_t seed, uint32_t n, uint32_t m,
	const struct fx_shape *sh);

/* A random arc graph: n mentees, m mentors, capacities 0..cap_max, each
 * arc present with probability density_pct, scores 1..score_max. */
struct match_graph *fx_graph(uint64_t seed, uint32_t n, uint32_t m,
	int32_t cap_max, uint32_t density_pct, int32_t score_max,
	enum match_policy policy);

/* The best (pairs, total) over all feasible matchings of g, exhaustively.
 * For MATCH_POLICY_MAX_SCORE pairs is that of some optimum. */
void fx_brute(const struct match_graph *g, enum match_policy policy,
	int64_t *total, uint32_t *pairs);

/* Maximum total score by successive shortest paths (Bellman-Ford). */
int64_t fx_mcf(const struct match_graph *g);

/* Checks a result against g: capacities, arcs exist, scores, total. */
void fx_check_feasible(const struct match_graph *g, const struct match_result *r);

/* The same for a graph built from inst: a pair outside the candidates
 * (which the optimality certificate may add) must be allowed and scored
 * as match_explain() scores it. */
void fx_check_feasible_people(const struct match_instance *inst,
	const struct match_config *cfg, const struct match_graph *g,
	const struct match_result *r);

/* Every allowed pair of inst scoring at least min_score, as an arc graph
 * (the whole problem the certificate claims to solve). */
struct match_graph *fx_full_graph(const struct match_instance *inst,
	const struct match_config *cfg);

/* n mentees and m mentors with empty profiles (every pair ties) and
 * capacities 1..5; *slots receives their sum. */
struct match_instance *fx_empty_instance(uint64_t seed, uint32_t n, uint32_t m,
	uint64_t *slots);

#endif
