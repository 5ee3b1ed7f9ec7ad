/*
 * graph.c — candidate generation: for every mentee, find the K best
 * mentors by score without scoring all N x M pairs, and store them as the
 * candidate graph the solvers optimise over.
 *
 * Per mentee, the skill postings give the pool of mentors sharing a wanted
 * skill, with how many they share. Stage A scores every pool mentor from
 * its one cache line (struct match_mentor_hot): skills, seniority, time
 * zone, department, interests and availability exactly, plus an upper
 * bound for languages and preferences. The pool is then taken best bound
 * first into a running top K, and ends as soon as a bound falls below the
 * K-th best score (branch and bound), so only contenders get stage B. The
 * result is exactly the top K of the pool. If the pool yields fewer than
 * K candidates it widens to mentors sharing an interest, then to every
 * mentor (again exactly). What that does and does not guarantee is spelled
 * out in docs/matching.md, "Candidates".
 *
 * Mentees are independent, so worker threads take chunks of them; each
 * mentee's candidates depend only on its own data, which keeps the graph
 * identical whatever the thread count.
 */
#include "match/graph.h"
#include "match/hugepages.h"
#include "match/instance.h"
#include "match/score.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 64 /* mentees per grab; small enough to balance two cores */

/*
 * The scoring loop counts bits (skills with a bit, common hours) for
 * nearly every pair. Baseline x86-64 has no POPCNT instruction, so the
 * loop is compiled twice, once for CPUs that have it (chosen at run time)
 * and once with the portable bit trick. Where the instruction is part of
 * the target (-mpopcnt, AArch64) the builtin is used as is; elsewhere the
 * bit trick.
 */
#if defined(__GNUC__) && (defined(__POPCNT__) || defined(__aarch64__))
#define GEN_POPCNT_NATIVE 1
#elif defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define GEN_POPCNT_DISPATCH 1
#endif

/* The POPCNT build must inline the whole loop to benefit. */
#if defined(__GNUC__)
#define GEN_INLINE static inline __attribute__((always_inline))
#define GEN_PREFETCH(p) __builtin_prefetch(p)
#else
#define GEN_INLINE static inline
#define GEN_PREFETCH(p) ((void)(p))
#endif

GEN_INLINE uint32_t gen_popcount(uint64_t x, bool hw)
{
	(void)hw;
#if defined(GEN_POPCNT_NATIVE)
	return (uint32_t)__builtin_popcountll(x);
#else
#if defined(GEN_POPCNT_DISPATCH)
	if (hw)
		return (uint32_t)__builtin_popcountll(x);
#endif
	return match_popcount64(x);
#endif
}

/* Shared, read-only state of one generation run. */
struct gen {
	const struct match_instance *inst;
	const struct match_config *cfg;
	struct match_score_tables tab;
	uint32_t k;
	/* output, K slots per mentee */
	uint32_t *out_mentor;
	int32_t *out_score;
	uint32_t *out_n;
	uint8_t *out_reason;
	bool hw_popcnt;      /* the CPU has POPCNT */
	bool exact_tier3;    /* tier 3 reads every mentor (self-match) */
	uint32_t window3;    /* else tier 3 reads this many first */
	uint64_t tie_mix;
	/* What the mentors' non-skill criteria can reach at best, for a
	 * tight bound on the mentors no pool reached: their distinct
	 * seniorities and UTC offsets (when few), two distinct known
	 * departments, the most hours any mentor is available. */
	int32_t sen_vals[64], tz_vals[64];
	uint32_t n_sen, n_tz;  /* 65 = too many to list */
	int32_t dept_a, dept_b;
	uint32_t avail_max;
	atomic_uint next;    /* next mentee chunk to take */
};

struct cand {
	int32_t score;
	uint32_t tie;
	uint32_t mentor;
};

/* Per-thread scratch, sized by the mentor count. */
struct worker {
	struct gen *gen;
	uint8_t *cnt;     /* wanted skills each mentor offers (see
	                     shared_skills), valid where seen == stamp */
	uint8_t *mark;    /* MARK_* bits for the current mentee */
	uint32_t *seen;   /* stamp of the last mentee whose pool had j */
	uint32_t stamp;   /* the current mentee's, never 0 */
	uint32_t *pool;
	uint64_t *keys;    /* offer_all's candidates after stage A */
	uint64_t *sorted;  /* the same, best bound first */
	uint32_t *hist;    /* count by bound, all 0 between calls */
	uint8_t *imark;    /* 1 for the current mentee's interest keys */
	struct cand *heap; /* the best k so far, worst at the root */
	uint32_t nheap;
	uint32_t blocked, full;
	uint64_t pool_mentors, full_scored;
	uint32_t widened, certified;
};

#define MARK_BLOCKED 1 /* a hard rule forbids the pair */

/* What the hot loop needs about the current mentee, computed once. */
struct mentee_ctx {
	uint32_t i;
	int32_t skill_pts[MATCH_LIST_MAX + 1];
	uint64_t skmask;      /* wanted skills that have a bit */
	bool skill_merge;     /* a window cut a skill without a bit: its
	                         whole entry is counted for the tier-1 pool,
	                         and mentors outside it merge their lists */
	int32_t sen, tz, dept;
	struct match_week avail;
	struct match_langset lang, pref_lang;
	bool lang_listed;
	bool lang_required;   /* require_common_language and languages listed */
	const int32_t *pref_depts;
	uint32_t n_pref_depts;
	const uint32_t *pref_m;
	uint32_t n_pref_m;
	bool want_pref_lang;
	int32_t pref_pts[4];
	bool prefs_stated;
	const int32_t *interests;
	uint32_t n_interests;
	int32_t ub_interests;  /* most points interests can add */
	int32_t ub_stage_b;    /* most points interests, languages,
	                          availability and preferences add */
	int32_t ub_prefs;      /* most points preferences can add */
	uint32_t avail_hours;  /* hours in the mentee's week */
	int32_t ub_nonskill;   /* most points a mentor sharing no skill can get */
	int32_t ub_rest;       /* the same without interests */
	int32_t ub_skills;     /* most points skills can add */
};

/* The most seniority points any mentor can earn with this mentee. */
static int32_t sen_bound(const struct gen *g, int32_t sen)
{
	int32_t best = 0;
	if (g->n_sen > 64) {
		for (int x = 0; x <= 2 * MATCH_SENIORITY_SPAN; x++)
			if (g->tab.sen[x] > best)
				best = g->tab.sen[x];
		return best;
	}
	for (uint32_t k = 0; k < g->n_sen; k++) {
		int32_t p = g->tab.sen[match_clamp_gap((int64_t)g->sen_vals[k] - sen) +
			MATCH_SENIORITY_SPAN];
		if (p > best)
			best = p;
	}
	return best;
}

static int32_t tz_bound(const struct gen *g, int32_t tz)
{
	if (g->n_tz > 64)
		return g->tab.tz[0];
	int32_t best = 0;
	for (uint32_t k = 0; k < g->n_tz; k++) {
		int32_t p = g->tab.tz[match_score_tz_distance(tz, g->tz_vals[k])];
		if (p > best)
			best = p;
	}
	return best;
}

