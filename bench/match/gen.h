/*
 * gen.h — realistic random matching instances for the benchmark: Zipf
 * skill and interest popularity, a dominant shared language, uneven
 * mentor capacities, time zones clustered by region, working-hours
 * availability, management chains that sometimes reach mentors, stated
 * preferences and past pairs. Deterministic for a given seed.
 */
#ifndef MENTORD_BENCH_MATCH_GEN_H
#define MENTORD_BENCH_MATCH_GEN_H

#include "match/match.h"

#include <stdint.h>

/* An instance of n mentees and m mentors, not yet finalized (the
 * benchmark times finalize as engine work), into *out; returns a
 * match_status. The caller frees it with match_instance_free(). */
int gen_instance(uint32_t n, uint32_t m, uint64_t seed,
	struct match_instance **out);

#endif
