/*
 * auction.c — maximum-weight b-matching by the auction algorithm with
 * epsilon scaling (Bertsekas), exact on integer scores.
 *
 * Mentees bid for mentor slots; a mentor with c slots is c objects of equal
 * worth, and a bid always takes the cheapest one and prices it against the
 * mentor's second cheapest, so the slots of one mentor stay within epsilon
 * of each other instead of starting price wars among themselves. Every
 * mentee also has a private "stay unmatched" object of worth 0, which makes
 * the problem a complete assignment of mentees and keeps "unmatched adds 0".
 *
 * Scores are multiplied by n+1, so when the last phase runs with epsilon 1
 * the n mentees together lose less than one point: the assignment is
 * optimal. Forward bidding leaves slots that ended a phase free but priced;
 * a final reverse pass (slots bid for mentees) brings every free slot to
 * price 0, which is the complementary-slackness condition that turns
 * epsilon-optimality into optimality for this asymmetric problem. The proof
 * sketch is in docs/matching.md; tests check the totals against brute force
 * and an independent min-cost-flow solver.
 */
#include "match/auction.h"
#include "match/hugepages.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define INF (INT64_MAX / 4)
#define ALPHA 7 /* epsilon shrink factor per phase */
#define TR_BEHIND 65536 /* arcs from which the transpose is built on
                           another thread, behind the first forward phase */


struct match_auction {
	uint32_t n, m;
	const size_t *off;
	const uint32_t *arc_mentor;
	const int32_t *arc_score;
	int64_t scale, bonus; /* arc worth W = (score + bonus) * scale */
	int64_t top;          /* the largest worth */

	uint32_t n_slots;
	uint32_t *slot_beg;    /* mentor j owns slots slot_beg[j]..slot_beg[j+1]-1 */
	uint32_t *slot_mentor;
	int64_t *price;
	uint32_t *holder;
	int64_t *m1, *m2;      /* per mentor: cheapest and second cheapest price */
	uint32_t *m1_slot;

	uint32_t *asg_slot;    /* per mentee, NONE = unassigned or unmatched */
	size_t *asg_arc;
	int64_t *profit;       /* worth minus price of the held slot, 0 if none */
	uint32_t *queue;
	int64_t eps;           /* of the next phase; 0 before the first */
	bool finished;         /* the last phase (epsilon 1) has run */

	/* Arcs by mentor, for the reverse iterations; built on first need
	 * for each graph, into the same arrays (their pages stay mapped). */
	size_t *tr_off;
	struct match_tr_arc *tr;
	size_t tr_cap;  /* arcs tr has room for */
	bool tr_valid;  /* tr holds the current graph's arcs */
	uint32_t *stack;
};

static inline int64_t worth(const struct match_auction *au, size_t a)
{
	return ((int64_t)au->arc_score[a] + au->bonus) * au->scale;
}

static void mentor_prices(struct match_auction *au, uint32_t j)
{
	int64_t a = INF, b = INF;
	uint32_t as = NONE;
	for (uint32_t s = au->slot_beg[j]; s < au->slot_beg[j + 1]; s++) {
		int64_t p = au->price[s];
		if (p < a) {
			b = a;
			a = p;
			as = s;
		} else if (p < b) {
			b = p;
		}
	}
	au->m1[j] = a;
	au->m2[j] = b;
	au->m1_slot[j] = as;
}

/* Mentee i's best net worth over its arcs (0: staying unmatched). */
static int64_t best_net(const struct match_auction *au, uint32_t i)
{
	int64_t b = 0;
	for (size_t a = au->off[i]; a < au->off[i + 1]; a++) {
		int64_t v = worth(au, a) - au->m1[au->arc_mentor[a]];
		if (v > b)
			b = v;
	}
	return b;
}

/*
 * One scaling phase. Fresh: everybody starts unassigned. Otherwise only
 * the mentees whose choice is no longer within eps of their best give it
 * up and bid again; the others keep their slot, which is what makes a
 * phase after a small change (a finer eps, a few added arcs) cheap.
 * Prices carry over either way.
 */