static int32_t dept_bound(const struct gen *g, int32_t dept)
{
	int32_t w = g->cfg->weights[MATCH_CRIT_DEPARTMENT];
	if (!dept)
		return 0;
	if (g->cfg->department_rule == MATCH_DEPT_PREFER_SAME)
		return w;
	return (g->dept_a && g->dept_a != dept) || (g->dept_b && g->dept_b != dept) ? w : 0;
}

/* Add v to a small set of up to 64 values; 65 means "too many". */
static void small_set_add(int32_t *vals, uint32_t *n, int32_t v)
{
	if (*n > 64)
		return;
	for (uint32_t k = 0; k < *n; k++)
		if (vals[k] == v)
			return;
	if (*n == 64)
		*n = 65;
	else
		vals[(*n)++] = v;
}

static void gen_population(struct gen *g)
{
	const struct match_instance *inst = g->inst;
	g->n_sen = g->n_tz = 0;
	g->dept_a = g->dept_b = 0;
	g->avail_max = 0;
	for (uint32_t j = 0; j < inst->n_mentors; j++) {
		const struct match_mentor_hot *h = &inst->mentor_hot[j];
		if (!h->open)
			continue;
		small_set_add(g->sen_vals, &g->n_sen, h->sen);
		small_set_add(g->tz_vals, &g->n_tz, h->tz);
		if (h->dept && !g->dept_a)
			g->dept_a = h->dept;
		else if (h->dept && h->dept != g->dept_a && !g->dept_b)
			g->dept_b = h->dept;
		if (h->avail_hours > g->avail_max)
			g->avail_max = h->avail_hours;
	}
}

static void ctx_init(struct mentee_ctx *c, const struct gen *g, uint32_t i)
{
	const struct match_instance *inst = g->inst;
	const struct match_mentee_rec *r = &inst->mentees[i];
	const int32_t *w = g->cfg->weights;
	c->i = i;
	c->skmask = inst->mentee_skmask[i];
	c->skill_merge = false;
	for (uint32_t o = 0; o <= r->skills.n; o++)
		c->skill_pts[o] = match_score_skills(w[MATCH_CRIT_SKILLS], o, r->skills.n);
	c->sen = r->seniority;
	c->tz = r->utc_offset;
	c->dept = r->dept;
	c->avail = r->avail;
	c->lang = inst->mentee_lang[i];
	c->pref_lang = inst->mentee_pref_lang[i];
	c->lang_listed = r->languages.n > 0;
	c->lang_required = c->lang_listed && g->cfg->require_common_language;
	c->pref_depts = match_span_ids(inst, r->pref_depts);
	c->n_pref_depts = r->pref_depts.n;
	c->pref_m = inst->prefm_mentor + inst->prefm_off[i];
	c->n_pref_m = inst->prefm_off[i + 1] - inst->prefm_off[i];
	c->want_pref_lang = r->pref_langs.n > 0;
	/* "stated" counts the lists the mentee filled in, as match_explain
	 * does, even when a named mentor is not in this program. */
	uint32_t stated = (r->pref_depts.n > 0) + (r->pref_langs.n > 0) +
		(r->pref_mentors.n > 0);
	c->prefs_stated = stated > 0;
	for (uint32_t met = 0; met < 4; met++)
		c->pref_pts[met] = met <= stated ? match_score_preferences(
			w[MATCH_CRIT_PREFERENCES], met, stated) : 0;
	c->interests = match_span_ids(inst, r->interests);
	c->n_interests = r->interests.n;
	c->ub_interests = r->interests.n ? w[MATCH_CRIT_INTERESTS] : 0;
	bool has_avail = r->avail.bits[0] | r->avail.bits[1] | r->avail.bits[2];
	c->avail_hours = match_week_common(&r->avail, &r->avail);
	c->ub_prefs = c->prefs_stated ? w[MATCH_CRIT_PREFERENCES] : 0;
	c->ub_stage_b = c->ub_interests +
		(c->lang_listed ? w[MATCH_CRIT_LANGUAGES] : 0) +
		(has_avail ? w[MATCH_CRIT_AVAILABILITY] : 0) +
		(c->prefs_stated ? w[MATCH_CRIT_PREFERENCES] : 0);
	c->ub_skills = c->skill_pts[inst->want_off[i + 1] - inst->want_off[i]];
	c->ub_rest = c->ub_stage_b - c->ub_interests - (has_avail ?
		w[MATCH_CRIT_AVAILABILITY] : 0) + (has_avail ? g->tab.avail[
		c->avail_hours < g->avail_max ? c->avail_hours : g->avail_max] : 0) +
		sen_bound(g, c->sen) + tz_bound(g, c->tz) + dept_bound(g, r->dept);
	c->ub_nonskill = c->ub_rest + c->ub_interests;
}

static bool lang_meet_rare(const struct match_instance *inst, struct match_span sa,
	uint32_t j)
{
	struct match_span sb = inst->mentors[j].languages;
	const int32_t *x = match_span_ids(inst, sa), *y = match_span_ids(inst, sb);
	uint32_t p = 0, q = 0;
	while (p < sa.n && q < sb.n) {
		if (x[p] == y[q])
			return true;
		if (x[p] < y[q])
			p++;
		else
			q++;
	}
	return false;
}

GEN_INLINE bool lang_meet(const struct match_instance *inst,
	struct match_langset a, struct match_span sa,
	const struct match_mentor_hot *h, uint32_t j)
{
	if (a.mask & h->lang)
		return true;
	return a.rare && h->lang_rare && lang_meet_rare(inst, sa, j);
}

/*
 * The score is computed in two stages: A (skills, seniority, time zone,
 * department, interests, availability: all from the mentor's hot line)
 * for every pool mentor, B (languages, preferences) only for contenders.
 * Together they must agree, criterion by criterion, with match_explain().
 */
GEN_INLINE int32_t stage_a(const struct gen *g, const struct mentee_ctx *c,
	const struct match_mentor_hot *h, uint32_t overlap)
{
	int64_t gap = (int64_t)h->sen - c->sen;
	return c->skill_pts[overlap] +
		g->tab.sen[match_clamp_gap(gap) + MATCH_SENIORITY_SPAN] +
		g->tab.tz[match_score_tz_distance(c->tz, h->tz)] +
		match_score_department(g->cfg->weights[MATCH_CRIT_DEPARTMENT],
			g->cfg->department_rule, c->dept, h->dept);
}

/* Stage B points given whether a language is shared. */
GEN_INLINE int32_t stage_b(const struct gen *g, const struct mentee_ctx *c,
	const struct match_mentor_hot *h, uint32_t j, bool common)
{
	const struct match_instance *inst = g->inst;
	int32_t p = common ? g->cfg->weights[MATCH_CRIT_LANGUAGES] : 0;
	if (c->prefs_stated) {
		uint32_t met = 0;
		for (uint32_t k = 0; k < c->n_pref_depts; k++)
			if (c->pref_depts[k] == h->dept) {
				met++;
				break;
			}
		if (c->want_pref_lang && lang_meet(inst, c->pref_lang,
			inst->mentees[c->i].pref_langs, h, j))
			met++;
		if (c->n_pref_m && match_u32_contains(c->pref_m, c->n_pref_m, j))
			met++;
		p += c->pref_pts[met];
	}
	return p;
}

