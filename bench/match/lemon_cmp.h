/*
 * lemon_cmp.h — the benchmark's bridge to LEMON's min-cost-flow solvers
 * (C++), used only to cross-check totals and compare solve times on the
 * very same graph. Never part of mentord. lemon_formulation() says exactly
 * which network and which configuration are solved, for the output.
 */
#ifndef MENTORD_BENCH_MATCH_LEMON_CMP_H
#define MENTORD_BENCH_MATCH_LEMON_CMP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum lemon_algo {
	LEMON_COST_SCALING,
	LEMON_NETWORK_SIMPLEX,
};

struct lemon_figures {
	double build_wall, build_cpu; /* building LEMON's graph and maps */
	double solve_wall, solve_cpu; /* inside run() */
	int64_t total;                /* maximum total score */
};

const char *lemon_formulation(void);

/* Solve max total score on the arcs given (as match_graph_candidates lists
 * them), mentor slots as capacities. Returns 0 on success. */
int lemon_solve(enum lemon_algo algo, uint32_t n, uint32_t m,
	const int32_t *slots, const size_t *off, const uint32_t *mentor,
	const int32_t *score, struct lemon_figures *out);

#ifdef __cplusplus
}
#endif

#endif
