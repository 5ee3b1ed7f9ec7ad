/*
 * certify.c — global optimality for the optimal solver. The candidate
 * graph holds at most K mentors per mentee, so "optimal" over it says
 * nothing yet about the N x M pairs left out. The auction's prices say
 * more: with mentor prices v_j >= 0 and mentee values u_i = max(0, best
 * worth minus price over its arcs), (u, v) is a feasible dual of the
 * b-matching LP over the candidates, and if no allowed pair outside them
 * has worth above u_i + v_j it is feasible over ALL pairs; its value then
 * bounds every matching of any pairs, and when that bound is less than
 * one point above the total found, the total is the global maximum.
 *
 * Checking every pair would be the N x M scan the candidates exist to
 * avoid. The candidate generator leaves, per mentee, an upper bound on
 * the score of every allowed mentor it did not keep (match_graph.bound),
 * so a non-candidate j can violate only if v_j < worth(bound_i) - u_i:
 * mentors are sorted by price once, and each mentee scores exactly only
 * that cheap prefix. The pairs that violate (most violating first, a few
 * per mentee and per mentor) join the graph and the auction solves again
 * from its prices; this repeats until none is left, or the program's time
 * limit ends it uncertified. The check recomputes every quantity from the
 * final prices and the scores, so it relies on no claim of the solver.
 */
#include "match/auction.h"
#include "match/certify.h"
#include "match/instance.h"
#include "match/score.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 256          /* mentees per grab */
#define PER_MENTEE 8       /* violations kept per mentee and round */
#define PER_MENTOR_MIN 16  /* violations kept per mentor: this, or 4 x slots */
#define MAX_ROUNDS 64
#define NO_PRICE INT64_MAX

struct viol {
	uint32_t i, j;
	int32_t score;
	int64_t rc; /* worth - u_i - v_j > 0 */
};

struct by_price {
	int64_t v;
	uint32_t j;
};

/* One certification pass over the mentees. */
struct check {
	const struct match_graph *g0;  /* the candidate graph (bounds) */
	const struct match_graph *cur; /* the graph solved this round */
	const struct match_auction *au;
	struct match_score_tables tab;
	const int64_t *u;
	const struct by_price *order;
	uint32_t n_order;
	double deadline;               /* 0 = none */
	atomic_uint next;
	atomic_bool late;
};