static inline int32_t interest_frac(const struct gen *g, uint32_t shared,
	uint32_t na, uint32_t nb)
{
	uint32_t d = na < nb ? na : nb;
	if (d <= MATCH_INTEREST_TAB)
		return g->tab.interests[shared][d];
	return match_score_interests(g->cfg->weights[MATCH_CRIT_INTERESTS],
		shared, na, nb);
}

/* Exact interest points: the mentor's inline keys looked up in the
 * mentee's imark table, or a merge of the id lists for a mentor with many
 * interests. */
GEN_INLINE int32_t interest_points(const struct worker *wk,
	const struct mentee_ctx *c, const struct match_mentor_hot *h, uint32_t j)
{
	const struct gen *g = wk->gen;
	if (!c->n_interests)
		return 0;
	if (h->ikey_inline) {
		/* Unrolled: the compiler does not at -O2, and the loop
		 * control cost as much as the lookups. */
		_Static_assert(MATCH_HOT_INTERESTS == 8, "unrolled for 8");
		const uint8_t *m = wk->imark;
		const uint16_t *k = h->ikey;
		uint32_t shared = (uint32_t)m[k[0]] + m[k[1]] + m[k[2]] + m[k[3]] +
			m[k[4]] + m[k[5]] + m[k[6]] + m[k[7]];
		return interest_frac(g, shared, c->n_interests, h->ninterests);
	}
	const struct match_instance *inst = g->inst;
	struct match_span s = inst->mentors[j].interests;
	const int32_t *a = c->interests, *b = match_span_ids(inst, s);
	uint32_t x = 0, y = 0, shared = 0;
	while (x < c->n_interests && y < s.n) {
		if (a[x] < b[y]) {
			x++;
		} else if (a[x] > b[y]) {
			y++;
		} else {
			shared++;
			x++;
			y++;
		}
	}
	return interest_frac(g, shared, c->n_interests, s.n);
}

static inline bool worse(const struct cand *a, const struct cand *b)
{
	return match_rank_worse(a->score, a->tie, a->mentor, b->score, b->tie,
		b->mentor);
}

static void heap_sift_down(struct cand *h, uint32_t n, uint32_t x)
{
	for (;;) {
		uint32_t l = 2 * x + 1, r = l + 1, w = x;
		if (l < n && worse(&h[l], &h[w]))
			w = l;
		if (r < n && worse(&h[r], &h[w]))
			w = r;
		if (w == x)
			return;
		struct cand t = h[x];
		h[x] = h[w];
		h[w] = t;
		x = w;
	}
}

static void heap_push(struct worker *wk, uint32_t k, struct cand c)
{
	struct cand *h = wk->heap;
	if (wk->nheap < k) {
		uint32_t x = wk->nheap++;
		h[x] = c;
		while (x > 0) {
			uint32_t up = (x - 1) / 2;
			if (!worse(&h[x], &h[up]))
				break;
			struct cand t = h[x];
			h[x] = h[up];
			h[up] = t;
			x = up;
		}
		return;
	}
	h[0] = c;
	heap_sift_down(h, k, 0);
}

/* Shared skills of mentee i and mentor j, by merging sorted key lists. */
static uint32_t skill_overlap(const struct match_instance *inst, uint32_t i,
	uint32_t j)
{
	const uint32_t *a = inst->want_skill + inst->want_off[i];
	const uint32_t *b = inst->offer_skill + inst->offer_off[j];
	uint32_t na = inst->want_off[i + 1] - inst->want_off[i];
	uint32_t nb = inst->offer_off[j + 1] - inst->offer_off[j];
	uint32_t x = 0, y = 0, n = 0;
	while (x < na && y < nb) {
		if (a[x] < b[y]) {
			x++;
		} else if (a[x] > b[y]) {
			y++;
		} else {
			n++;
			x++;
			y++;
		}
	}
	return n;
}

/*
 * A mentor that passed stage A, packed in 64 bits: the stage-A upper
 * bound (high bits), the mentor and stage A's points. Weights are at most
 * 1000, so the bound (8 criteria) fits 18 bits and stage A (6) 14.
 */
#define PREFETCH_AHEAD 8
#define KEY_A_BITS 14
#define KEY_J_SHIFT KEY_A_BITS
#define KEY_UB_SHIFT (KEY_A_BITS + 32)

static inline uint64_t key_make(int32_t ub, uint32_t j, int32_t a)
{
	return (uint64_t)ub << KEY_UB_SHIFT | (uint64_t)(UINT32_MAX - j) << KEY_J_SHIFT |
		(uint64_t)a;
}

/*
 * Wanted skills mentor j offers. cnt[] holds those without a bit (read
 * whole from their postings, so exact, see count_cut()), the skills with
 * a bit add a popcount. A mentor outside the tier-1 pool (outside) may
 * offer a skill without a bit that a window cut: in merge mode it is
 * merged here.
 */
GEN_INLINE uint32_t shared_skills(const struct worker *wk,
	const struct mentee_ctx *c, uint32_t j, bool outside, bool hw)
{
	const struct match_instance *inst = wk->gen->inst;
	if (c->skill_merge && outside)
		return skill_overlap(inst, c->i, j);
	uint32_t n = wk->cnt[j];
	if (c->skmask)
		n += gen_popcount(c->skmask & inst->mentor_skmask[j], hw);
	return n;
}

/*
 * Stage A for mentors list[0..n): drop incompatible pairs and those whose
 * bound is below min_score, key the rest into wk->keys and count them by
 * bound in wk->hist. Returns how many; *hi is the highest bound.
 */
GEN_INLINE uint32_t stage_a_all(struct worker *wk, const struct mentee_ctx *c,
	const uint32_t *list, uint32_t n, bool outside, int32_t *hi, bool hw)
{
	const struct gen *g = wk->gen;
	const struct match_instance *inst = g->inst;
	const int32_t min_score = g->cfg->min_score;
	const int32_t w_lang = g->cfg->weights[MATCH_CRIT_LANGUAGES];
	uint32_t nk = 0;
	int32_t top = 0;
	for (uint32_t x = 0; x < n; x++) {
		uint32_t j = list[x];
		const struct match_mentor_hot *h = &inst->mentor_hot[j];
		/* The pool is a scattered sample of 20,000 cache lines, too
		 * many for L2: ask for a line a few mentors ahead. */
		if (x + PREFETCH_AHEAD < n) {
			GEN_PREFETCH(&inst->mentor_hot[list[x + PREFETCH_AHEAD]]);
			GEN_PREFETCH(&inst->mentor_skmask[list[x + PREFETCH_AHEAD]]);
		}
		/* Incompatible pairs go first: for a mentee whose only
		 * language is rare, most mentors fail here, which keeps
		 * tier 3 cheap. */
		bool common = lang_meet(inst, c->lang, inst->mentees[c->i].languages,
			h, j);
		if (!common && c->lang_required && h->lang_listed)
			continue;
		int32_t a = stage_a(g, c, h, shared_skills(wk, c, j, outside, hw)) +
			interest_points(wk, c, h, j);
		/* One person in five leaves the week empty: no hours to
		 * count. */
		if (c->avail_hours && h->avail_hours)
			a += g->tab.avail[gen_popcount(c->avail.bits[0] & h->avail[0], hw) +
				gen_popcount(c->avail.bits[1] & h->avail[1], hw) +
				gen_popcount(c->avail.bits[2] & h->avail[2], hw)];
		else
			a += g->tab.avail[0];
		int32_t ub = a + c->ub_prefs + (common ? w_lang : 0);
		if (ub < min_score)
			continue;
		/* Counted only when the bound reaches min_score: a mentee
		 * left with no candidates is then "blocked" or "full" exactly
		 * when a forbidden or full mentor could have scored. */
		if (wk->mark[j] & MARK_BLOCKED) {
			wk->blocked++;
			continue;
		}
		if (!h->open) {
			wk->full++;
			continue;
		}
		wk->keys[nk++] = key_make(ub, j, a);
		wk->hist[ub]++;
		if (ub > top)
			top = ub;
	}
	*hi = top;
	return nk;
}