static void forward_phase(struct match_auction *au, int64_t eps, bool fresh)
{
	uint32_t n = au->n, head = 0, count = 0;
	if (fresh)
		for (uint32_t s = 0; s < au->n_slots; s++)
			au->holder[s] = NONE;
	for (uint32_t j = 0; j < au->m; j++)
		mentor_prices(au, j);
	for (uint32_t i = 0; i < n; i++) {
		if (au->off[i + 1] == au->off[i]) {
			au->asg_slot[i] = NONE;
			au->profit[i] = 0;
			continue;
		}
		if (!fresh) {
			uint32_t s = au->asg_slot[i];
			int64_t own = s == NONE ? 0 : worth(au, au->asg_arc[i]) - au->price[s];
			if (own >= best_net(au, i) - eps) {
				au->profit[i] = own;
				continue;
			}
			if (s != NONE)
				au->holder[s] = NONE;
		}
		au->asg_slot[i] = NONE;
		au->profit[i] = 0;
		au->queue[count++] = i;
	}
	while (count) {
		uint32_t i = au->queue[head];
		head = head + 1 == n ? 0 : head + 1;
		count--;
		/* Best and second best net worth; staying unmatched is worth 0
		 * and wins ties, which saves bids that gain nothing. */
		int64_t b1 = 0, b2 = -INF;
		size_t ba = SIZE_MAX;
		for (size_t a = au->off[i]; a < au->off[i + 1]; a++) {
			int64_t v = worth(au, a) - au->m1[au->arc_mentor[a]];
			if (v > b1) {
				b2 = b1;
				b1 = v;
				ba = a;
			} else if (v > b2) {
				b2 = v;
			}
		}
		if (ba == SIZE_MAX) {
			au->profit[i] = 0; /* unmatched is best */
			continue;
		}
		uint32_t j = au->arc_mentor[ba];
		int64_t w = worth(au, ba);
		if (w - au->m2[j] > b2)
			b2 = w - au->m2[j];
		uint32_t s = au->m1_slot[j];
		uint32_t old = au->holder[s];
		if (old != NONE) {
			au->asg_slot[old] = NONE;
			uint32_t tail = head + count;
			au->queue[tail >= n ? tail - n : tail] = old;
			count++;
		}
		au->holder[s] = i;
		au->asg_slot[i] = s;
		au->asg_arc[i] = ba;
		au->price[s] = w - b2 + eps;
		au->profit[i] = b2 - eps;
		mentor_prices(au, j);
	}
}

static int cmp_tr(const void *a, const void *b)
{
	const struct match_tr_arc *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->mentee != y->mentee)
		return x->mentee < y->mentee ? -1 : 1;
	return (x->arc > y->arc) - (x->arc < y->arc);
}

/* One mentor's arcs best score first, ties in the order given (mentee
 * order): a counting sort through buf and hist (room for 4 len + 66)
 * when the scores span little, as they do, else qsort. */
static void sort_by_score(struct match_tr_arc *x, size_t len, struct match_tr_arc *buf, uint32_t *hist)
{
	if (len < 2)
		return;
	int32_t lo = x[0].score, hi = x[0].score;
	for (size_t k = 1; k < len; k++) {
		lo = x[k].score < lo ? x[k].score : lo;
		hi = x[k].score > hi ? x[k].score : hi;
	}
	if (lo == hi)
		return;
	size_t range = (size_t)((int64_t)hi - lo) + 1;
	if (range > 4 * len + 64) {
		qsort(x, len, sizeof *x, cmp_tr);
		return;
	}
	memset(hist, 0, (range + 1) * sizeof *hist);
	for (size_t k = 0; k < len; k++)
		hist[hi - x[k].score + 1]++;
	for (size_t r = 1; r <= range; r++)
		hist[r] += hist[r - 1];
	for (size_t k = 0; k < len; k++)
		buf[hist[hi - x[k].score]++] = x[k];
	memcpy(x, buf, len * sizeof *x);
}

/* The arcs by mentor, each mentor's best score first: a reverse
 * iteration reads a mentor's only until no arc left can win. */
