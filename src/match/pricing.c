/*
 * pricing.c — the certificate's search for pairs that could raise the
 * total. Given the solver's duals (u_i per mentee, v_j per mentor, in the
 * auction's scaled units) it finds the allowed pairs outside the solved
 * graph with worth(s_ij) > u_i + v_j, without reading all N x M pairs.
 *
 * Skills decide: a mentor that shares none of mentee i's wanted skills
 * scores at most ns_i, the most the other criteria can give i (seniority
 * and time zone at the best pair of them any mentor has, the rest at
 * their weights), and one sharing c of them at most skill(c) + ns_i. So,
 * with every list of mentors sorted by price once per round, mentee i
 * reads only
 *
 *   - the list of all mentors, up to the price worth(ns_i) - u_i, and
 *   - the list of each wanted skill (the skill postings of the instance),
 *     taken longest first, the k-th (from 1) up to the price
 *     worth(skill(k) + ns_i) - u_i.
 *
 * Each list is split by the mentors' seniority, and each slice is read up
 * to its own price, ns_i at that seniority in place of the best over all
 * (100,000 x 20,000, bench/match's generator: 371M mentors read in the
 * first search without the split, 227M with it).
 *
 * That misses nobody, in any order of the lists: a mentor sharing c >= 1
 * wanted skills is on the list of each, and the last of those read is at
 * a position k >= c, where it is read if it can violate at all. Longest
 * first is where it pays: the long list of a popular skill, whose mentors
 * mostly share only that skill with the mentee, is read up to the low
 * bound of one shared skill, and the bound of the list of all mentors
 * lies below nearly every price.
 * Every mentor read is bounded again, first from what its list entry
 * carries (skills, seniority, time zone, department, languages), then
 * from its 64-byte struct match_mentor_hot (availability, interests,
 * preferences): exact but for skills without a bit, mentors with many
 * interests, rare languages and named mentors. Only a mentor that bound
 * cannot rule out is scored exactly.
 *
 * The search reads the instance, the duals and which pairs the solved
 * graph has, not how the candidate generator chose them, so its answer
 * does not depend on it. Mentees are independent: threads take chunks of
 * them.
 */
#include "match/hugepages.h"
#include "match/instance.h"
#include "match/pricing.h"
#include "match/score.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK 256     /* mentees per grab */
#define MAX_CELLS 512 /* (seniority, UTC offset) pairs listed, else bounded
                         by the best of each */
#define SCAN_BATCH 16 /* list entries bounded before their records are read */
#define MAX_LEVELS 16 /* seniorities the lists are split by, else one */

/* A mentor in a list by price, with what the cheap half of its bound
 * reads (bound_head): a scan reads its lists front to back, where the
 * mentor's own records are scattered over megabytes. */
struct priced_mentor {
	int64_t v;
	uint64_t skmask; /* instance's mentor_skmask */
	uint64_t nbm;    /* offered skills without a bit, hashed */
	uint64_t lang;
	int32_t dept, sen;
	uint32_t j;
	int16_t tz;
	uint8_t lang_rare;
};

/* Mentors by price: all of them, and the postings of each skill key,
 * each list split by the mentors' seniority (their level). */
struct price_index {
	struct priced_mentor *all;      /* level by level, each cheapest first */
	uint32_t n_all;
	uint32_t *aoff;                 /* level l is all[aoff[l] .. aoff[l + 1]) */
	uint32_t *soff;                 /* key k at level l: its slice of by_skill
	                                   starts at soff[k * levels + l] */
	struct priced_mentor *by_skill; /* each slice cheapest first */
	int64_t vmin;                   /* the lowest price listed */
};

struct match_pricing {
	const struct match_graph *g; /* the candidate graph: instance, config */
	struct match_score_tables tab;
	/* Seniority splits every list: a mentee's seniority points differ by
	 * the mentor's level, and bounding each level's slice by its own
	 * leaves most slices' bounds below their prices. */
	uint32_t levels;   /* 1 when mentors have more than MAX_LEVELS */
	uint8_t *level;    /* per mentor */
	int32_t *ns;       /* per mentee and level (i * levels + l): most points
	                      from a mentor of that level sharing no wanted skill */
	struct priced_mentor *by_price; /* index_build's scratch */
	uint64_t *nbm;     /* per mentor: offered skills without a bit, hashed */
	bool hw;           /* the CPU has POPCNT */
	/* Rebuilt every round from the prices: every mentor with slots, and
	 * those whose price fell since the last search. */
	struct price_index full, fallen;
	uint8_t *fell;
	/* The last complete search: its duals, and which mentees found more
	 * pairs than they could report. */
	bool have_last;
	int64_t *last_u, *last_v;
	uint8_t *cut;
};