/*
 * Offer mentors list[0..n) to the running top k: branch and bound. Stage
 * A bounds every mentor's score; the mentors are then taken best bound
 * first (a counting sort: bounds are small integers), and each later
 * stage's bound is compared with the current k-th best (score, index), so
 * a mentor that cannot beat it is dropped before the next, dearer stage —
 * and once a stage-A bound is below the k-th best score, so is every
 * bound after it, which ends the list. Exact: nobody who belongs in the
 * top k is ever dropped.
 */
GEN_INLINE void offer_all_impl(struct worker *wk, const struct mentee_ctx *c,
	const uint32_t *list, uint32_t n, bool outside, bool hw)
{
	const struct gen *g = wk->gen;
	const struct match_instance *inst = g->inst;
	const uint32_t k = g->k;
	const int32_t min_score = g->cfg->min_score;
	int32_t hi, lo = min_score > 0 ? min_score : 0;
	uint32_t nk = stage_a_all(wk, c, list, n, outside, &hi, hw);
	uint32_t *hist = wk->hist, at = 0;
	for (int32_t u = hi; u >= lo; u--) {
		uint32_t t = hist[u];
		hist[u] = at;
		at += t;
	}
	for (uint32_t x = 0; x < nk; x++)
		wk->sorted[hist[wk->keys[x] >> KEY_UB_SHIFT]++] = wk->keys[x];
	if (nk)
		memset(hist + lo, 0, (size_t)(hi - lo + 1) * sizeof *hist);
	for (uint32_t x = 0; x < nk; x++) {
		uint64_t key = wk->sorted[x];
		int32_t ub = (int32_t)(key >> KEY_UB_SHIFT);
		uint32_t j = UINT32_MAX - (uint32_t)(key >> KEY_J_SHIFT);
		int32_t a = (int32_t)(key & ((UINT64_C(1) << KEY_A_BITS) - 1));
		bool full_heap = wk->nheap == k;
		const struct cand *top = &wk->heap[0];
		if (full_heap && ub < top->score)
			break;
		struct cand cd = { ub, match_tie_key(g->tie_mix, c->i, j), j };
		if (full_heap && worse(&cd, top))
			continue;
		const struct match_mentor_hot *h = &inst->mentor_hot[j];
		bool common = lang_meet(inst, c->lang, inst->mentees[c->i].languages,
			h, j);
		cd.score = a + stage_b(g, c, h, j, common);
		wk->full_scored++;
		if (cd.score < min_score || (full_heap && worse(&cd, top)))
			continue;
		heap_push(wk, k, cd);
	}
}

static void offer_all_sw(struct worker *wk, const struct mentee_ctx *c,
	const uint32_t *list, uint32_t n, bool outside)
{
	offer_all_impl(wk, c, list, n, outside, false);
}

#if defined(GEN_POPCNT_DISPATCH)
__attribute__((target("popcnt")))
static void offer_all_hw(struct worker *wk, const struct mentee_ctx *c,
	const uint32_t *list, uint32_t n, bool outside)
{
	offer_all_impl(wk, c, list, n, outside, true);
}
#endif

static void offer_all(struct worker *wk, const struct mentee_ctx *c,
	const uint32_t *list, uint32_t n, bool outside)
{
#if defined(GEN_POPCNT_DISPATCH)
	if (wk->gen->hw_popcnt) {
		offer_all_hw(wk, c, list, n, outside);
		return;
	}
#endif
	offer_all_sw(wk, c, list, n, outside);
}

/* Whether to take the POPCNT build of the scoring loop. */
static bool cpu_has_popcnt(void)
{
#if defined(GEN_POPCNT_DISPATCH)
	__builtin_cpu_init();
	return __builtin_cpu_supports("popcnt");
#else
	return false;
#endif
}

static void set_marks(struct worker *wk, uint32_t i, bool on)
{
	const struct match_instance *inst = wk->gen->inst;
	uint8_t v = on ? MARK_BLOCKED : 0;
	for (uint32_t x = inst->chain_off[i]; x < inst->chain_off[i + 1]; x++)
		wk->mark[inst->chain_mentor[x]] = v;
	for (uint32_t x = inst->avoid_off[i]; x < inst->avoid_off[i + 1]; x++)
		wk->mark[inst->avoid_mentor[x]] = v;
	if (!wk->gen->cfg->allow_repeat)
		for (uint32_t x = inst->past_off[i]; x < inst->past_off[i + 1]; x++)
			wk->mark[inst->past_mentor[x]] = v;
	if (inst->self_mentor[i] != MATCH_NONE)
		wk->mark[inst->self_mentor[i]] = v;
}

/* Where mentee i starts reading an index entry longer than the window:
 * a hash, so different mentees see different mentors of a popular skill. */
static uint32_t window_start(uint32_t i, uint32_t key, uint32_t len)
{
	uint64_t h = ((uint64_t)i << 32 | key) * UINT64_C(0x9e3779b97f4a7c15);
	h ^= h >> 29;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 32;
	return (uint32_t)(h % len);
}

/* Add mentor j to the pool unless it is there; a newcomer's cnt starts
 * at 0. The stamp saves clearing anything between mentees. */
static inline void pool_one(struct worker *wk, uint32_t j, uint32_t *np)
{
	if (wk->seen[j] != wk->stamp) {
		wk->seen[j] = wk->stamp;
		wk->cnt[j] = 0;
		wk->pool[(*np)++] = j;
	}
}

/* Every mentor of index entries want[0..nwant), no window. */
static void pool_all(struct worker *wk, const uint32_t *want, uint32_t nwant,
	const uint32_t *off, const uint32_t *post, uint32_t *np)
{
	for (uint32_t s = 0; s < nwant; s++)
		for (uint32_t x = off[want[s]]; x < off[want[s] + 1]; x++)
			pool_one(wk, post[x], np);
}

/*
 * Add the mentors of index entries want[0..nwant) (offsets off[], mentors
 * post[]) to the pool, at most L per entry. With bit[] (skills), count in
 * cnt[] the entries whose key has no bit (MATCH_NO_BIT), and set
 * *cut_counted if such an entry was cut. Returns how many entries were
 * cut to their window.
 */