static int build_transpose(struct match_auction *au)
{
	uint32_t n = au->n, m = au->m;
	size_t e = au->off[n];
	if (e >= UINT32_MAX)
		return MATCH_ERANGE; /* arc indexes are 32 bits here */
	if (!au->tr_off && !(au->tr_off = malloc(((size_t)m + 2) * sizeof *au->tr_off)))
		return MATCH_ENOMEM;
	if (e + 1 > au->tr_cap) {
		/* Room for what the certificate usually adds, so that its
		 * rounds fill the same pages. */
		size_t cap = e + e / 4 + 1;
		struct match_tr_arc *tr = match_realloc_huge(au->tr, cap * sizeof *tr);
		if (!tr)
			return MATCH_ENOMEM;
		au->tr = tr;
		au->tr_cap = cap;
	}
	memset(au->tr_off, 0, ((size_t)m + 2) * sizeof *au->tr_off);
	for (size_t a = 0; a < e; a++)
		au->tr_off[au->arc_mentor[a] + 2]++;
	for (uint32_t j = 0; j < m; j++)
		au->tr_off[j + 2] += au->tr_off[j + 1];
	for (uint32_t i = 0; i < n; i++)
		for (size_t a = au->off[i]; a < au->off[i + 1]; a++) {
			size_t t = au->tr_off[au->arc_mentor[a] + 1]++;
			au->tr[t].arc = (uint32_t)a;
			au->tr[t].mentee = i;
			au->tr[t].score = au->arc_score[a];
		}
	size_t most = 0;
	for (uint32_t j = 0; j < m; j++)
		if (au->tr_off[j + 1] - au->tr_off[j] > most)
			most = au->tr_off[j + 1] - au->tr_off[j];
	struct match_tr_arc *buf = malloc((most + 1) * sizeof *buf);
	uint32_t *hist = malloc((4 * most + 66) * sizeof *hist);
	if (!buf || !hist) {
		free(buf);
		free(hist);
		return MATCH_ENOMEM;
	}
	for (uint32_t j = 0; j < m; j++)
		sort_by_score(au->tr + au->tr_off[j], au->tr_off[j + 1] - au->tr_off[j], buf, hist);
	free(buf);
	free(hist);
	au->tr_valid = true;
	return MATCH_OK;
}

struct transpose_job {
	struct match_auction *au;
	int rc;
};

static void *transpose_run(void *arg)
{
	struct transpose_job *t = arg;
	t->rc = build_transpose(t->au);
	return NULL;
}

/*
 * Reverse iterations with lambda = 0: a free slot with a positive price
 * either attracts the mentee that gains most from it, at a price that
 * keeps everyone within eps of their best, or drops to 0.
 */
static int reverse_phase(struct match_auction *au, int64_t eps)
{
	uint32_t sp = 0;
	for (uint32_t s = 0; s < au->n_slots; s++)
		if (au->holder[s] == NONE && au->price[s] > 0)
			au->stack[sp++] = s;
	if (sp == 0)
		return MATCH_OK;
	if (!au->tr_valid) {
		int rc = build_transpose(au);
		if (rc)
			return rc;
	}
	/* No mentee's profit is below floor, and none falls here (a mentee
	 * that a slot attracts gains): an arc worth w offers at most
	 * w - floor. */
	int64_t floor = 0;
	for (uint32_t i = 0; i < au->n; i++)
		floor = au->profit[i] < floor ? au->profit[i] : floor;
	while (sp) {
		uint32_t s = au->stack[--sp];
		uint32_t j = au->slot_mentor[s];
		int64_t be1 = -INF, be2 = -INF;
		uint32_t bi = NONE;
		size_t ba = 0;
		for (size_t t = au->tr_off[j]; t < au->tr_off[j + 1]; t++) {
			const struct match_tr_arc *x = &au->tr[t];
			int64_t w = ((int64_t)x->score + au->bonus) * au->scale;
			/* Best score first: no arc from here on beats be2. */
			if (w - floor <= be2)
				break;
			int64_t beta = w - au->profit[x->mentee];
			if (beta > be1) {
				be2 = be1;
				be1 = beta;
				bi = x->mentee;
				ba = x->arc;
			} else if (beta > be2) {
				be2 = beta;
			}
		}
		if (bi == NONE || be1 <= eps) {
			au->price[s] = 0;
			continue;
		}
		uint32_t u = au->asg_slot[bi];
		if (u != NONE) {
			au->holder[u] = NONE;
			if (au->price[u] > 0)
				au->stack[sp++] = u;
		}
		au->holder[s] = bi;
		au->asg_slot[bi] = s;
		au->asg_arc[bi] = ba;
		au->price[s] = be2 - eps > 0 ? be2 - eps : 0;
		au->profit[bi] = worth(au, ba) - au->price[s];
	}
	return MATCH_OK;
}

static void auction_fini(struct match_auction *au)
{
	free(au->slot_beg);
	free(au->slot_mentor);
	free(au->price);
	free(au->holder);
	free(au->m1);
	free(au->m2);
	free(au->m1_slot);
	free(au->asg_slot);
	free(au->asg_arc);
	free(au->queue);
	free(au->tr_off);
	free(au->tr);
	free(au->profit);
	free(au->stack);
}