double match_pricing_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Where a skill key without a bit lands in a 64-bit bloom filter. */
static inline uint64_t nobit_bit(uint32_t key)
{
	return UINT64_C(1) << ((key * UINT32_C(2654435761)) >> 26);
}

/* ---- bounds that do not depend on prices -------------------------------- */

struct cell {
	int32_t sen, tz;
};

/* The distinct (seniority, UTC offset) of mentors with slots, up to
 * MAX_CELLS; returns how many, or MAX_CELLS + 1 for more. */
static uint32_t list_cells(const struct match_graph *g, struct cell *cells)
{
	const struct match_instance *inst = g->inst;
	uint32_t nc = 0;
	for (uint32_t j = 0; j < g->m; j++) {
		if (g->slots[j] <= 0)
			continue;
		const struct match_mentor_hot *h = &inst->mentor_hot[j];
		uint32_t c = 0;
		while (c < nc && (cells[c].sen != h->sen || cells[c].tz != h->tz))
			c++;
		if (c < nc)
			continue;
		if (nc == MAX_CELLS)
			return MAX_CELLS + 1;
		cells[nc++] = (struct cell){ h->sen, h->tz };
	}
	return nc;
}

static int32_t table_max(const int32_t *t, size_t n)
{
	int32_t best = 0;
	for (size_t x = 0; x < n; x++)
		if (t[x] > best)
			best = t[x];
	return best;
}

/* ns_i at each level, into ns[0 .. levels): the most points mentee i
 * can get from a mentor of that seniority (any, with one level) sharing
 * none of its wanted skills. lsen: each level's seniority. */
static void no_skill_points(const struct match_pricing *p, uint32_t i,
	const struct cell *cells, uint32_t nc, const int32_t *lsen, int32_t *ns)
{
	const struct match_instance *inst = p->g->inst;
	const struct match_mentee_rec *r = &inst->mentees[i];
	const int32_t *w = p->g->cfg.weights;
	const bool split = p->levels > 1;
	if (nc > MAX_CELLS) {
		/* Too many cells to list: each level's seniority points (any
		 * seniority's best with one level) and the best time zone. */
		int32_t tzmax = table_max(p->tab.tz, sizeof p->tab.tz / sizeof *p->tab.tz);
		for (uint32_t l = 0; l < p->levels; l++)
			ns[l] = !split ? table_max(p->tab.sen, sizeof p->tab.sen / sizeof *p->tab.sen) + tzmax
				: p->tab.sen[match_clamp_gap((int64_t)lsen[l] - r->seniority) +
					MATCH_SENIORITY_SPAN] + tzmax;
	} else {
		for (uint32_t l = 0; l < p->levels; l++)
			ns[l] = 0;
		for (uint32_t c = 0; c < nc; c++) {
			int32_t x = p->tab.sen[match_clamp_gap((int64_t)cells[c].sen -
				r->seniority) + MATCH_SENIORITY_SPAN] +
				p->tab.tz[match_score_tz_distance(r->utc_offset, cells[c].tz)];
			uint32_t l = 0;
			while (split && lsen[l] != cells[c].sen)
				l++;
			if (x > ns[l])
				ns[l] = x;
		}
	}
	uint32_t stated = (r->pref_depts.n > 0) + (r->pref_langs.n > 0) +
		(r->pref_mentors.n > 0);
	bool interests = inst->iwant_off[i + 1] > inst->iwant_off[i];
	int32_t rest = (r->languages.n ? w[MATCH_CRIT_LANGUAGES] : 0) +
		(r->dept ? w[MATCH_CRIT_DEPARTMENT] : 0) +
		p->tab.avail[match_week_common(&r->avail, &r->avail)] +
		(interests ? w[MATCH_CRIT_INTERESTS] : 0) +
		(stated ? w[MATCH_CRIT_PREFERENCES] : 0);
	for (uint32_t l = 0; l < p->levels; l++)
		ns[l] += rest;
}

/* The seniorities of mentors with slots, as levels: up to MAX_LEVELS
 * into lsen[], each mentor's into p->level; more make one level. */