static uint32_t pool_from(struct worker *wk, uint32_t i, const uint32_t *want,
	uint32_t nwant, const uint32_t *off, const uint32_t *post, uint32_t *np,
	const uint8_t *bit, bool *cut_counted, uint32_t lim)
{
	uint32_t cut = 0;
	for (uint32_t s = 0; s < nwant; s++) {
		uint32_t key = want[s], len = off[key + 1] - off[key];
		uint32_t take = len, at = 0;
		bool count = bit && bit[key] == MATCH_NO_BIT;
		if (lim && len > lim) {
			take = lim;
			at = window_start(i, key, len);
			cut++;
			if (count)
				*cut_counted = true;
		}
		for (uint32_t x = 0; x < take; x++) {
			uint32_t j = post[off[key] + at];
			at = at + 1 == len ? 0 : at + 1;
			pool_one(wk, j, np);
			if (count)
				wk->cnt[j]++;
		}
	}
	return cut;
}

/*
 * A window cut an entry without a bit (more than 64 entries are longer
 * than L), so cnt[] counted it only for the mentors in the window: count
 * it for the pool mentors in the rest of the entry too. Reads the rest of
 * each such entry once, where merging every pool mentor's skills with the
 * mentee's read far more (a fifth of the mentees at 100,000 x 20,000 with
 * L 128).
 */
static void count_cut(struct worker *wk, uint32_t i, uint32_t lim)
{
	const struct match_instance *inst = wk->gen->inst;
	for (uint32_t x = inst->want_off[i]; x < inst->want_off[i + 1]; x++) {
		uint32_t key = inst->want_skill[x];
		uint32_t len = inst->post_off[key + 1] - inst->post_off[key];
		if (inst->skill_bit[key] != MATCH_NO_BIT || len <= lim)
			continue;
		const uint32_t *post = inst->post_mentor + inst->post_off[key];
		uint32_t at = (window_start(i, key, len) + lim) % len;
		for (uint32_t y = lim; y < len; y++, at = at + 1 == len ? 0 : at + 1)
			if (wk->seen[post[at]] == wk->stamp)
				wk->cnt[post[at]]++;
	}
}

/* Tier 3's pool: the mentors that can be compatible with mentee i (all,
 * or when a common language is required those sharing one or listing
 * none); with lim, a window of at most lim per list, starting at a hash
 * of the mentee. */
static void pool_tier3(struct worker *wk, const struct mentee_ctx *c,
	uint32_t *np, uint32_t lim)
{
	const struct match_instance *inst = wk->gen->inst;
	uint32_t i = c->i;
	if (c->lang_required) {
		if (lim)
			pool_from(wk, i, inst->lwant + inst->lwant_off[i],
				inst->lwant_off[i + 1] - inst->lwant_off[i],
				inst->lpost_off, inst->lpost_mentor, np, NULL, NULL, lim);
		else
			pool_all(wk, inst->lwant + inst->lwant_off[i],
				inst->lwant_off[i + 1] - inst->lwant_off[i],
				inst->lpost_off, inst->lpost_mentor, np);
		uint32_t n = inst->n_nolang, take = lim && lim < n ? lim : n;
		uint32_t at = take < n ? window_start(i, UINT32_MAX, n) : 0;
		for (uint32_t x = 0; x < take; x++, at = at + 1 == n ? 0 : at + 1)
			pool_one(wk, inst->nolang_mentor[at], np);
		return;
	}
	uint32_t n = inst->n_mentors, take = lim && lim < n ? lim : n;
	uint32_t at = take < n ? window_start(i, UINT32_MAX - 1, n) : 0;
	for (uint32_t x = 0; x < take; x++, at = at + 1 == n ? 0 : at + 1)
		pool_one(wk, at, np);
}

/*
 * Candidates of mentee i into the K slots at out_*; returns the count.
 * Tier 1: mentors sharing a wanted skill (at most L per skill), those
 * sharing more skills first so the bar rises early. Tier 2, if tier 1
 * found fewer than K: mentors sharing an interest (at most L per
 * interest). Tier 3, if still fewer than K: every mentor. The running top
 * K carries over, so each tier's answer is exact for the union of the
 * tiers' pools.
 */
static uint32_t gen_mentee(struct worker *wk, uint32_t i, uint32_t *out_mentor,
	int32_t *out_score, uint8_t *reason)
{
	const struct gen *g = wk->gen;
	const struct match_instance *inst = g->inst;
	struct mentee_ctx c;
	ctx_init(&c, g, i);
	set_marks(wk, i, true);
	if (++wk->stamp == 0) {
		memset(wk->seen, 0, ((size_t)g->inst->n_mentors + 1) * sizeof *wk->seen);
		wk->stamp = 1;
	}
	const uint32_t *iw = inst->iwant + inst->iwant_off[i];
	uint32_t niw = inst->iwant_off[i + 1] - inst->iwant_off[i];
	for (uint32_t x = 0; x < niw; x++)
		wk->imark[iw[x]] = 1;
	wk->nheap = 0;
	wk->blocked = 0;
	wk->full = 0;

	uint32_t np = 0, lim = g->cfg->pool_per_feature;
	uint32_t cut = pool_from(wk, i, inst->want_skill + inst->want_off[i],
		inst->want_off[i + 1] - inst->want_off[i], inst->post_off,
		inst->post_mentor, &np, inst->skill_bit, &c.skill_merge, lim);
	if (c.skill_merge)
		count_cut(wk, i, lim);
	offer_all(wk, &c, wk->pool, np, false);
	uint32_t done = np;
	uint32_t cut2 = 0;

	int tier = 1;
	if (wk->nheap < g->k) {
		tier = 2;
		cut2 = pool_from(wk, i, inst->iwant + inst->iwant_off[i],
			inst->iwant_off[i + 1] - inst->iwant_off[i], inst->ipost_off,
			inst->ipost_mentor, &np, NULL, NULL, lim);
		/* Outside tier 1 a mentor shares no wanted skill, unless a
		 * window hid it. */
		offer_all(wk, &c, wk->pool + done, np - done, cut > 0);
		done = np;
	}
	/* Tier 3 first reads a window (of every compatible mentor, in a
	 * fixed order from a hashed start): when profiles are empty or
	 * sparse every pair ties, and reading all M mentors for each of N
	 * mentees would cost N x M. Only if the window still leaves fewer
	 * than K does it read the rest. The certificate covers the mentors
	 * the window skipped (match_graph.bound). */
	bool all3 = false;
	if (wk->nheap < g->k) {
		tier = 3;
		wk->widened++;
		uint32_t w3 = g->exact_tier3 ? 0 : g->window3;
		pool_tier3(wk, &c, &np, w3);
		offer_all(wk, &c, wk->pool + done, np - done, cut > 0);
		done = np;
		if (wk->nheap < g->k && w3) {
			pool_tier3(wk, &c, &np, 0);
			offer_all(wk, &c, wk->pool + done, np - done, cut > 0);
		}
		all3 = wk->nheap < g->k || !w3;
	}
	wk->pool_mentors += np;
	set_marks(wk, i, false);
	for (uint32_t x = 0; x < niw; x++)
		wk->imark[iw[x]] = 0;

	/* Heapsort: popping the worst to the back leaves the best first. */
	uint32_t n = wk->nheap;
	for (uint32_t x = n; x > 1; x--) {
		struct cand t = wk->heap[0];
		wk->heap[0] = wk->heap[x - 1];
		wk->heap[x - 1] = t;
		heap_sift_down(wk->heap, x - 1, 0);
	}
	for (uint32_t x = 0; x < n; x++) {
		out_mentor[x] = wk->heap[x].mentor;
		out_score[x] = wk->heap[x].score;
	}
	/* Certified top K: no mentor outside the pools could have ranked.
	 * Outside them a mentor shares no wanted skill (but those a window
	 * cut) and, after tier 2, no interest (unless cut). */
	int32_t outside = -1;
	if (!all3)
		outside = c.ub_rest + c.skill_pts[cut] +
			(tier == 1 || cut2 ? c.ub_interests : 0);
	int32_t kth = n == g->k ? out_score[n - 1] : -1;
	if (all3 || (n == g->k && kth > outside))
		wk->certified++;
	if (n == 0)
		*reason = wk->blocked ? MATCH_UNMATCHED_BLOCKED
			: wk->full ? MATCH_UNMATCHED_CAPACITY
			: MATCH_UNMATCHED_NO_CANDIDATES;
	return n;
}

