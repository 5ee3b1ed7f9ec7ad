// lemon_cmp.cc — max-score b-matching as a min-cost flow for LEMON, in the
// usual formulation: a source S with supply n and a sink T with demand n;
// arcs S->mentee (capacity 1, cost 0), mentee->mentor (capacity 1, cost
// -score), mentor->T (capacity = slots, cost 0), and ONE bypass arc S->T
// (capacity n, cost 0) that carries the mentees left unmatched. The optimum
// is -totalCost, the objective match_solve() maximises.
//
// The graph is LEMON's StaticDigraph (its fastest, built once from arcs
// sorted by source) with int capacities and costs, the library's default
// value types. CostScaling runs with its default method (PARTIAL_AUGMENT,
// alpha 16), NetworkSimplex with its default pivot rule (BLOCK_SEARCH).
#include "lemon_cmp.h"

#include <chrono>
#include <ctime>
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>
#include <utility>
#include <vector>

using Graph = lemon::StaticDigraph;

static double now_s()
{
	using namespace std::chrono;
	return duration<double>(steady_clock::now().time_since_epoch()).count();
}

static double cpu_s()
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

extern "C" const char *lemon_formulation(void)
{
	return "LEMON 1.3 on the usual min-cost-flow formulation: source->mentee "
		"(cap 1), mentee->mentor (cap 1, cost -score), mentor->sink (cap "
		"slots), ONE bypass arc source->sink (cap n, cost 0); StaticDigraph, "
		"int costs; CostScaling default (PARTIAL_AUGMENT, alpha 16), "
		"NetworkSimplex default (BLOCK_SEARCH)";
}

extern "C" int lemon_solve(enum lemon_algo algo, uint32_t n, uint32_t m,
	const int32_t *slots, const size_t *off, const uint32_t *mentor,
	const int32_t *score, struct lemon_figures *out)
{
	double w0 = now_s(), c0 = cpu_s();
	size_t e = off[n];
	int S = int(n + m), T = S + 1;
	// Arcs sorted by source: mentees, mentors, then S, as build() wants.
	std::vector<std::pair<int, int>> arcs;
	arcs.reserve(e + 2 * n + m + 1);
	for (uint32_t i = 0; i < n; i++)
		for (size_t a = off[i]; a < off[i + 1]; a++)
			arcs.emplace_back(int(i), int(n + mentor[a]));
	for (uint32_t j = 0; j < m; j++)
		arcs.emplace_back(int(n + j), T);
	for (uint32_t i = 0; i < n; i++)
		arcs.emplace_back(S, int(i));
	arcs.emplace_back(S, T);
	Graph g;
	g.build(n + m + 2, arcs.begin(), arcs.end());
	std::vector<std::pair<int, int>>().swap(arcs);
	Graph::ArcMap<int> cap(g), cost(g);
	int x = 0;
	for (size_t a = 0; a < e; a++, x++) {
		cap[g.arc(x)] = 1;
		cost[g.arc(x)] = -score[a];
	}
	for (uint32_t j = 0; j < m; j++, x++) {
		cap[g.arc(x)] = slots[j] > 0 ? slots[j] : 0;
		cost[g.arc(x)] = 0;
	}
	for (uint32_t i = 0; i < n; i++, x++) {
		cap[g.arc(x)] = 1;
		cost[g.arc(x)] = 0;
	}
	cap[g.arc(x)] = int(n);
	cost[g.arc(x)] = 0;
	Graph::NodeMap<int> supply(g, 0);
	supply[g.node(S)] = int(n);
	supply[g.node(T)] = -int(n);
	double w1 = now_s(), c1 = cpu_s();
	long long total = 0;
	bool ok = false;
	if (algo == LEMON_COST_SCALING) {
		lemon::CostScaling<Graph> cs(g);
		cs.upperMap(cap).costMap(cost).supplyMap(supply);
		ok = cs.run() == lemon::CostScaling<Graph>::OPTIMAL;
		if (ok)
			total = -cs.template totalCost<long long>();
	} else {
		lemon::NetworkSimplex<Graph> ns(g);
		ns.upperMap(cap).costMap(cost).supplyMap(supply);
		ok = ns.run() == lemon::NetworkSimplex<Graph>::OPTIMAL;
		if (ok)
			total = -ns.template totalCost<long long>();
	}
	double w2 = now_s(), c2 = cpu_s();
	out->build_wall = w1 - w0;
	out->build_cpu = c1 - c0;
	out->solve_wall = w2 - w1;
	out->solve_cpu = c2 - c1;
	out->total = total;
	return ok ? 0 : -1;
}
