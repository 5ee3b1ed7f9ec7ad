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
#define PER_MENTEE 32      /* violations kept per mentee and round */
#define PER_MENTOR_MIN 64  /* violations kept per mentor: this, or 4 x slots */
#define MAX_ROUNDS 64
#define NEAR 3             /* points: near misses added with violations */
#define NO_PRICE INT64_MAX

struct viol {
	uint32_t i, j;
	int32_t score;
	int64_t rc; /* worth - u_i - v_j: > 0 violates, else a near miss */
};

struct by_price {
	int64_t v;
	uint32_t j;
	uint32_t cell;
};

struct cell {
	int32_t tz, sen;
	bool any;          /* stands for every mentor: no points of its own */
	uint32_t beg, end; /* in the order */
};

#define MAX_CELLS 512

/* One certification pass over the mentees. */
struct check {
	const struct match_graph *g0;  /* the candidate graph (bounds) */
	const struct match_graph *cur; /* the graph solved this round */
	const struct match_auction *au;
	struct match_score_tables tab;
	const int64_t *u;
	const struct by_price *order;
	/* The same mentors' hot lines and skill bits, copied in price
	 * order, so the scan of a mentee reads memory in sequence. */
	/* The order is by cell, then price: a cell is the mentors of one
	 * seniority and UTC offset (one cell "any" when there are too many
	 * kinds), so a mentee's bound can use the cell's own points. */
	const struct cell *cells;
	uint32_t n_cells;
	uint32_t cell_min;             /* position of the cheapest mentor */
	const struct match_mentor_hot *ohot;
	const uint64_t *oskm, *onbm;      /* skill bits; bloom of the others */
	uint32_t n_order;
	double deadline;               /* 0 = none */
	const uint32_t *focus;         /* check only these mentees (NULL: all) */
	uint32_t n_focus;
	int64_t near;                  /* also report pairs this close */
	int64_t scale, bonus;          /* worth = (points + bonus) * scale */
	bool hw;                       /* the CPU has POPCNT */
	atomic_uint next;
	atomic_bool late;
};