static void worker_fini(struct worker *wk)
{
	free(wk->cnt);
	free(wk->seen);
	free(wk->mark);
	free(wk->pool);
	free(wk->keys);
	free(wk->sorted);
	free(wk->hist);
	free(wk->imark);
	free(wk->heap);
}

static int worker_init(struct worker *wk, struct gen *g)
{
	size_t m = (size_t)g->inst->n_mentors + 1;
	memset(wk, 0, sizeof *wk);
	wk->gen = g;
	wk->cnt = calloc(m, 1);
	wk->seen = calloc(m, sizeof *wk->seen);
	wk->mark = calloc(m, 1);
	wk->pool = malloc(m * sizeof *wk->pool);
	wk->keys = malloc(m * sizeof *wk->keys);
	wk->sorted = malloc(m * sizeof *wk->sorted);
	/* A bound never exceeds the sum of the weights. */
	size_t wsum = 0;
	for (int x = 0; x < MATCH_CRITERION_COUNT; x++)
		wsum += (size_t)g->cfg->weights[x];
	wk->hist = calloc(wsum + 1, sizeof *wk->hist);
	wk->imark = calloc((size_t)g->inst->n_interests + 1, 1);
	wk->heap = malloc(((size_t)g->k + 1) * sizeof *wk->heap);
	if (!wk->cnt || !wk->seen || !wk->mark || !wk->pool || !wk->keys || !wk->sorted ||
	    !wk->hist || !wk->imark || !wk->heap) {
		worker_fini(wk);
		return MATCH_ENOMEM;
	}
	return MATCH_OK;
}

static void *worker_run(void *arg)
{
	struct worker *wk = arg;
	struct gen *g = wk->gen;
	uint32_t n = g->inst->n_mentees;
	for (;;) {
		uint32_t start = atomic_fetch_add(&g->next, CHUNK);
		if (start >= n)
			break;
		uint32_t end = n - start < CHUNK ? n : start + CHUNK;
		for (uint32_t i = start; i < end; i++) {
			size_t at = (size_t)i * g->k;
			g->out_n[i] = gen_mentee(wk, i, g->out_mentor + at,
				g->out_score + at, &g->out_reason[i]);
		}
	}
	return NULL;
}

uint32_t match_graph_threads(const struct match_config *cfg, uint32_t n, uint32_t per_thread)
{
	long t = cfg->threads;
	if (t == 0) {
		t = sysconf(_SC_NPROCESSORS_ONLN);
		if (t < 1)
			t = 1;
		if (t > 64)
			t = 64;
	}
	long useful = (long)(n / per_thread) + 1;
	return (uint32_t)(t < useful ? t : useful);
}

/* Run the workers over all mentees. Falls back to fewer threads when
 * thread creation fails, so a loaded host degrades instead of failing. */
static int run_workers(struct gen *g, uint32_t nt, struct match_graph_stats *st)
{
	struct worker *wk = calloc(nt, sizeof *wk);
	pthread_t *tid = calloc(nt, sizeof *tid);
	uint32_t started = 0, ready = 0;
	int rc = MATCH_ENOMEM;
	if (!wk || !tid)
		goto done;
	for (; ready < nt; ready++)
		if ((rc = worker_init(&wk[ready], g)))
			goto done;
	for (uint32_t t = 1; t < nt; t++) {
		if (pthread_create(&tid[t], NULL, worker_run, &wk[t]))
			break;
		started++;
	}
	worker_run(&wk[0]);
	for (uint32_t t = 1; t <= started; t++)
		pthread_join(tid[t], NULL);
	for (uint32_t t = 0; t < nt; t++) {
		st->pool_mentors += wk[t].pool_mentors;
		st->full_scored += wk[t].full_scored;
		st->widened += wk[t].widened;
		st->certified += wk[t].certified;
	}
	rc = MATCH_OK;
done:
	for (uint32_t t = 0; t < ready; t++)
		worker_fini(&wk[t]);
	free(wk);
	free(tid);
	return rc;
}

void match_graph_free(struct match_graph *g)
{
	if (!g)
		return;
	free(g->off);
	free(g->mentor);
	free(g->score);
	free(g->slots);
	free(g->empty_reason);
	free(g);
}

int match_graph_alloc(uint32_t n, uint32_t m, struct match_graph **out)
{
	struct match_graph *g = calloc(1, sizeof *g);
	if (!g)
		return MATCH_ENOMEM;
	g->n = n;
	g->m = m;
	g->off = malloc(((size_t)n + 1) * sizeof *g->off);
	g->slots = malloc(((size_t)m + 1) * sizeof *g->slots);
	g->empty_reason = calloc((size_t)n + 1, 1);
	if (!g->off || !g->slots || !g->empty_reason) {
		match_graph_free(g);
		return MATCH_ENOMEM;
	}
	*out = g;
	return MATCH_OK;
}

static void gen_setup(struct gen *ge, const struct match_instance *inst,
	const struct match_config *cfg, uint32_t k)
{
	ge->inst = inst;
	ge->cfg = cfg;
	ge->k = k;
	ge->hw_popcnt = cpu_has_popcnt();
	ge->tie_mix = match_tie_mix(cfg->tie_seed);
	/* Tier 3's first window: as wide as a skill's, and room for K
	 * candidates several times over. 0 = no window. */
	uint32_t l = cfg->pool_per_feature;
	ge->window3 = l == 0 ? 0 : l > 4 * k ? l : 4 * k;
	match_score_tables_init(&ge->tab, cfg);
	gen_population(ge);
}

