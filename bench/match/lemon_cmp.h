/*
 * lemon_cmp.h — the benchmark's bridge to LEMON's CostScaling min-cost
 * flow (C++), used only to cross-check totals and compare solve times on
 * the very same candidate graph. Never part of mentord.
 */
#ifndef MENTORD_BENCH_MATCH_LEMON_CMP_H
#define MENTORD_BENCH_MATCH_LEMON_CMP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Solve max total score on the arcs given (as match_graph_candidates lists
 * them), mentor slots as capacities. Returns 0 on success, and the total,
 * the seconds spent building LEMON's graph and inside CostScaling::run(). */
int lemon_cost_scaling(uint32_t n, uint32_t m, const int32_t *slots,
	const size_t *off, const uint32_t *mentor, const int32_t *score,
	int64_t *total, double *build_s, double *solve_s);

#ifdef __cplusplus
}
#endif

#endif