/* Point the auction at g's arcs (same mentees, mentors and slots as the
 * graph it was made for); the arcs by mentor are built again on need. */
static void auction_attach(struct match_auction *au, const struct match_graph *g)
{
	au->off = g->off;
	au->arc_mentor = g->mentor;
	au->arc_score = g->score;
	au->tr_valid = false;
}

static int auction_init(struct match_auction *au, const struct match_graph *g)
{
	memset(au, 0, sizeof *au);
	au->n = g->n;
	au->m = g->m;
	auction_attach(au, g);
	size_t m = (size_t)g->m + 1, n = (size_t)g->n + 1;
	uint64_t slots = 0;
	for (uint32_t j = 0; j < g->m; j++)
		slots += g->slots[j] > 0 ? (uint64_t)g->slots[j] : 0;
	if (slots >= UINT32_MAX)
		return MATCH_ERANGE;
	au->n_slots = (uint32_t)slots;
	au->slot_beg = malloc(m * sizeof *au->slot_beg);
	au->slot_mentor = malloc((slots + 1) * sizeof *au->slot_mentor);
	au->price = calloc(slots + 1, sizeof *au->price);
	au->holder = malloc((slots + 1) * sizeof *au->holder);
	au->m1 = malloc(m * sizeof *au->m1);
	au->m2 = malloc(m * sizeof *au->m2);
	au->m1_slot = malloc(m * sizeof *au->m1_slot);
	au->asg_slot = malloc(n * sizeof *au->asg_slot);
	au->asg_arc = malloc(n * sizeof *au->asg_arc);
	au->profit = malloc(n * sizeof *au->profit);
	au->queue = malloc(n * sizeof *au->queue);
	au->stack = malloc((slots + 1) * sizeof *au->stack);
	if (!au->stack ||
	    !au->slot_beg || !au->slot_mentor || !au->price || !au->holder ||
	    !au->m1 || !au->m2 || !au->m1_slot || !au->asg_slot ||
	    !au->asg_arc || !au->queue || !au->profit) {
		auction_fini(au);
		return MATCH_ENOMEM;
	}
	uint32_t s = 0;
	for (uint32_t j = 0; j < g->m; j++) {
		au->slot_beg[j] = s;
		for (int32_t c = 0; c < g->slots[j]; c++)
			au->slot_mentor[s++] = j;
	}
	au->slot_beg[g->m] = s;
	return MATCH_OK;
}

/* Worth scaling: n+1 makes epsilon 1 exact; the cardinality bonus B
 * exceeds any total score, so one more pair always beats more points. */
static int set_scale(struct match_auction *au, const struct match_graph *g,
	int64_t *max_worth)
{
	int64_t smax = 0;
	size_t e = g->off[g->n];
	for (size_t a = 0; a < e; a++)
		if (g->score[a] > smax)
			smax = g->score[a];
	/* Pairs the certificate adds later score at most the sum of the
	 * weights; counting it now keeps the scale fixed across rounds. */
	if (g->inst) {
		int64_t wsum = 0;
		for (int c = 0; c < MATCH_CRITERION_COUNT; c++)
			wsum += g->cfg.weights[c];
		if (wsum > smax)
			smax = wsum;
	}
	/* smax <= 10^6 and pairs < 2^32, so bonus fits in 64 bits; the
	 * product with the scale is checked by division. */
	uint64_t pairs = g->n < au->n_slots ? g->n : au->n_slots;
	uint64_t bonus = g->cfg.policy == MATCH_POLICY_MAX_CARDINALITY
		? (uint64_t)smax * pairs + 1 : 0;
	uint64_t scale = (uint64_t)g->n + 1;
	uint64_t per = (uint64_t)smax + bonus;
	/* Prices stay below 2 * top; keep well inside int64. */
	if (per > (UINT64_C(1) << 60) / scale)
		return MATCH_ERANGE;
	uint64_t top = per * scale;
	au->bonus = (int64_t)bonus;
	au->scale = (int64_t)scale;
	*max_worth = (int64_t)top;
	return MATCH_OK;
}

int match_auction_new(const struct match_graph *g, struct match_auction **out)
{
	struct match_auction *au = malloc(sizeof *au);
	if (!au)
		return MATCH_ENOMEM;
	int rc = auction_init(au, g);
	if (rc) {
		free(au);
		return rc;
	}
	if ((rc = set_scale(au, g, &au->top))) {
		match_auction_free(au);
		return rc;
	}
	*out = au;
	return MATCH_OK;
}