int match_graph_build(const struct match_instance *inst,
	const struct match_config *cfg, struct match_graph **out)
{
	struct match_graph *g = NULL;
	struct gen *ge = NULL;
	if (!inst || !cfg || !out)
		return MATCH_EINVAL;
	if (!inst->finalized)
		return MATCH_ESTATE;
	int rc = match_config_validate(cfg);
	if (rc)
		return rc;
	uint32_t n = inst->n_mentees, m = inst->n_mentors, k = cfg->candidates_per_mentee;
	if ((rc = match_graph_alloc(n, m, &g)))
		return rc;
	g->inst = inst;
	g->cfg = *cfg;
	g->tie_mix = match_tie_mix(cfg->tie_seed);
	rc = MATCH_ENOMEM;
	ge = calloc(1, sizeof *ge);
	if (!ge)
		goto fail;
	gen_setup(ge, inst, &g->cfg, k);
	/* K slots per mentee first, compacted in place afterwards. */
	size_t cap = (size_t)n * k + 1;
	g->mentor = match_alloc_huge(cap * sizeof *g->mentor);
	g->score = match_alloc_huge(cap * sizeof *g->score);
	ge->out_n = malloc(((size_t)n + 1) * sizeof *ge->out_n);
	if (!g->mentor || !g->score || !ge->out_n)
		goto fail;
	ge->out_mentor = g->mentor;
	ge->out_score = g->score;
	ge->out_reason = g->empty_reason;
	atomic_init(&ge->next, 0);

	if ((rc = run_workers(ge, match_graph_threads(cfg, n, 4 * CHUNK), &g->stats)))
		goto fail;

	size_t e = 0;
	for (uint32_t i = 0; i < n; i++) {
		g->off[i] = e;
		size_t at = (size_t)i * k;
		memmove(g->mentor + e, g->mentor + at, ge->out_n[i] * sizeof *g->mentor);
		memmove(g->score + e, g->score + at, ge->out_n[i] * sizeof *g->score);
		e += ge->out_n[i];
		if (ge->out_n[i])
			g->empty_reason[i] = 0;
	}
	g->off[n] = e;
	/* Shrinking cannot fail in practice; if it does, keep the big block. */
	uint32_t *nm = realloc(g->mentor, (e + 1) * sizeof *nm);
	if (nm)
		g->mentor = nm;
	int32_t *ns = realloc(g->score, (e + 1) * sizeof *ns);
	if (ns)
		g->score = ns;
	for (uint32_t j = 0; j < m; j++)
		g->slots[j] = inst->mentor_slots[j];
	free(ge->out_n);
	free(ge);
	*out = g;
	return MATCH_OK;
fail:
	if (ge)
		free(ge->out_n);
	free(ge);
	match_graph_free(g);
	return rc;
}

int match_graph_candidates_of(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t mentee, uint32_t k,
	uint32_t *mentors, int32_t *scores)
{
	struct gen ge;
	struct worker wk;
	memset(&ge, 0, sizeof ge);
	gen_setup(&ge, inst, cfg, k);
	ge.exact_tier3 = true;
	int rc = worker_init(&wk, &ge);
	if (rc)
		return rc;
	uint8_t reason = 0;
	uint32_t n = gen_mentee(&wk, mentee, mentors, scores, &reason);
	worker_fini(&wk);
	return (int)n;
}

struct arc_sort {
	int32_t score;
	uint32_t tie;
	uint32_t mentor;
};

/* Best first, ties by tie key, as the generator orders candidates. */
static int cmp_arc(const void *a, const void *b)
{
	const struct arc_sort *x = a, *y = b;
	if (match_rank_worse(x->score, x->tie, x->mentor, y->score, y->tie, y->mentor))
		return 1;
	return match_rank_worse(y->score, y->tie, y->mentor, x->score, x->tie,
		x->mentor) ? -1 : 0;
}

#define ARC_SCORE_MAX 1000000

int match_graph_from_arcs(uint32_t n, uint32_t m, const int32_t *capacity,
	const size_t *off, const uint32_t *mentor, const int32_t *score,
	enum match_policy policy, struct match_graph **out)
{
	struct match_graph *g = NULL;
	struct arc_sort *tmp = NULL;
	uint8_t *seen = NULL;
	if (!out || (m && !capacity) || !off || n >= INT32_MAX || m >= INT32_MAX ||
	    (unsigned)policy > MATCH_POLICY_MAX_CARDINALITY || off[0] != 0)
		return MATCH_EINVAL;
	size_t e = off[n];
	if (e && (!mentor || !score))
		return MATCH_EINVAL;
	int rc = match_graph_alloc(n, m, &g);
	if (rc)
		return rc;
	match_config_default(&g->cfg);
	g->cfg.policy = policy;
	g->tie_mix = match_tie_mix(g->cfg.tie_seed);
	rc = MATCH_ENOMEM;
	g->mentor = malloc((e + 1) * sizeof *g->mentor);
	g->score = malloc((e + 1) * sizeof *g->score);
	seen = calloc((size_t)m + 1, 1);
	size_t maxdeg = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (off[i + 1] < off[i])
			goto invalid;
		if (off[i + 1] - off[i] > maxdeg)
			maxdeg = off[i + 1] - off[i];
	}
	tmp = malloc((maxdeg + 1) * sizeof *tmp);
	if (!g->mentor || !g->score || !seen || !tmp)
		goto fail;
	for (uint32_t j = 0; j < m; j++) {
		if (capacity[j] < 0 || capacity[j] > MATCH_CAPACITY_MAX)
			goto invalid;
		g->slots[j] = capacity[j];
	}
	for (uint32_t i = 0; i < n; i++) {
		size_t d = off[i + 1] - off[i];
		g->off[i] = off[i];
		for (size_t a = 0; a < d; a++) {
			uint32_t j = mentor[off[i] + a];
			int32_t s = score[off[i] + a];
			if (j >= m || seen[j] || s < 1 || s > ARC_SCORE_MAX)
				goto invalid;
			seen[j] = 1;
			tmp[a].mentor = j;
			tmp[a].score = s;
			tmp[a].tie = match_tie_key(g->tie_mix, i, j);
		}
		qsort(tmp, d, sizeof *tmp, cmp_arc);
		for (size_t a = 0; a < d; a++) {
			seen[tmp[a].mentor] = 0;
			g->mentor[off[i] + a] = tmp[a].mentor;
			g->score[off[i] + a] = tmp[a].score;
		}
		if (!d)
			g->empty_reason[i] = MATCH_UNMATCHED_NO_CANDIDATES;
	}
	g->off[n] = e;
	free(seen);
	free(tmp);
	*out = g;
	return MATCH_OK;
invalid:
	rc = MATCH_EINVAL;
fail:
	free(seen);
	free(tmp);
	match_graph_free(g);
	return rc;
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

/* Which mentors mentee i has, as stamps: one key per mentee and pass, so
 * nothing is cleared between mentees. */
static inline uint64_t stamp_key(uint32_t i, unsigned pass)
{
	return (uint64_t)i * 2 + pass + 1;
}

/* Mentee i's new arcs add[0..na) into nw, best first, leaving out those
 * to a mentor i has (old arcs om[0..d)) or that repeat; returns how many. */
static size_t new_arcs(const struct match_graph *g, uint32_t i, const uint32_t *om, size_t d,
	const struct match_arc_add *add, size_t na, uint64_t *stamp, unsigned pass,
	struct arc_rank *nw)
{
	uint64_t key = stamp_key(i, pass);
	for (size_t a = 0; a < d; a++)
		stamp[om[a]] = key;
	size_t k = 0;
	for (size_t x = 0; x < na; x++) {
		if (stamp[add[x].j] == key)
			continue;
		stamp[add[x].j] = key;
		if (nw)
			nw[k] = (struct arc_rank){ add[x].score, match_tie_key(g->tie_mix, i, add[x].j), add[x].j };
		k++;
	}
	if (nw && k > 1)
		qsort(nw, k, sizeof *nw, cmp_rank);
	return k;
}

