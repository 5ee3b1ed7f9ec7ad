// lemon_cmp.cc — max-score b-matching as a min-cost flow for LEMON:
// mentee i supplies one unit, the sink T absorbs n; arcs mentee->mentor
// (capacity 1, cost -score), mentor->T (capacity = slots, cost 0) and
// mentee->T (capacity 1, cost 0: staying unmatched adds nothing). The
// optimum is -totalCost, the same objective match_solve() maximises.
#include "lemon_cmp.h"

#include <chrono>
#include <lemon/cost_scaling.h>
#include <lemon/smart_graph.h>

using Graph = lemon::SmartDigraph;

static double now_s()
{
	using namespace std::chrono;
	return duration<double>(steady_clock::now().time_since_epoch()).count();
}

extern "C" int lemon_cost_scaling(uint32_t n, uint32_t m, const int32_t *slots,
	const size_t *off, const uint32_t *mentor, const int32_t *score,
	int64_t *total, double *build_s, double *solve_s)
{
	double t0 = now_s();
	Graph g;
	size_t e = off[n];
	g.reserveNode(n + m + 1);
	g.reserveArc(e + n + m);
	for (uint32_t v = 0; v < n + m + 1; v++)
		g.addNode();
	Graph::NodeMap<long long> supply(g, 0);
	Graph::ArcMap<long long> cap(g), cost(g);
	Graph::Node sink = g.nodeFromId(int(n + m));
	for (uint32_t i = 0; i < n; i++) {
		Graph::Node u = g.nodeFromId(int(i));
		supply[u] = 1;
		for (size_t a = off[i]; a < off[i + 1]; a++) {
			Graph::Arc x = g.addArc(u, g.nodeFromId(int(n + mentor[a])));
			cap[x] = 1;
			cost[x] = -(long long)score[a];
		}
		Graph::Arc x = g.addArc(u, sink);
		cap[x] = 1;
		cost[x] = 0;
	}
	for (uint32_t j = 0; j < m; j++) {
		Graph::Arc x = g.addArc(g.nodeFromId(int(n + j)), sink);
		cap[x] = slots[j] > 0 ? slots[j] : 0;
		cost[x] = 0;
	}
	supply[sink] = -(long long)n;
	lemon::CostScaling<Graph, long long, long long> cs(g);
	cs.upperMap(cap).costMap(cost).supplyMap(supply);
	double t1 = now_s();
	auto rc = cs.run();
	double t2 = now_s();
	*build_s = t1 - t0;
	*solve_s = t2 - t1;
	if (rc != lemon::CostScaling<Graph, long long, long long>::OPTIMAL)
		return -1;
	*total = -(int64_t)cs.totalCost();
	return 0;
}