void match_auction_free(struct match_auction *au)
{
	if (!au)
		return;
	auction_fini(au);
	free(au);
}

/* After auction_attach() to a graph with more arcs: point each mentee's
 * assignment at its arc in the new graph. */
static void remap_arcs(struct match_auction *au)
{
	for (uint32_t i = 0; i < au->n; i++) {
		uint32_t s = au->asg_slot[i];
		if (s == NONE)
			continue;
		uint32_t j = au->slot_mentor[s];
		for (size_t a = au->off[i]; a < au->off[i + 1]; a++)
			if (au->arc_mentor[a] == j) {
				au->asg_arc[i] = a;
				break;
			}
	}
}

int match_auction_run(struct match_auction *au, const struct match_graph *g,
	int64_t until)
{
	bool fresh = au->eps == 0;
	auction_attach(au, g);
	/* The first reverse iterations need the arcs by mentor, and the
	 * forward phase does not: on a second core the transpose (60-160
	 * ms at 5M arcs) is then off the solve's path. It writes only the
	 * tr* fields, which the forward phase and remap_arcs() never read. */
	struct transpose_job job = { au, MATCH_OK };
	pthread_t tid;
	bool behind = !au->tr_valid && au->off[au->n] >= TR_BEHIND && g->cfg.threads != 1 &&
		pthread_create(&tid, NULL, transpose_run, &job) == 0;
	/* Cold: start coarse, the first phase prices slots to within
	 * top/ALPHA, each later one refines by ALPHA until epsilon is 1.
	 * Resumed (arcs may have been added to the graph, whose assignment
	 * and prices are kept): only the mentees no longer within epsilon
	 * of their best bid again. */
	if (fresh)
		au->eps = au->top / ALPHA > 1 ? au->top / ALPHA : 1;
	else
		remap_arcs(au);
	au->finished = false;
	for (;;) {
		int64_t eps = au->eps;
		forward_phase(au, eps, fresh);
		fresh = false;
		if (behind) {
			pthread_join(tid, NULL);
			behind = false;
			if (job.rc)
				return job.rc;
		}
		/* Reverse iterations after every phase, not only the last:
		 * they keep slot prices honest, where prices inflated by a
		 * coarse phase would cost a long price war at epsilon 1. */
		int rc = reverse_phase(au, eps);
		if (rc)
			return rc;
		if (eps == 1) {
			au->finished = true;
			return MATCH_OK;
		}
		au->eps = eps / ALPHA > 1 ? eps / ALPHA : 1;
		if (eps <= until)
			return MATCH_OK;
	}
}

void match_auction_resume_at(struct match_auction *au, int64_t eps)
{
	au->eps = eps > 1 ? eps : 1;
}

bool match_auction_finished(const struct match_auction *au)
{
	return au->finished;
}

void match_auction_assignment(const struct match_auction *au,
	const struct match_graph *g, uint32_t *mentor_of, size_t *arc_of)
{
	for (uint32_t i = 0; i < au->n; i++) {
		if (au->asg_slot[i] == NONE) {
			mentor_of[i] = MATCH_NONE;
		} else {
			mentor_of[i] = g->mentor[au->asg_arc[i]];
			arc_of[i] = au->asg_arc[i];
		}
	}
}

int64_t match_auction_price(const struct match_auction *au, uint32_t j)
{
	int64_t p = INF;
	for (uint32_t s = au->slot_beg[j]; s < au->slot_beg[j + 1]; s++)
		if (au->price[s] < p)
			p = au->price[s];
	return p;
}

int64_t match_auction_worth(const struct match_auction *au, int32_t score)
{
	return ((int64_t)score + au->bonus) * au->scale;
}

int match_auction_by_mentor(struct match_auction *au, const size_t **off,
	const struct match_tr_arc **arcs)
{
	if (!au->tr_valid) {
		int rc = build_transpose(au);
		if (rc)
			return rc;
	}
	*off = au->tr_off;
	*arcs = au->tr;
	return MATCH_OK;
}

int64_t match_auction_scale(const struct match_auction *au)
{
	return au->scale;
}

int match_auction_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of)
{
	struct match_auction *au;
	int rc = match_auction_new(g, &au);
	if (rc)
		return rc;
	if ((rc = match_auction_run(au, g, 1)) == MATCH_OK)
		match_auction_assignment(au, g, mentor_of, arc_of);
	match_auction_free(au);
	return rc;
}
