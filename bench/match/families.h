/*
 * families.h — the benchmark's arc-graph families besides the project's
 * people generator (gen.h), built straight as candidate graphs so every
 * solver sees exactly the same arcs:
 *
 *   uniform  each mentee has 50 distinct mentors drawn uniformly, scores
 *            uniform 1..100, capacities uniform 1..5;
 *   people   skills with skewed (Zipf 1.1) popularity decide who is
 *            connected (up to 50 mentors sharing a wanted skill, popular
 *            mentors far more often), and scores are a few coarse
 *            criteria, so they take few distinct values: many ties.
 *
 * Deterministic for a given seed.
 */
#ifndef MENTORD_BENCH_MATCH_FAMILIES_H
#define MENTORD_BENCH_MATCH_FAMILIES_H

#include "match/match.h"

#include <stdint.h>

int fam_uniform(uint32_t n, uint32_t m, uint64_t seed, struct match_graph **out);
int fam_people(uint32_t n, uint32_t m, uint64_t seed, struct match_graph **out);

#endif