/* Mentee i's old arcs (best first) and its new ones merged into
 * out_m/out_s, best first. Written from the back, so the output may lie
 * over the old arcs at the same place or later (add_arcs moves them in
 * place). */
static void merge_arcs(const struct match_graph *g, uint32_t i, const uint32_t *om,
	const int32_t *os, size_t d, const struct arc_rank *nw, size_t k,
	uint32_t *out_m, int32_t *out_s)
{
	size_t a = d, b = k;
	while (b > 0) {
		size_t w = a + b - 1;
		if (a > 0 && match_rank_worse(os[a - 1], match_tie_key(g->tie_mix, i, om[a - 1]),
			om[a - 1], nw[b - 1].score, nw[b - 1].tie, nw[b - 1].mentor)) {
			out_m[w] = om[a - 1];
			out_s[w] = os[a - 1];
			a--;
		} else {
			out_m[w] = nw[b - 1].mentor;
			out_s[w] = nw[b - 1].score;
			b--;
		}
	}
	memmove(out_m, om, a * sizeof *out_m);
	memmove(out_s, os, a * sizeof *out_s);
}

/* The longest run of one mentee in add[0..na). */
static size_t longest_run(const struct match_arc_add *add, size_t na)
{
	size_t most = 0;
	for (size_t x = 0, run = 0; x < na; x++) {
		run = x && add[x].i == add[x - 1].i ? run + 1 : 1;
		if (run > most)
			most = run;
	}
	return most;
}

int match_graph_with_arcs(const struct match_graph *g0,
	const struct match_arc_add *add, size_t na, struct match_graph **out)
{
	struct match_graph *g = NULL;
	struct arc_rank *nw = NULL;
	uint64_t *stamp = NULL;
	uint32_t n = g0->n;
	int rc = match_graph_alloc(n, g0->m, &g);
	if (rc)
		return rc;
	rc = MATCH_ENOMEM;
	size_t e = g0->off[n] + na;
	g->mentor = match_alloc_huge((e + 1) * sizeof *g->mentor);
	g->score = match_alloc_huge((e + 1) * sizeof *g->score);
	nw = malloc((longest_run(add, na) + 1) * sizeof *nw);
	stamp = calloc((size_t)g0->m + 1, sizeof *stamp);
	if (!g->mentor || !g->score || !nw || !stamp)
		goto fail;
	g->inst = g0->inst;
	g->cfg = g0->cfg;
	g->tie_mix = g0->tie_mix;
	g->stats = g0->stats;
	memcpy(g->slots, g0->slots, (size_t)g0->m * sizeof *g->slots);
	memcpy(g->empty_reason, g0->empty_reason, n);
	size_t at = 0, x = 0;
	for (uint32_t i = 0; i < n; i++) {
		g->off[i] = at;
		size_t d = g0->off[i + 1] - g0->off[i], from = x;
		const uint32_t *om = g0->mentor + g0->off[i];
		const int32_t *os = g0->score + g0->off[i];
		while (x < na && add[x].i == i)
			x++;
		size_t k = x > from ? new_arcs(g, i, om, d, add + from, x - from, stamp, 0, nw) : 0;
		merge_arcs(g, i, om, os, d, nw, k, g->mentor + at, g->score + at);
		if (d + k)
			g->empty_reason[i] = 0;
		at += d + k;
	}
	g->off[n] = at;
	free(nw);
	free(stamp);
	*out = g;
	return MATCH_OK;
fail:
	free(nw);
	free(stamp);
	match_graph_free(g);
	return rc;
}

int match_graph_add_arcs(struct match_graph *g, const struct match_arc_add *add, size_t na)
{
	uint32_t n = g->n;
	size_t *off = malloc(((size_t)n + 1) * sizeof *off);
	uint64_t *stamp = calloc((size_t)g->m + 1, sizeof *stamp);
	struct arc_rank *nw = malloc((longest_run(add, na) + 1) * sizeof *nw);
	if (!off || !stamp || !nw) {
		free(off);
		free(stamp);
		free(nw);
		return MATCH_ENOMEM;
	}
	/* The new offsets first: each mentee's arcs plus its new pairs. */
	size_t at = 0, x = 0;
	for (uint32_t i = 0; i < n; i++) {
		off[i] = at;
		size_t d = g->off[i + 1] - g->off[i], from = x;
		while (x < na && add[x].i == i)
			x++;
		if (x > from)
			d += new_arcs(g, i, g->mentor + g->off[i], d, add + from, x - from, stamp, 0, NULL);
		at += d;
	}
	off[n] = at;
	size_t e = at, e0 = g->off[n];
	uint32_t *mentor = e > e0 ? match_realloc_huge(g->mentor, (e + 1) * sizeof *mentor) : g->mentor;
	if (mentor)
		g->mentor = mentor;
	int32_t *score = mentor && e > e0 ? match_realloc_huge(g->score, (e + 1) * sizeof *score) : g->score;
	if (score)
		g->score = score;
	if (!mentor || !score) {
		/* g is unchanged: its arrays only grew. */
		free(off);
		free(stamp);
		free(nw);
		return MATCH_ENOMEM;
	}
	/* Then the arcs, last mentee first: every mentee's arcs move to the
	 * same place or later, so nothing is overwritten before it moves. */
	x = na;
	for (uint32_t i = n; i-- > 0;) {
		size_t to = x;
		while (x > 0 && add[x - 1].i == i)
			x--;
		size_t o = g->off[i], d = g->off[i + 1] - o;
		size_t k = to > x ? new_arcs(g, i, mentor + o, d, add + x, to - x, stamp, 1, nw) : 0;
		merge_arcs(g, i, mentor + o, score + o, d, nw, k, mentor + off[i], score + off[i]);
		if (d + k)
			g->empty_reason[i] = 0;
	}
	free(nw);
	free(stamp);
	free(g->off);
	g->off = off;
	return MATCH_OK;
}

uint32_t match_graph_mentee_count(const struct match_graph *g)
{
	return g->n;
}

uint32_t match_graph_mentor_count(const struct match_graph *g)
{
	return g->m;
}

size_t match_graph_arc_count(const struct match_graph *g)
{
	return g->off[g->n];
}

int32_t match_graph_slots(const struct match_graph *g, uint32_t mentor)
{
	return mentor < g->m ? g->slots[mentor] : 0;
}

size_t match_graph_candidates(const struct match_graph *g, uint32_t mentee,
	const uint32_t **mentors, const int32_t **scores)
{
	if (mentee >= g->n) {
		*mentors = NULL;
		*scores = NULL;
		return 0;
	}
	*mentors = g->mentor + g->off[mentee];
	*scores = g->score + g->off[mentee];
	return g->off[mentee + 1] - g->off[mentee];
}

void match_graph_stats(const struct match_graph *g, struct match_graph_stats *out)
{
	*out = g->stats;
}