static void find_levels(struct match_pricing *p, int32_t *lsen)
{
	const struct match_graph *g = p->g;
	uint32_t nl = 0;
	for (uint32_t j = 0; j < g->m && nl <= MAX_LEVELS; j++) {
		if (g->slots[j] <= 0)
			continue;
		int32_t sen = g->inst->mentor_hot[j].sen;
		uint32_t l = 0;
		while (l < nl && lsen[l] != sen)
			l++;
		if (l == nl && nl++ < MAX_LEVELS)
			lsen[l] = sen;
		p->level[j] = (uint8_t)l;
	}
	p->levels = nl > MAX_LEVELS || nl == 0 ? 1 : nl;
	if (p->levels == 1)
		memset(p->level, 0, g->m);
}

static bool cpu_popcnt(void);

static int index_alloc(struct price_index *x, const struct match_graph *g, uint32_t levels)
{
	const struct match_instance *inst = g->inst;
	x->all = malloc(((size_t)g->m + 1) * sizeof *x->all);
	x->aoff = malloc(((size_t)levels + 2) * sizeof *x->aoff);
	x->soff = malloc(((size_t)inst->n_skills * levels + 2) * sizeof *x->soff);
	x->by_skill = malloc(((size_t)inst->offer_off[g->m] + 1) * sizeof *x->by_skill);
	return x->all && x->aoff && x->soff && x->by_skill ? MATCH_OK : MATCH_ENOMEM;
}

static void index_free(struct price_index *x)
{
	free(x->all);
	free(x->aoff);
	free(x->soff);
	free(x->by_skill);
}

int match_pricing_new(const struct match_graph *g, struct match_pricing **out)
{
	const struct match_instance *inst = g->inst;
	struct match_pricing *p = calloc(1, sizeof *p);
	struct cell *cells = malloc((MAX_CELLS + 1) * sizeof *cells);
	int32_t lsen[MAX_LEVELS];
	int rc = MATCH_ENOMEM;
	if (!p || !cells)
		goto fail;
	p->g = g;
	match_score_tables_init(&p->tab, &g->cfg);
	p->hw = cpu_popcnt();
	p->level = calloc((size_t)g->m + 1, 1);
	if (!p->level)
		goto fail;
	find_levels(p, lsen);
	p->ns = malloc(((size_t)g->n * p->levels + 1) * sizeof *p->ns);
	p->by_price = malloc(((size_t)g->m + 1) * sizeof *p->by_price);
	p->nbm = calloc((size_t)g->m + 1, sizeof *p->nbm);
	p->fell = calloc((size_t)g->m + 1, 1);
	p->last_u = malloc(((size_t)g->n + 1) * sizeof *p->last_u);
	p->last_v = malloc(((size_t)g->m + 1) * sizeof *p->last_v);
	p->cut = calloc((size_t)g->n + 1, 1);
	if (!p->ns || !p->by_price || !p->nbm || !p->fell || !p->last_u || !p->last_v ||
	    !p->cut || index_alloc(&p->full, g, p->levels) || index_alloc(&p->fallen, g, p->levels))
		goto fail;
	uint32_t nc = list_cells(g, cells);
	for (uint32_t i = 0; i < g->n; i++)
		no_skill_points(p, i, cells, nc, lsen, p->ns + (size_t)i * p->levels);
	for (uint32_t j = 0; j < g->m; j++)
		for (uint32_t x = inst->offer_off[j]; x < inst->offer_off[j + 1]; x++)
			if (inst->skill_bit[inst->offer_skill[x]] == MATCH_NO_BIT)
				p->nbm[j] |= nobit_bit(inst->offer_skill[x]);
	free(cells);
	*out = p;
	return MATCH_OK;
fail:
	free(cells);
	match_pricing_free(p);
	return rc;
}

void match_pricing_free(struct match_pricing *p)
{
	if (!p)
		return;
	free(p->ns);
	free(p->level);
	free(p->by_price);
	free(p->nbm);
	index_free(&p->full);
	index_free(&p->fallen);
	free(p->fell);
	free(p->last_u);
	free(p->last_v);
	free(p->cut);
	free(p);
}

/* ---- the lists by price ---------------------------------------------- */