struct checker {
	struct check *ck;
	uint32_t *stamp; /* per mentor: i + 1 while mentee i is checked */
	struct viol *out;
	size_t n_out, cap_out;
	uint64_t checked;
	int rc;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int push_viol(struct checker *w, const struct viol *x)
{
	if (w->n_out == w->cap_out) {
		size_t nc = w->cap_out ? 2 * w->cap_out : 1024;
		struct viol *nv = realloc(w->out, nc * sizeof *nv);
		if (!nv)
			return MATCH_ENOMEM;
		w->out = nv;
		w->cap_out = nc;
	}
	w->out[w->n_out++] = *x;
	return MATCH_OK;
}

/* Keep the PER_MENTEE most violating pairs of one mentee in top[]. */
static void keep_top(struct viol *top, uint32_t *nt, const struct viol *x)
{
	if (*nt < PER_MENTEE) {
		top[(*nt)++] = *x;
		return;
	}
	uint32_t worst = 0;
	for (uint32_t k = 1; k < PER_MENTEE; k++)
		if (top[k].rc < top[worst].rc)
			worst = k;
	if (top[worst].rc < x->rc)
		top[worst] = *x;
}

/* Check mentee i against every cheap mentor that is not its candidate. */
static int check_mentee(struct checker *w, uint32_t i)
{
	const struct check *ck = w->ck;
	const struct match_graph *cur = ck->cur;
	const struct match_instance *inst = ck->g0->inst;
	const struct match_config *cfg = &ck->g0->cfg;
	int32_t bound = ck->g0->bound[i];
	if (bound < cfg->min_score || ck->n_order == 0)
		return MATCH_OK;
	int64_t t = match_auction_worth(ck->au, bound) - ck->u[i];
	if (ck->order[0].v >= t)
		return MATCH_OK;
	for (size_t a = cur->off[i]; a < cur->off[i + 1]; a++)
		w->stamp[cur->mentor[a]] = i + 1;
	struct viol top[PER_MENTEE];
	uint32_t nt = 0;
	for (uint32_t x = 0; x < ck->n_order && ck->order[x].v < t; x++) {
		uint32_t j = ck->order[x].j;
		if (w->stamp[j] == i + 1 ||
		    match_instance_block(inst, cfg, i, j) != MATCH_BLOCK_NONE)
			continue;
		int32_t s = match_score_pair(inst, cfg, &ck->tab, i, j);
		w->checked++;
		if (s < cfg->min_score)
			continue;
		int64_t rc = match_auction_worth(ck->au, s) - ck->u[i] - ck->order[x].v;
		if (rc > 0) {
			struct viol v = { i, j, s, rc };
			keep_top(top, &nt, &v);
		}
	}
	for (size_t a = cur->off[i]; a < cur->off[i + 1]; a++)
		w->stamp[cur->mentor[a]] = 0;
	for (uint32_t k = 0; k < nt; k++)
		if (push_viol(w, &top[k]))
			return MATCH_ENOMEM;
	return MATCH_OK;
}

static void *checker_run(void *arg)
{
	struct checker *w = arg;
	struct check *ck = w->ck;
	uint32_t n = ck->g0->n;
	for (;;) {
		uint32_t start = atomic_fetch_add(&ck->next, CHUNK);
		if (start >= n || atomic_load(&ck->late))
			break;
		if (ck->deadline > 0 && now_s() > ck->deadline) {
			atomic_store(&ck->late, true);
			break;
		}
		uint32_t end = n - start < CHUNK ? n : start + CHUNK;
		for (uint32_t i = start; i < end && !w->rc; i++)
			w->rc = check_mentee(w, i);
		if (w->rc)
			break;
	}
	return NULL;
}

static uint32_t thread_count(const struct match_config *cfg, uint32_t n)
{
	long t = cfg->threads;
	if (t == 0) {
		t = sysconf(_SC_NPROCESSORS_ONLN);
		if (t < 1)
			t = 1;
		if (t > 64)
			t = 64;
	}
	long useful = (long)(n / (16 * CHUNK)) + 1;
	return (uint32_t)(t < useful ? t : useful);
}

/* Run the check over all mentees; violations into *out (malloc'd). */
static int run_check(struct check *ck, uint32_t nt, struct viol **out,
	size_t *n_out, uint64_t *checked)
{
	struct checker *w = calloc(nt, sizeof *w);
	pthread_t *tid = calloc(nt, sizeof *tid);
	uint32_t started = 0, ready = 0;
	int rc = MATCH_ENOMEM;
	if (!w || !tid)
		goto done;
	for (; ready < nt; ready++) {
		w[ready].ck = ck;
		w[ready].stamp = calloc((size_t)ck->g0->m + 1, sizeof *w[ready].stamp);
		if (!w[ready].stamp)
			goto done;
	}
	for (uint32_t t = 1; t < nt; t++) {
		if (pthread_create(&tid[t], NULL, checker_run, &w[t]))
			break;
		started++;
	}
	checker_run(&w[0]);
	for (uint32_t t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	size_t total = 0;
	rc = MATCH_OK;
	for (uint32_t t = 0; t < nt; t++) {
		total += w[t].n_out;
		*checked += w[t].checked;
		if (w[t].rc)
			rc = w[t].rc;
	}
	if (rc)
		goto done;
	*out = malloc((total + 1) * sizeof **out);
	if (!*out) {
		rc = MATCH_ENOMEM;
		goto done;
	}
	*n_out = 0;
	for (uint32_t t = 0; t < nt; t++) {
		memcpy(*out + *n_out, w[t].out, w[t].n_out * sizeof **out);
		*n_out += w[t].n_out;
	}
done:
	for (uint32_t t = 0; t < ready; t++) {
		free(w[t].stamp);
		free(w[t].out);
	}
	free(w);
	free(tid);
	return rc;
}

static int cmp_price(const void *a, const void *b)
{
	const struct by_price *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

static int cmp_viol_mentor(const void *a, const void *b)
{
	const struct viol *x = a, *y = b;
	if (x->j != y->j)
		return x->j < y->j ? -1 : 1;
	if (x->rc != y->rc)
		return x->rc > y->rc ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static int cmp_viol_mentee(const void *a, const void *b)
{
	const struct viol *x = a, *y = b;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

/* Keep the most violating pairs of each mentor, then order by mentee. */
static size_t cap_per_mentor(const struct match_graph *g, struct viol *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_viol_mentor);
	size_t w = 0, run = 0;
	for (size_t x = 0; x < n; x++) {
		run = x > 0 && v[x].j == v[x - 1].j ? run + 1 : 0;
		size_t cap = 4 * (size_t)g->slots[v[x].j];
		if (run < (cap > PER_MENTOR_MIN ? cap : PER_MENTOR_MIN))
			v[w++] = v[x];
	}
	qsort(v, w, sizeof *v, cmp_viol_mentee);
	return w;
}

struct arc_rank {
	int32_t score;
	uint32_t tie, mentor;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct arc_rank *x = a, *y = b;
	if (match_rank_worse(x->score, x->tie, x->mentor, y->score, y->tie, y->mentor))
		return 1;
	return match_rank_worse(y->score, y->tie, y->mentor, x->score, x->tie,
		x->mentor) ? -1 : 0;
}

/* A new graph: cur's arcs plus v[0..nv) (sorted by mentee), each
 * mentee's arcs best first as the generator leaves them. */
static int augment(const struct match_graph *cur, const struct viol *v, size_t nv,
	struct match_graph **out)
{
	struct match_graph *g = NULL;
	struct arc_rank *tmp = NULL;
	int rc = match_graph_alloc(cur->n, cur->m, &g);
	if (rc)
		return rc;
	rc = MATCH_ENOMEM;
	size_t e = cur->off[cur->n] + nv;
	g->mentor = malloc((e + 1) * sizeof *g->mentor);
	g->score = malloc((e + 1) * sizeof *g->score);
	tmp = malloc((MATCH_CANDIDATES_MAX + PER_MENTEE + 1) * sizeof *tmp);
	if (!g->mentor || !g->score || !tmp)
		goto fail;
	g->inst = cur->inst;
	g->cfg = cur->cfg;
	g->tie_mix = cur->tie_mix;
	g->stats = cur->stats;
	memcpy(g->slots, cur->slots, (size_t)cur->m * sizeof *g->slots);
	memcpy(g->empty_reason, cur->empty_reason, cur->n);
	size_t at = 0, x = 0;
	for (uint32_t i = 0; i < cur->n; i++) {
		g->off[i] = at;
		size_t d = cur->off[i + 1] - cur->off[i];
		memcpy(g->mentor + at, cur->mentor + cur->off[i], d * sizeof *g->mentor);
		memcpy(g->score + at, cur->score + cur->off[i], d * sizeof *g->score);
		if (x >= nv || v[x].i != i) {
			at += d;
			continue;
		}
		/* Few arcs per mentee: re-rank them in a scratch array. */
		size_t k = 0;
		for (size_t a = 0; a < d && a < MATCH_CANDIDATES_MAX; a++, k++)
			tmp[k] = (struct arc_rank){ g->score[at + a],
				match_tie_key(g->tie_mix, i, g->mentor[at + a]), g->mentor[at + a] };
		for (; x < nv && v[x].i == i; x++)
			tmp[k++] = (struct arc_rank){ v[x].score,
				match_tie_key(g->tie_mix, i, v[x].j), v[x].j };
		qsort(tmp, k, sizeof *tmp, cmp_rank);
		for (size_t a = 0; a < k; a++) {
			g->mentor[at + a] = tmp[a].mentor;
			g->score[at + a] = tmp[a].score;
		}
		g->empty_reason[i] = 0;
		at += k;
	}
	g->off[cur->n] = at;
	free(tmp);
	*out = g;
	return MATCH_OK;
fail:
	free(tmp);
	match_graph_free(g);
	return rc;
}

/*
 * The duals of the current assignment: v_j the price of mentor j's
 * cheapest slot (NO_PRICE for mentors without slots), u_i the least value
 * that covers every arc of mentee i. Returns whether dual minus primal is
 * under one point (scale), the condition for optimality once no pair
 * outside the graph violates.
 */
static bool duals(const struct match_graph *cur, const struct match_auction *au,
	const uint32_t *mentor_of, const size_t *arc_of, int64_t *u, int64_t *v)
{
	int64_t dual = 0, primal = 0;
	for (uint32_t j = 0; j < cur->m; j++) {
		v[j] = cur->slots[j] > 0 ? match_auction_price(au, j) : NO_PRICE;
		if (cur->slots[j] > 0)
			dual += (int64_t)cur->slots[j] * v[j];
	}
	for (uint32_t i = 0; i < cur->n; i++) {
		int64_t best = 0;
		for (size_t a = cur->off[i]; a < cur->off[i + 1]; a++) {
			uint32_t j = cur->mentor[a];
			if (cur->slots[j] <= 0)
				continue;
			int64_t r = match_auction_worth(au, cur->score[a]) - v[j];
			if (r > best)
				best = r;
		}
		u[i] = best;
		dual += best;
		if (mentor_of[i] != MATCH_NONE)
			primal += match_auction_worth(au, cur->score[arc_of[i]]);
	}
	return dual - primal < match_auction_scale(au);
}

int match_certified_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of, const struct match_graph **solved,
	struct match_certificate *cert)
{
	struct match_auction *au = NULL;
	struct match_graph *aug = NULL;
	const struct match_graph *cur = g;
	struct by_price *order = NULL;
	int64_t *u = NULL, *v = NULL;
	struct viol *viol = NULL;
	double start = now_s();
	double deadline = g->cfg.time_limit_ms && g->inst
		? start + g->cfg.time_limit_ms / 1000.0 : 0;
	memset(cert, 0, sizeof *cert);
	int rc = match_auction_new(g, &au);
	if (rc)
		return rc;
	rc = MATCH_ENOMEM;
	u = malloc(((size_t)g->n + 1) * sizeof *u);
	v = malloc(((size_t)g->m + 1) * sizeof *v);
	order = malloc(((size_t)g->m + 1) * sizeof *order);
	if (!u || !v || !order)
		goto done;
	for (;;) {
		double t0 = now_s();
		if ((rc = match_auction_run(au, cur, cert->rounds > 0)))
			goto done;
		match_auction_assignment(au, cur, mentor_of, arc_of);
		cert->rounds++;
		double t1 = now_s();
		cert->solve_seconds += t1 - t0;
		bool tight = duals(cur, au, mentor_of, arc_of, u, v);
		size_t nv = 0;
		if (g->inst && g->bound) {
			uint32_t no = 0;
			for (uint32_t j = 0; j < g->m; j++)
				if (v[j] != NO_PRICE)
					order[no++] = (struct by_price){ v[j], j };
			qsort(order, no, sizeof *order, cmp_price);
			struct check ck = { .g0 = g, .cur = cur, .au = au, .u = u,
				.order = order, .n_order = no, .deadline = deadline };
			match_score_tables_init(&ck.tab, &g->cfg);
			atomic_init(&ck.next, 0);
			atomic_init(&ck.late, false);
			free(viol);
			viol = NULL;
			rc = run_check(&ck, thread_count(&g->cfg, g->n), &viol, &nv,
				&cert->pairs_checked);
			cert->certify_seconds += now_s() - t1;
			if (rc)
				goto done;
			if (atomic_load(&ck.late)) {
				cert->reason = MATCH_CERT_TIME_LIMIT;
				break;
			}
		} else {
			cert->certify_seconds += now_s() - t1;
		}
		if (nv == 0) {
			cert->certified = tight;
			cert->reason = tight ? MATCH_CERT_CERTIFIED : MATCH_CERT_GAP;
			break;
		}
		if ((deadline > 0 && now_s() > deadline) || cert->rounds >= MAX_ROUNDS) {
			cert->reason = MATCH_CERT_TIME_LIMIT;
			break;
		}
		double t2 = now_s();
		nv = cap_per_mentor(cur, viol, nv);
		struct match_graph *next;
		if ((rc = augment(cur, viol, nv, &next)))
			goto done;
		cert->arcs_added += nv;
		match_graph_free(aug);
		aug = next;
		cur = aug;
		cert->certify_seconds += now_s() - t2;
	}
	*solved = cur;
	aug = NULL; /* the caller owns it now */
	rc = MATCH_OK;
done:
	match_graph_free(aug);
	match_auction_free(au);
	free(order);
	free(u);
	free(v);
	free(viol);
	return rc;
}