struct checker {
	struct check *ck;
	uint32_t *stamp; /* per mentor: i + 1 while mentee i is checked */
	uint8_t *imark;  /* 1 for the checked mentee's interest keys */
	struct viol *out;
	size_t n_out, cap_out;
	uint64_t checked, bounded;
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

/* What a cheap upper bound on mentee i's score with any mentor needs. */
struct mentee_view {
	int32_t skill_pts[MATCH_LIST_MAX + 1];
	uint32_t nwant, nobit;  /* wanted skill keys; those without a bit */
	uint64_t skmask;
	struct match_langset lang;
	bool lang_listed;
	int32_t sen, tz, dept;
	struct match_week avail;
	uint32_t n_interests;
	uint64_t nobit_bloom;   /* wanted skills without a bit, hashed to 64 */
	/* Preferences: departments and languages exactly, a named mentor
	 * counted as met (a handful of mentees name one). */
	bool prefs;
	const int32_t *pref_depts;
	uint32_t n_pref_depts;
	struct match_langset pref_lang;
	bool want_pref_lang;
	uint32_t named;         /* 1 if the mentee named a mentor */
	int32_t pref_pts[4];
	int32_t rest_max;       /* availability, interests, preferences at most */
};

/* Where a skill key without a bit lands in a 64-bit bloom filter. */
static inline uint64_t nobit_bit(uint32_t key)
{
	return UINT64_C(1) << ((key * UINT32_C(2654435761)) >> 26);
}

static void view_init(struct mentee_view *mv, const struct check *ck, uint32_t i,
	uint8_t *imark, bool on)
{
	const struct match_instance *inst = ck->g0->inst;
	const struct match_mentee_rec *r = &inst->mentees[i];
	const int32_t *w = ck->g0->cfg.weights;
	const uint32_t *iw = inst->iwant + inst->iwant_off[i];
	for (uint32_t x = 0; x < inst->iwant_off[i + 1] - inst->iwant_off[i]; x++)
		imark[iw[x]] = on;
	if (!on)
		return;
	mv->nwant = inst->want_off[i + 1] - inst->want_off[i];
	mv->nobit = 0;
	mv->nobit_bloom = 0;
	for (uint32_t x = inst->want_off[i]; x < inst->want_off[i + 1]; x++)
		if (inst->skill_bit[inst->want_skill[x]] == MATCH_NO_BIT) {
			mv->nobit++;
			mv->nobit_bloom |= nobit_bit(inst->want_skill[x]);
		}
	for (uint32_t o = 0; o <= mv->nwant; o++)
		mv->skill_pts[o] = match_score_skills(w[MATCH_CRIT_SKILLS], o, r->skills.n);
	mv->skmask = inst->mentee_skmask[i];
	mv->lang = inst->mentee_lang[i];
	mv->lang_listed = r->languages.n > 0;
	mv->sen = r->seniority;
	mv->tz = r->utc_offset;
	mv->dept = r->dept;
	mv->avail = r->avail;
	mv->n_interests = r->interests.n;
	uint32_t stated = (r->pref_depts.n > 0) + (r->pref_langs.n > 0) +
		(r->pref_mentors.n > 0);
	mv->prefs = stated > 0;
	mv->pref_depts = match_span_ids(inst, r->pref_depts);
	mv->n_pref_depts = r->pref_depts.n;
	mv->pref_lang = inst->mentee_pref_lang[i];
	mv->want_pref_lang = r->pref_langs.n > 0;
	mv->named = r->pref_mentors.n > 0;
	for (uint32_t met = 0; met < 4; met++)
		mv->pref_pts[met] = met <= stated ? match_score_preferences(
			w[MATCH_CRIT_PREFERENCES], met, stated) : 0;
	uint32_t hours = match_week_common(&r->avail, &r->avail);
	mv->rest_max = ck->tab.avail[hours] + (r->interests.n ? w[MATCH_CRIT_INTERESTS] : 0) +
		mv->pref_pts[stated];
}

/* The scan counts bits for every pair: use the POPCNT instruction where
 * the CPU has it (see graph.c for the same dispatch). */
#if defined(__GNUC__) && (defined(__POPCNT__) || defined(__aarch64__))
#define CERT_POPCOUNT(x) ((uint32_t)__builtin_popcountll(x))
#define CERT_DISPATCH 0
#elif defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define CERT_POPCOUNT(x) (hw ? (uint32_t)__builtin_popcountll(x) : match_popcount64(x))
#define CERT_DISPATCH 1
#else
#define CERT_POPCOUNT(x) match_popcount64(x)
#define CERT_DISPATCH 0
#endif
#if defined(__GNUC__)
#define CERT_INLINE static inline __attribute__((always_inline))
#else
#define CERT_INLINE static inline
#endif

/* An upper bound on mentee i's score with the mentor of hot line h, in
 * two halves: exact but for skills without a bit (a hashed filter),
 * interests of mentors with many (full points), a rare language (counts
 * as shared) and a named mentor (counts as met).
 *
 * Its first, cheaper half: skills, seniority, time zone, department and
 * languages; the second (availability, interests, preferences) is
 * pre_bound_rest(), or bounded by the mentee's rest_max. */
CERT_INLINE int32_t pre_bound_head(const struct check *ck, const struct mentee_view *mv,
	const struct match_mentor_hot *h, uint64_t skm, uint64_t nbm, bool hw)
{
	(void)hw;
	const struct match_config *cfg = &ck->g0->cfg;
	const int32_t *w = cfg->weights;
	uint32_t nb = mv->nobit ? CERT_POPCOUNT(mv->nobit_bloom & nbm) : 0;
	uint32_t sk = CERT_POPCOUNT(mv->skmask & skm) + (nb < mv->nobit ? nb : mv->nobit);
	int32_t p = mv->skill_pts[sk < mv->nwant ? sk : mv->nwant];
	p += ck->tab.sen[match_clamp_gap((int64_t)h->sen - mv->sen) + MATCH_SENIORITY_SPAN];
	p += ck->tab.tz[match_score_tz_distance(mv->tz, h->tz)];
	p += match_score_department(w[MATCH_CRIT_DEPARTMENT], cfg->department_rule,
		mv->dept, h->dept);
	if ((mv->lang.mask & h->lang) || (mv->lang.rare && h->lang_rare))
		p += w[MATCH_CRIT_LANGUAGES];
	return p;
}

CERT_INLINE int32_t pre_bound_rest(const struct check *ck, const struct mentee_view *mv,
	const uint8_t *imark, const struct match_mentor_hot *h, bool hw)
{
	(void)hw;
	const struct match_config *cfg = &ck->g0->cfg;
	const int32_t *w = cfg->weights;
	int32_t p = ck->tab.avail[CERT_POPCOUNT(mv->avail.bits[0] & h->avail[0]) +
		CERT_POPCOUNT(mv->avail.bits[1] & h->avail[1]) +
		CERT_POPCOUNT(mv->avail.bits[2] & h->avail[2])];
	if (mv->n_interests) {
		if (h->ikey_inline) {
			uint32_t shared = 0;
			for (int k = 0; k < MATCH_HOT_INTERESTS; k++)
				shared += imark[h->ikey[k]];
			p += match_score_interests(w[MATCH_CRIT_INTERESTS], shared,
				mv->n_interests, h->ninterests);
		} else {
			p += w[MATCH_CRIT_INTERESTS];
		}
	}
	if (mv->prefs) {
		uint32_t met = mv->named;
		for (uint32_t k = 0; k < mv->n_pref_depts; k++)
			if (mv->pref_depts[k] == h->dept) {
				met++;
				break;
			}
		if (mv->want_pref_lang && ((mv->pref_lang.mask & h->lang) ||
			(mv->pref_lang.rare && h->lang_rare)))
			met++;
		p += mv->pref_pts[met];
	}
	return p;
}

/*
 * From position x of the price order, the first mentor below price t
 * whose bound could exceed base + price (in worth units), or the end.
 * Nearly every pair of the scan stops here, so it is kept tight: worth
 * is (points + bonus) * scale, no calls.
 */
CERT_INLINE uint32_t scan_impl(const struct check *ck, const struct mentee_view *mv,
	const uint8_t *imark, uint32_t x, uint32_t end, int64_t t, int64_t base, bool hw)
{
	const int64_t scale = ck->scale, bonus = ck->bonus;
	for (; x < end && ck->order[x].v < t; x++) {
		const struct match_mentor_hot *h = &ck->ohot[x];
		int64_t need = base + ck->order[x].v;
		int32_t head = pre_bound_head(ck, mv, h, ck->oskm[x], ck->onbm[x], hw);
		/* Most pairs fail already with the rest at its most. */
		if (((int64_t)head + mv->rest_max + bonus) * scale <= need)
			continue;
		if (((int64_t)head + pre_bound_rest(ck, mv, imark, h, hw) + bonus) * scale > need)
			return x;
	}
	return x;
}

static uint32_t scan_sw(const struct check *ck, const struct mentee_view *mv,
	const uint8_t *imark, uint32_t x, uint32_t end, int64_t t, int64_t base)
{
	return scan_impl(ck, mv, imark, x, end, t, base, false);
}

#if CERT_DISPATCH
__attribute__((target("popcnt")))
static uint32_t scan_hw(const struct check *ck, const struct mentee_view *mv,
	const uint8_t *imark, uint32_t x, uint32_t end, int64_t t, int64_t base)
{
	return scan_impl(ck, mv, imark, x, end, t, base, true);
}
#endif

static uint32_t scan(const struct check *ck, const struct mentee_view *mv,
	const uint8_t *imark, uint32_t x, uint32_t end, int64_t t, int64_t base)
{
#if CERT_DISPATCH
	if (ck->hw)
		return scan_hw(ck, mv, imark, x, end, t, base);
#endif
	return scan_sw(ck, mv, imark, x, end, t, base);
}

/* Check mentee i against every cheap mentor that is not its candidate. */
static int check_mentee(struct checker *w, uint32_t i)
{
	const struct check *ck = w->ck;
	const struct match_graph *cur = ck->cur;
	const struct match_instance *inst = ck->g0->inst;
	const struct match_config *cfg = &ck->g0->cfg;
	const struct match_bound *b = &ck->g0->bound[i];
	const struct match_mentee_rec *r = &inst->mentees[i];
	int32_t most = b->kth > b->out ? b->kth : b->out;
	if (most < cfg->min_score || ck->n_order == 0)
		return MATCH_OK;
	if (ck->order[ck->cell_min].v >= match_auction_worth(ck->au, most) - ck->u[i])
		return MATCH_OK; /* every mentor is priced above it */
	bool marked = false, viewed = false;
	struct viol top[PER_MENTEE];
	uint32_t nt = 0;
	struct mentee_view mv;
	for (uint32_t c = 0; c < ck->n_cells; c++) {
	/* A mentor of cell c outside the pools scores at most out with the
	 * cell's own seniority and time-zone points for the best ones. */
	const struct cell *cl = &ck->cells[c];
	int32_t bound = b->kth;
	if (b->out >= 0) {
		int32_t own = cl->any ? b->ts : ck->tab.tz[match_score_tz_distance(r->utc_offset,
			cl->tz)] + ck->tab.sen[match_clamp_gap((int64_t)cl->sen - r->seniority) +
			MATCH_SENIORITY_SPAN];
		int32_t o = b->out - (b->ts - own);
		if (o > bound)
			bound = o;
	}
	if (bound < cfg->min_score)
		continue;
	/* Only a mentor below this price can violate; near misses are
	 * collected among the mentors scanned anyway. */
	int64_t t = match_auction_worth(ck->au, bound) - ck->u[i];
	if (ck->order[cl->beg].v >= t)
		continue;
	if (!marked) {
		for (size_t a = cur->off[i]; a < cur->off[i + 1]; a++)
			w->stamp[cur->mentor[a]] = i + 1;
		view_init(&mv, ck, i, w->imark, true);
		marked = viewed = true;
	}
	for (uint32_t x = cl->beg; x < cl->end && ck->order[x].v < t;) {
		x = scan(ck, &mv, w->imark, x, cl->end, t, ck->u[i] - ck->near);
		if (x >= cl->end || ck->order[x].v >= t)
			break;
		uint32_t j = ck->order[x++].j;
		w->bounded++;
		if (w->stamp[j] == i + 1 ||
		    match_instance_block(inst, cfg, i, j) != MATCH_BLOCK_NONE)
			continue;
		int32_t s = match_score_pair(inst, cfg, &ck->tab, i, j);
		w->checked++;
		if (s < cfg->min_score)
			continue;
		int64_t rc = match_auction_worth(ck->au, s) - ck->u[i] - ck->order[x - 1].v;
		if (rc + ck->near > 0) {
			struct viol v = { i, j, s, rc };
			keep_top(top, &nt, &v);
		}
	}
	}
	if (!marked)
		return MATCH_OK;
	for (size_t a = cur->off[i]; a < cur->off[i + 1]; a++)
		w->stamp[cur->mentor[a]] = 0;
	if (viewed)
		view_init(&mv, ck, i, w->imark, false);
	for (uint32_t k = 0; k < nt; k++)
		if (push_viol(w, &top[k]))
			return MATCH_ENOMEM;
	return MATCH_OK;
}

static void *checker_run(void *arg)
{
	struct checker *w = arg;
	struct check *ck = w->ck;
	uint32_t n = ck->focus ? ck->n_focus : ck->g0->n;
	for (;;) {
		uint32_t start = atomic_fetch_add(&ck->next, CHUNK);
		if (start >= n || atomic_load(&ck->late))
			break;
		if (ck->deadline > 0 && now_s() > ck->deadline) {
			atomic_store(&ck->late, true);
			break;
		}
		uint32_t end = n - start < CHUNK ? n : start + CHUNK;
		for (uint32_t x = start; x < end && !w->rc; x++)
			w->rc = check_mentee(w, ck->focus ? ck->focus[x] : x);
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
		w[ready].imark = calloc((size_t)ck->g0->inst->n_interests + 1, 1);
		if (!w[ready].stamp || !w[ready].imark)
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
		if (w[t].n_out)
			memcpy(*out + *n_out, w[t].out, w[t].n_out * sizeof **out);
		*n_out += w[t].n_out;
	}
done:
	for (uint32_t t = 0; t < ready; t++) {
		free(w[t].stamp);
		free(w[t].imark);
		free(w[t].out);
	}
	free(w);
	free(tid);
	return rc;
}

/* Number the cells of the mentors in order[0..n) (their seniority and
 * UTC offset) into cells[]; with more than MAX_CELLS kinds, one cell of
 * "any". Returns how many. Cells are numbered in order of first sight,
 * which is by mentor index: deterministic. */
static uint32_t make_cells(const struct match_instance *inst, struct by_price *order,
	uint32_t n, struct cell *cells)
{
	uint32_t nc = 0;
	for (uint32_t x = 0; x < n; x++) {
		const struct match_mentor_hot *h = &inst->mentor_hot[order[x].j];
		uint32_t c = 0;
		while (c < nc && (cells[c].tz != h->tz || cells[c].sen != h->sen))
			c++;
		if (c == nc) {
			if (nc == MAX_CELLS) {
				for (uint32_t y = 0; y < n; y++)
					order[y].cell = 0;
				cells[0] = (struct cell){ 0, 0, true, 0, 0 };
				return 1;
			}
			cells[nc++] = (struct cell){ h->tz, h->sen, false, 0, 0 };
		}
		order[x].cell = c;
	}
	return nc;
}

static bool cpu_popcnt(void)
{
#if CERT_DISPATCH
	__builtin_cpu_init();
	return __builtin_cpu_supports("popcnt");
#else
	return false;
#endif
}

static int cmp_price(const void *a, const void *b)
{
	const struct by_price *x = a, *y = b;
	if (x->cell != y->cell)
		return x->cell < y->cell ? -1 : 1;
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

/* A new graph: cur's arcs plus the pairs v[0..nv) (sorted by mentee). */
static int augment(const struct match_graph *cur, const struct viol *v, size_t nv,
	struct match_graph **out)
{
	struct match_arc_add *add = malloc((nv + 1) * sizeof *add);
	if (!add)
		return MATCH_ENOMEM;
	for (size_t x = 0; x < nv; x++)
		add[x] = (struct match_arc_add){ v[x].i, v[x].j, v[x].score };
	int rc = match_graph_with_arcs(cur, add, nv, out);
	free(add);
	return rc;
}

/* u_i: the least value covering every arc of mentee i at prices v. */
static void least_u(const struct match_graph *cur, const struct match_auction *au,
	const int64_t *v, int64_t *u)
{
	for (uint32_t i = 0; i < cur->n; i++) {
		int64_t best = 0;
		for (size_t a = cur->off[i]; a < cur->off[i + 1]; a++) {
			uint32_t j = cur->mentor[a];
			if (v[j] == NO_PRICE)
				continue;
			int64_t r = match_auction_worth(au, cur->score[a]) - v[j];
			if (r > best)
				best = r;
		}
		u[i] = best;
	}
}

/* A binary min-heap of mentors by tentative raise. */
struct raise_heap {
	uint32_t *h, n;
	uint32_t *pos; /* UINT32_MAX: not in the heap */
	const int64_t *key;
};

static void rh_swap(struct raise_heap *q, uint32_t a, uint32_t b)
{
	uint32_t t = q->h[a];
	q->h[a] = q->h[b];
	q->h[b] = t;
	q->pos[q->h[a]] = a;
	q->pos[q->h[b]] = b;
}

static void rh_up(struct raise_heap *q, uint32_t x)
{
	while (x > 0 && q->key[q->h[(x - 1) / 2]] > q->key[q->h[x]]) {
		rh_swap(q, x, (x - 1) / 2);
		x = (x - 1) / 2;
	}
}

static void rh_down(struct raise_heap *q, uint32_t x)
{
	for (;;) {
		uint32_t l = 2 * x + 1, r = l + 1, w = x;
		if (l < q->n && q->key[q->h[l]] < q->key[q->h[w]])
			w = l;
		if (r < q->n && q->key[q->h[r]] < q->key[q->h[w]])
			w = r;
		if (w == x)
			return;
		rh_swap(q, x, w);
		x = w;
	}
}

/*
 * Raise the prices of full mentors as far as the dual allows, lowering
 * the values of their mentees alike, so the dual's value does not grow:
 * mentor j may rise by d_j <= u_i for each mentee i it holds, and by no
 * more than d_k + slack(i, k) for each other arc (i, k) of such a mentee
 * (else that arc would be uncovered); mentors with a free slot stay put.
 * The largest such d are shortest-path distances (Dijkstra over the arcs
 * by mentor). Why: an unmatched mentee's value is 0 and cannot fall, so
 * the check must find every mentor's price above that mentee's scores;
 * the auction leaves prices as low as the competition allowed, the
 * highest valid prices leave far fewer mentors cheap enough to check.
 */
static int raise_prices(const struct match_graph *cur, struct match_auction *au,
	const uint32_t *mentor_of, const size_t *arc_of, const int64_t *u, int64_t *v)
{
	uint32_t n = cur->n, m = cur->m;
	int64_t *d = malloc(((size_t)m + 1) * sizeof *d);
	uint32_t *used = calloc((size_t)m + 1, sizeof *used);
	const size_t *toff;
	const struct match_tr_arc *tin; /* the arcs by mentor: who could move there */
	struct raise_heap q = { malloc(((size_t)m + 1) * sizeof *q.h), 0,
		malloc(((size_t)m + 1) * sizeof *q.pos), d };
	int rc = MATCH_ENOMEM;
	if (!d || !used || !q.h || !q.pos)
		goto done;
	if ((rc = match_auction_by_mentor(au, &toff, &tin)))
		goto done;
	rc = MATCH_ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		if (mentor_of[i] != MATCH_NONE)
			used[mentor_of[i]]++;
	for (uint32_t j = 0; j < m; j++) {
		d[j] = v[j] == NO_PRICE ? 0 : (int64_t)used[j] < cur->slots[j] ? 0 : INT64_MAX;
		q.pos[j] = UINT32_MAX;
	}
	for (uint32_t i = 0; i < n; i++)
		if (mentor_of[i] != MATCH_NONE && u[i] < d[mentor_of[i]])
			d[mentor_of[i]] = u[i];
	for (uint32_t j = 0; j < m; j++) {
		if (v[j] == NO_PRICE)
			continue;
		q.pos[j] = q.n;
		q.h[q.n++] = j;
		rh_up(&q, q.n - 1);
	}
	while (q.n) {
		uint32_t k = q.h[0];
		rh_swap(&q, 0, q.n - 1);
		q.n--;
		q.pos[k] = UINT32_MAX;
		rh_down(&q, 0);
		/* Mentee i holding j with an arc to k caps j's raise at
		 * d_k + slack(i, k). */
		for (size_t t = toff[k]; t < toff[k + 1]; t++) {
			uint32_t i = tin[t].mentee, j = mentor_of[i];
			if (j == MATCH_NONE || j == k || q.pos[j] == UINT32_MAX)
				continue;
			int64_t cap = d[k] + (u[i] + v[k] - match_auction_worth(au, tin[t].score));
			if (cap < d[j]) {
				d[j] = cap;
				rh_up(&q, q.pos[j]);
			}
		}
	}
	for (uint32_t j = 0; j < m; j++)
		if (v[j] != NO_PRICE)
			v[j] += d[j];
	rc = MATCH_OK;
done:
	free(d);
	free(used);
	free(q.h);
	free(q.pos);
	return rc;
}

/* Dual minus primal: under one point (scale) means optimal, once no pair
 * outside the graph violates. */
static bool tight(const struct match_graph *cur, const struct match_auction *au,
	const uint32_t *mentor_of, const size_t *arc_of, const int64_t *u,
	const int64_t *v)
{
	int64_t dual = 0, primal = 0;
	for (uint32_t j = 0; j < cur->m; j++)
		if (v[j] != NO_PRICE)
			dual += (int64_t)cur->slots[j] * v[j];
	for (uint32_t i = 0; i < cur->n; i++) {
		dual += u[i];
		if (mentor_of[i] != MATCH_NONE)
			primal += match_auction_worth(au, cur->score[arc_of[i]]);
	}
	return dual - primal < match_auction_scale(au);
}

/*
 * The duals of the current assignment: v_j the price of mentor j's
 * cheapest slot (NO_PRICE for mentors without slots), raised as far as
 * valid, and u_i the least value covering every arc of mentee i. Returns
 * whether they prove the assignment optimal over the graph's arcs.
 */
static int duals(const struct match_graph *cur, struct match_auction *au,
	const uint32_t *mentor_of, const size_t *arc_of, int64_t *u, int64_t *v,
	bool *ok)
{
	for (uint32_t j = 0; j < cur->m; j++)
		v[j] = cur->slots[j] > 0 ? match_auction_price(au, j) : NO_PRICE;
	least_u(cur, au, v, u);
	*ok = tight(cur, au, mentor_of, arc_of, u, v);
	if (!*ok || !cur->inst)
		return MATCH_OK;
	int rc = raise_prices(cur, au, mentor_of, arc_of, u, v);
	if (rc)
		return rc;
	least_u(cur, au, v, u);
	*ok = tight(cur, au, mentor_of, arc_of, u, v);
	return MATCH_OK;
}

int match_certified_solve(const struct match_graph *g, uint32_t *mentor_of,
	size_t *arc_of, const struct match_graph **solved,
	struct match_certificate *cert)
{
	struct match_auction *au = NULL;
	struct match_graph *aug = NULL;
	const struct match_graph *cur = g;
	struct by_price *order = NULL;
	struct cell *cells = NULL;
	int64_t *u = NULL, *v = NULL;
	struct viol *viol = NULL;
	struct match_mentor_hot *ohot = NULL;
	uint64_t *oskm = NULL, *onbm = NULL, *nbm = NULL;
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
	cells = malloc((MAX_CELLS + 1) * sizeof *cells);
	if (g->inst) {
		ohot = aligned_alloc(64, ((size_t)g->m + 1) * sizeof *ohot);
		oskm = malloc(((size_t)g->m + 1) * sizeof *oskm);
		onbm = malloc(((size_t)g->m + 1) * sizeof *onbm);
		nbm = calloc((size_t)g->m + 1, sizeof *nbm);
	}
	if (!u || !v || !order || !cells || (g->inst && (!ohot || !oskm || !onbm || !nbm)))
		goto done;
	for (uint32_t j = 0; g->inst && j < g->m; j++)
		for (uint32_t x = g->inst->offer_off[j]; x < g->inst->offer_off[j + 1]; x++)
			if (g->inst->skill_bit[g->inst->offer_skill[x]] == MATCH_NO_BIT)
				nbm[j] |= nobit_bit(g->inst->offer_skill[x]);
	for (;;) {
		double t0 = now_s();
		/* Again after adding pairs: from the prices and assignment,
		 * at one point, so only the mentees they tempt bid. */
		if (cert->rounds > 0)
			match_auction_resume_at(au, match_auction_scale(au));
		if ((rc = match_auction_run(au, cur, 1)))
			goto done;
		match_auction_assignment(au, cur, mentor_of, arc_of);
		cert->rounds++;
		double t1 = now_s();
		cert->solve_seconds += t1 - t0;
		bool tight;
		if ((rc = duals(cur, au, mentor_of, arc_of, u, v, &tight)))
			goto done;
		size_t nv = 0;
		if (g->inst && g->bound) {
			uint32_t no = 0;
			for (uint32_t j = 0; j < g->m; j++)
				if (v[j] != NO_PRICE)
					order[no++] = (struct by_price){ v[j], j, 0 };
			uint32_t nc = make_cells(g->inst, order, no, cells);
			qsort(order, no, sizeof *order, cmp_price);
			uint32_t cmin = 0;
			for (uint32_t x = 0; x < no; x++) {
				if (x == 0 || order[x].cell != order[x - 1].cell) {
					if (x)
						cells[order[x - 1].cell].end = x;
					cells[order[x].cell].beg = x;
				}
				if (order[x].v < order[cmin].v)
					cmin = x;
			}
			if (no)
				cells[order[no - 1].cell].end = no;
			for (uint32_t x = 0; x < no; x++) {
				ohot[x] = g->inst->mentor_hot[order[x].j];
				oskm[x] = g->inst->mentor_skmask[order[x].j];
				onbm[x] = nbm[order[x].j];
			}
			/* Near misses (within NEAR points) join the graph with the
			 * violations: prices move when those are added, and the
			 * next round would find many of them violating. */
			struct check ck = { .g0 = g, .cur = cur, .au = au, .u = u,
				.order = order, .cells = cells, .n_cells = no ? nc : 0,
				.cell_min = cmin, .ohot = ohot, .oskm = oskm, .onbm = onbm,
				.n_order = no,
				.deadline = deadline,
				.near = NEAR * match_auction_scale(au),
				.scale = match_auction_scale(au),
				.bonus = match_auction_worth(au, 0) / match_auction_scale(au),
				.hw = cpu_popcnt() };
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
		size_t nreal = 0;
		for (size_t x = 0; x < nv; x++)
			nreal += viol[x].rc > 0;
		if (nreal == 0) {
			cert->certified = tight;
			cert->reason = tight ? MATCH_CERT_CERTIFIED : MATCH_CERT_GAP;
			break;
		}
		if (deadline > 0 && now_s() > deadline) {
			cert->reason = MATCH_CERT_TIME_LIMIT;
			break;
		}
		if (cert->rounds >= MAX_ROUNDS) {
			cert->reason = MATCH_CERT_ROUNDS;
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
	free(cells);
	free(ohot);
	free(oskm);
	free(onbm);
	free(nbm);
	free(u);
	free(v);
	free(viol);
	return rc;
}