static int cmp_priced(const void *a, const void *b)
{
	const struct priced_mentor *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

static struct priced_mentor priced(const struct match_pricing *p, int64_t v, uint32_t j)
{
	const struct match_instance *inst = p->g->inst;
	const struct match_mentor_hot *h = &inst->mentor_hot[j];
	return (struct priced_mentor){ .v = v, .skmask = inst->mentor_skmask[j], .nbm = p->nbm[j],
		.lang = h->lang, .dept = h->dept, .sen = h->sen, .j = j, .tz = h->tz,
		.lang_rare = h->lang_rare };
}

/* Sort the mentors with slots (and keep[j], if given) by price, and fill
 * each level's slice of every list in that order, so every slice comes
 * out sorted. Counting sorts: slot s + 2 counts, then the prefix sums
 * make s + 1 the start of s, which the filling moves to its end. */
static void index_build(struct match_pricing *p, struct price_index *x,
	const int64_t *v, const uint8_t *keep)
{
	const struct match_instance *inst = p->g->inst;
	uint32_t m = p->g->m, nl = p->levels, ns = inst->n_skills * nl, n = 0;
	struct priced_mentor *bp = p->by_price;
	for (uint32_t j = 0; j < m; j++)
		if (v[j] != MATCH_NO_PRICE && (!keep || keep[j]))
			bp[n++] = priced(p, v[j], j);
	qsort(bp, n, sizeof *bp, cmp_priced);
	x->n_all = n;
	x->vmin = n ? bp[0].v : MATCH_NO_PRICE;
	memset(x->aoff, 0, ((size_t)nl + 2) * sizeof *x->aoff);
	memset(x->soff, 0, ((size_t)ns + 2) * sizeof *x->soff);
	for (uint32_t a = 0; a < n; a++) {
		uint32_t j = bp[a].j, l = p->level[j];
		x->aoff[l + 2]++;
		for (uint32_t y = inst->offer_off[j]; y < inst->offer_off[j + 1]; y++)
			x->soff[inst->offer_skill[y] * nl + l + 2]++;
	}
	for (uint32_t l = 0; l < nl; l++)
		x->aoff[l + 2] += x->aoff[l + 1];
	for (uint32_t k = 0; k < ns; k++)
		x->soff[k + 2] += x->soff[k + 1];
	for (uint32_t a = 0; a < n; a++) {
		uint32_t j = bp[a].j, l = p->level[j];
		x->all[x->aoff[l + 1]++] = bp[a];
		for (uint32_t y = inst->offer_off[j]; y < inst->offer_off[j + 1]; y++)
			x->by_skill[x->soff[inst->offer_skill[y] * nl + l + 1]++] = bp[a];
	}
}

/* ---- one mentee ------------------------------------------------------- */

/* One search over the mentees, shared by its threads. */
struct search {
	struct match_pricing *p; /* its cut[] is written, by mentee */
	const struct match_pricing_in *in;
	int64_t scale, bonus; /* worth = (points + bonus) * scale */
	bool incremental;     /* read only what changed since the last search */
	atomic_uint next;
	atomic_bool late;
	/* Per chunk of mentees: the worker that read it, and where its finds
	 * lie in that worker's out[], so they are gathered in mentee order. */
	uint32_t *chunk_wk;
	size_t *chunk_at, *chunk_len;
};

struct worker {
	struct search *s;
	uint32_t id;     /* index among the search's workers */
	uint64_t *seen;  /* per mentor, a bit: the mentee has seen it */
	size_t seen_words;
	uint8_t *imark;  /* 1 for the mentee's interest keys */
	struct match_priced *top; /* the mentee's best, per_mentee of them */
	uint32_t n_top;
	struct match_priced *out;
	size_t n_out, cap_out;
	uint64_t read, scored;
	int rc;
};

/* What a cheap upper bound on mentee i's score with any mentor needs. */
struct mentee_view {
	int32_t skill_pts[MATCH_LIST_MAX + 1];
	uint32_t nwant, nobit;  /* wanted skill keys; those without a bit */
	uint64_t skmask;
	uint64_t nobit_bloom;   /* wanted skills without a bit, hashed to 64 */
	struct match_langset lang;
	int32_t sen, tz, dept;
	struct match_week avail;
	uint32_t n_interests;
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

static void view_init(struct mentee_view *mv, const struct match_pricing *p,
	uint32_t i)
{
	const struct match_instance *inst = p->g->inst;
	const struct match_mentee_rec *r = &inst->mentees[i];
	const int32_t *w = p->g->cfg.weights;
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
	mv->rest_max = p->tab.avail[hours] + (r->interests.n ? w[MATCH_CRIT_INTERESTS] : 0) +
		mv->pref_pts[stated];
}

static inline bool seen_test_set(uint64_t *seen, uint32_t j)
{
	uint64_t bit = UINT64_C(1) << (j % 64), old = seen[j / 64];
	seen[j / 64] = old | bit;
	return old & bit;
}

/* Mentee i's interest keys on (or off) in imark; on also marks the
 * mentee's arcs in the solved graph as seen (u and v cover them), off
 * forgets every mentor seen. */
static void set_marks(struct worker *wk, uint32_t i, bool on)
{
	const struct match_instance *inst = wk->s->p->g->inst;
	const struct match_graph *cur = wk->s->in->cur;
	if (on)
		for (size_t a = cur->off[i]; a < cur->off[i + 1]; a++)
			seen_test_set(wk->seen, cur->mentor[a]);
	else
		memset(wk->seen, 0, wk->seen_words * sizeof *wk->seen);
	const uint32_t *iw = inst->iwant + inst->iwant_off[i];
	for (uint32_t x = 0; x < inst->iwant_off[i + 1] - inst->iwant_off[i]; x++)
		wk->imark[iw[x]] = on;
}

/* The scan counts bits for every mentor read: use the POPCNT instruction
 * where the CPU has it (see graph.c for the same dispatch). */
#if defined(__GNUC__) && (defined(__POPCNT__) || defined(__aarch64__))
#define PR_POPCOUNT(x) ((uint32_t)__builtin_popcountll(x))
#define PR_DISPATCH 0
#elif defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define PR_POPCOUNT(x) (hw ? (uint32_t)__builtin_popcountll(x) : match_popcount64(x))
#define PR_DISPATCH 1
#else
#define PR_POPCOUNT(x) match_popcount64(x)
#define PR_DISPATCH 0
#endif
#if defined(__GNUC__)
#define PR_INLINE static inline __attribute__((always_inline))
#define PR_PREFETCH(p) __builtin_prefetch(p)
#else
#define PR_INLINE static inline
#define PR_PREFETCH(p) ((void)(p))
#endif

static bool cpu_popcnt(void)
{
#if PR_DISPATCH
	__builtin_cpu_init();
	return __builtin_cpu_supports("popcnt");
#else
	return false;
#endif
}

/* An upper bound on the mentee's score with mentor j, in two halves. The
 * first, cheaper one: skills, seniority, time zone, department and
 * languages; the second (availability, interests, preferences) is
 * bound_rest(), or at most the mentee's rest_max. */
PR_INLINE int32_t bound_head(const struct match_pricing *p, const struct mentee_view *mv,
	const struct priced_mentor *h, bool hw)
{
	(void)hw;
	const struct match_config *cfg = &p->g->cfg;
	const int32_t *w = cfg->weights;
	uint32_t nb = mv->nobit ? PR_POPCOUNT(mv->nobit_bloom & h->nbm) : 0;
	uint32_t sk = PR_POPCOUNT(mv->skmask & h->skmask) +
		(nb < mv->nobit ? nb : mv->nobit);
	int32_t s = mv->skill_pts[sk < mv->nwant ? sk : mv->nwant];
	s += p->tab.sen[match_clamp_gap((int64_t)h->sen - mv->sen) + MATCH_SENIORITY_SPAN];
	s += p->tab.tz[match_score_tz_distance(mv->tz, h->tz)];
	s += match_score_department(w[MATCH_CRIT_DEPARTMENT], cfg->department_rule,
		mv->dept, h->dept);
	if ((mv->lang.mask & h->lang) || (mv->lang.rare && h->lang_rare))
		s += w[MATCH_CRIT_LANGUAGES];
	return s;
}

PR_INLINE int32_t bound_rest(const struct match_pricing *p, const struct mentee_view *mv,
	const uint8_t *imark, const struct match_mentor_hot *h, bool hw)
{
	(void)hw;
	const int32_t *w = p->g->cfg.weights;
	int32_t s = p->tab.avail[PR_POPCOUNT(mv->avail.bits[0] & h->avail[0]) +
		PR_POPCOUNT(mv->avail.bits[1] & h->avail[1]) +
		PR_POPCOUNT(mv->avail.bits[2] & h->avail[2])];
	if (mv->n_interests) {
		if (h->ikey_inline) {
			uint32_t shared = 0;
			for (int k = 0; k < MATCH_HOT_INTERESTS; k++)
				shared += imark[h->ikey[k]];
			s += match_score_interests(w[MATCH_CRIT_INTERESTS], shared,
				mv->n_interests, h->ninterests);
		} else {
			s += w[MATCH_CRIT_INTERESTS];
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
		s += mv->pref_pts[met];
	}
	return s;
}

/* Keep x among the in->per_mentee pairs of largest rc in wk->top. */
static void keep_top(struct worker *wk, const struct match_priced *x)
{
	uint32_t cap = wk->s->in->per_mentee;
	if (wk->n_top < cap) {
		wk->top[wk->n_top++] = *x;
		return;
	}
	uint32_t worst = 0;
	for (uint32_t k = 1; k < cap; k++)
		if (wk->top[k].rc < wk->top[worst].rc)
			worst = k;
	if (wk->top[worst].rc < x->rc)
		wk->top[worst] = *x;
}

/* Mentors list[0 .. n) priced below lim, for mentee i: bound each, score
 * those the bound leaves in, keep what violates. */
PR_INLINE void scan_list(struct worker *wk, uint32_t i, const struct mentee_view *mv,
	const struct priced_mentor *list, uint32_t n, int64_t lim, bool hw)
{
	const struct search *s = wk->s;
	const struct match_pricing *p = s->p;
	const struct match_instance *inst = p->g->inst;
	const struct match_config *cfg = &p->g->cfg;
	const int64_t scale = s->scale, bonus = s->bonus, ui = s->in->u[i];
	uint64_t read = 0;
	/* In batches: the cheap half of the bound for the entries, then the
	 * rest for those it leaves in, whose mentor records (scattered, a
	 * cache miss each) were asked for in the meantime. */
	uint32_t x = 0, left[SCAN_BATCH];
	int32_t heads[SCAN_BATCH];
	while (x < n && list[x].v < lim) {
		uint32_t nl = 0;
		for (; x < n && list[x].v < lim && nl < SCAN_BATCH; x++) {
			if (seen_test_set(wk->seen, list[x].j))
				continue;
			read++;
			/* It violates when worth(score) > need. */
			int32_t head = bound_head(p, mv, &list[x], hw);
			if ((head + mv->rest_max + bonus) * scale <= ui + list[x].v)
				continue;
			PR_PREFETCH(&inst->mentor_hot[list[x].j]);
			heads[nl] = head;
			left[nl++] = x;
		}
		for (uint32_t k = 0; k < nl; k++) {
			const struct priced_mentor *e = &list[left[k]];
			uint32_t j = e->j;
			int64_t need = ui + e->v;
			int32_t ub = heads[k] + bound_rest(p, mv, wk->imark, &inst->mentor_hot[j], hw);
			if (ub < cfg->min_score || (ub + bonus) * scale <= need)
				continue;
			if (match_instance_block(inst, cfg, i, j) != MATCH_BLOCK_NONE)
				continue;
			int32_t sc = match_score_pair(inst, cfg, &p->tab, i, j);
			wk->scored++;
			if (sc < cfg->min_score || (sc + bonus) * scale <= need)
				continue;
			struct match_priced pr = { i, j, sc, (sc + bonus) * scale - need };
			keep_top(wk, &pr);
		}
	}
	wk->read += read;
}

static int cmp_pair(const void *a, const void *b)
{
	const struct match_priced *x = a, *y = b;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

/* The mentee's finds, by mentor, after those of the mentees before it
 * in the chunk. */
static int push_top(struct worker *wk)
{
	if (wk->n_top == 0)
		return MATCH_OK;
	qsort(wk->top, wk->n_top, sizeof *wk->top, cmp_pair);
	if (wk->n_out + wk->n_top > wk->cap_out) {
		size_t nc = wk->cap_out ? 2 * wk->cap_out : 1024;
		while (nc < wk->n_out + wk->n_top)
			nc *= 2;
		struct match_priced *nv = match_realloc_huge(wk->out, nc * sizeof *nv);
		if (!nv)
			return MATCH_ENOMEM;
		wk->out = nv;
		wk->cap_out = nc;
	}
	memcpy(wk->out + wk->n_out, wk->top, wk->n_top * sizeof *wk->top);
	wk->n_out += wk->n_top;
	return MATCH_OK;
}

PR_INLINE int check_mentee_impl(struct worker *wk, uint32_t i,
	const struct price_index *x, bool hw)
{
	const struct search *s = wk->s;
	struct match_pricing *p = s->p;
	const struct match_instance *inst = p->g->inst;
	const struct match_mentee_rec *r = &inst->mentees[i];
	const int32_t wsk = p->g->cfg.weights[MATCH_CRIT_SKILLS];
	const int64_t ui = s->in->u[i];
	const int64_t sc = s->scale, bonus = s->bonus;
	const uint32_t nl = p->levels;
	uint32_t nw = inst->want_off[i + 1] - inst->want_off[i];
	const int32_t *ns = p->ns + (size_t)i * nl;
	int32_t nsmax = 0;
	for (uint32_t l = 0; l < nl; l++)
		if (ns[l] > nsmax)
			nsmax = ns[l];
	int32_t most = nsmax + match_score_skills(wsk, nw, r->skills.n);
	/* A mentor priced at lim or more cannot violate. */
	if (x->n_all == 0 || most < p->g->cfg.min_score || x->vmin >= (most + bonus) * sc - ui)
		return MATCH_OK;
	struct mentee_view mv;
	view_init(&mv, p, i);
	set_marks(wk, i, true);
	wk->n_top = 0;
	for (uint32_t l = 0; l < nl; l++)
		scan_list(wk, i, &mv, x->all + x->aoff[l], x->aoff[l + 1] - x->aoff[l],
			(ns[l] + bonus) * sc - ui, hw);
	/* Wanted skills, longest list first (ties by key: deterministic). */
	uint32_t keys[MATCH_LIST_MAX];
	const uint32_t *want = inst->want_skill + inst->want_off[i];
#define LIST_LEN(k) (x->soff[((k) + 1) * nl] - x->soff[(k) * nl])
	for (uint32_t a = 0; a < nw; a++) {
		uint32_t k = want[a], len = LIST_LEN(k), b = a;
		while (b > 0 && (LIST_LEN(keys[b - 1]) < len ||
			(LIST_LEN(keys[b - 1]) == len && keys[b - 1] > k))) {
			keys[b] = keys[b - 1];
			b--;
		}
		keys[b] = k;
	}
#undef LIST_LEN
	for (uint32_t a = 0; a < nw; a++) {
		int32_t sk = match_score_skills(wsk, a + 1, r->skills.n);
		const uint32_t *o = x->soff + (size_t)keys[a] * nl;
		for (uint32_t l = 0; l < nl; l++)
			scan_list(wk, i, &mv, x->by_skill + o[l], o[l + 1] - o[l],
				(ns[l] + sk + bonus) * sc - ui, hw);
	}
	set_marks(wk, i, false);
	/* More than it can report: the next search reads it in full. */
	p->cut[i] = wk->n_top == s->in->per_mentee;
	return push_top(wk);
}

static int check_mentee_sw(struct worker *wk, uint32_t i, const struct price_index *x)
{
	return check_mentee_impl(wk, i, x, false);
}

#if PR_DISPATCH
__attribute__((target("popcnt")))
static int check_mentee_hw(struct worker *wk, uint32_t i, const struct price_index *x)
{
	return check_mentee_impl(wk, i, x, true);
}
#endif

/*
 * Mentee i, in full or, when the search is incremental, only what can
 * have changed since the last: pairs that violated then were reported
 * and have joined the graph (the caller's promise), so a pair outside it
 * now did not violate then, and cannot now unless u_i or v_j fell. A
 * mentee whose value fell, or who found more than it could report, is
 * read in full; any other only against the mentors whose price fell.
 */
static int check_mentee(struct worker *wk, uint32_t i)
{
	const struct search *s = wk->s;
	const struct match_pricing *p = s->p;
	const struct price_index *x = &p->full;
	if (s->incremental && s->in->u[i] >= p->last_u[i] && !p->cut[i]) {
		if (p->fallen.n_all == 0)
			return MATCH_OK;
		x = &p->fallen;
	}
#if PR_DISPATCH
	if (p->hw)
		return check_mentee_hw(wk, i, x);
#endif
	return check_mentee_sw(wk, i, x);
}

static void *worker_run(void *arg)
{
	struct worker *wk = arg;
	struct search *s = wk->s;
	uint32_t n = s->p->g->n;
	for (;;) {
		uint32_t start = atomic_fetch_add(&s->next, CHUNK);
		if (start >= n || atomic_load(&s->late))
			break;
		if (s->in->deadline > 0 && match_pricing_now() > s->in->deadline) {
			atomic_store(&s->late, true);
			break;
		}
		uint32_t end = n - start < CHUNK ? n : start + CHUNK, c = start / CHUNK;
		s->chunk_wk[c] = wk->id;
		s->chunk_at[c] = wk->n_out;
		for (uint32_t i = start; i < end && !wk->rc; i++)
			wk->rc = check_mentee(wk, i);
		s->chunk_len[c] = wk->n_out - s->chunk_at[c];
		if (wk->rc)
			break;
	}
	return NULL;
}

/* The workers' finds into out, by mentee then mentor: chunk by chunk,
 * each already in that order. */
static int gather(const struct search *s, struct worker *wk, uint32_t nt,
	struct match_pricing_out *out)
{
	size_t total = 0;
	for (uint32_t t = 0; t < nt; t++)
		total += wk[t].n_out;
	out->pairs = match_alloc_huge((total + 1) * sizeof *out->pairs);
	if (!out->pairs)
		return MATCH_ENOMEM;
	uint32_t chunks = (s->p->g->n + CHUNK - 1) / CHUNK;
	for (uint32_t c = 0; c < chunks; c++) {
		if (!s->chunk_len[c])
			continue;
		memcpy(out->pairs + out->n, wk[s->chunk_wk[c]].out + s->chunk_at[c],
			s->chunk_len[c] * sizeof *out->pairs);
		out->n += s->chunk_len[c];
	}
	return MATCH_OK;
}

int match_pricing_run(struct match_pricing *p, const struct match_pricing_in *in,
	struct match_pricing_out *out)
{
	const struct match_graph *g = p->g;
	struct search s = { .p = p, .in = in, .scale = match_auction_scale(in->au),
		.bonus = match_auction_worth(in->au, 0) / match_auction_scale(in->au) };
	uint32_t nt = match_graph_threads(&g->cfg, g->n, 16 * CHUNK), started = 0, ready = 0;
	struct worker *wk = calloc(nt, sizeof *wk);
	pthread_t *tid = calloc(nt, sizeof *tid);
	size_t chunks = ((size_t)g->n + CHUNK - 1) / CHUNK + 1;
	s.chunk_wk = calloc(chunks, sizeof *s.chunk_wk);
	s.chunk_at = calloc(chunks, sizeof *s.chunk_at);
	s.chunk_len = calloc(chunks, sizeof *s.chunk_len);
	int rc = MATCH_ENOMEM;
	memset(out, 0, sizeof *out);
	atomic_init(&s.next, 0);
	atomic_init(&s.late, false);
	if (!wk || !tid || !s.chunk_wk || !s.chunk_at || !s.chunk_len || in->per_mentee == 0)
		goto done;
	index_build(p, &p->full, in->v, NULL);
	if (in->incremental && p->have_last) {
		for (uint32_t j = 0; j < g->m; j++)
			p->fell[j] = in->v[j] < p->last_v[j];
		index_build(p, &p->fallen, in->v, p->fell);
		s.incremental = true;
	}
	p->have_last = false;
	for (; ready < nt; ready++) {
		wk[ready].s = &s;
		wk[ready].id = ready;
		wk[ready].seen_words = ((size_t)g->m + 63) / 64;
		wk[ready].seen = calloc(wk[ready].seen_words + 1, sizeof *wk[ready].seen);
		wk[ready].imark = calloc((size_t)g->inst->n_interests + 1, 1);
		wk[ready].top = malloc(in->per_mentee * sizeof *wk[ready].top);
		if (!wk[ready].seen || !wk[ready].imark || !wk[ready].top) {
			ready++;
			goto done;
		}
	}
	for (uint32_t t = 1; t < nt; t++) {
		if (pthread_create(&tid[t], NULL, worker_run, &wk[t]))
			break;
		started++;
	}
	worker_run(&wk[0]);
	for (uint32_t t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	rc = MATCH_OK;
	for (uint32_t t = 0; t < nt; t++) {
		out->read += wk[t].read;
		out->scored += wk[t].scored;
		if (wk[t].rc)
			rc = wk[t].rc;
	}
	if (rc || (rc = gather(&s, wk, nt, out)))
		goto done;
	out->late = atomic_load(&s.late);
	if (!out->late) {
		memcpy(p->last_u, in->u, (size_t)g->n * sizeof *p->last_u);
		memcpy(p->last_v, in->v, (size_t)g->m * sizeof *p->last_v);
		p->have_last = true;
	}
done:
	for (uint32_t t = 0; t < ready; t++) {
		free(wk[t].seen);
		free(wk[t].imark);
		free(wk[t].top);
		free(wk[t].out);
	}
	free(wk);
	free(tid);
	free(s.chunk_wk);
	free(s.chunk_at);
	free(s.chunk_len);
	return rc;
}
